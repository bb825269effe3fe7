package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tongfa.check.Finding;
import org.tongfa.check.Verdict;

/** A blocking finding as the API's refusal words it: where it is counts from 1, as the console does. */
class ItemChecksFieldTest {

    @Test
    void theApiCountsAFindingsPlaceFromOneAsTheConsoleDoes() {
        Finding atStart = new Finding("words", Verdict.BLOCK, "body", 0, "某某", "禁用词", "某单位");

        ItemRefusal.Field field = ItemChecks.asField(atStart);

        assertThat(field.field()).isEqualTo("body");
        assertThat(field.message()).contains("（第 1 字处：某某）").contains("；建议：某单位").startsWith("[words] ");
    }

    @Test
    void aFindingWithoutAPlaceNamesNone() {
        ItemRefusal.Field field = ItemChecks.asField(Finding.about("parts", Verdict.BLOCK, "documentNumber", "缺少发文字号"));

        assertThat(field.message()).doesNotContain("字处");
    }
}
