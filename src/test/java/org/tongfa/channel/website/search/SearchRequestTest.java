package org.tongfa.channel.website.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What a reader's search parameters become, and which are refused. */
class SearchRequestTest {

    @Test
    void cleansTheTextOfControlCharactersWideFormsAndExtraSpace() throws Exception {
        SearchRequest request = SearchRequest.parse("  数字化\u0000\u0007　转型\t ＡＢＣ１２ \r\n", null);

        assertThat(request.text()).isEqualTo("数字化 转型 ABC12");
        assertThat(request.page()).isEqualTo(1);
        assertThat(SearchRequest.parse(null, null).empty()).isTrue();
        assertThat(SearchRequest.parse(" \u0001 ", "2").empty()).isTrue();
    }

    @Test
    void refusesATextLongerThanAHundredCharacters() throws Exception {
        assertThat(SearchRequest.parse("字".repeat(100), null).text()).hasSize(100);
        assertThat(SearchRequest.parse("𠀀".repeat(100), null).text()).as("characters, not UTF-16 units").hasSize(200);
        assertThatThrownBy(() -> SearchRequest.parse("字".repeat(101), null)).isInstanceOf(SearchRequest.Invalid.class)
                .hasMessage("搜索词过长：最多 100 个字，请缩短后再试。");
    }

    @Test
    void acceptsPageNumbersFromOneToAHundredOnly() throws Exception {
        assertThat(SearchRequest.parse("通知", "100").page()).isEqualTo(100);
        assertThat(SearchRequest.parse("通知", " 2 ").page()).isEqualTo(2);
        for (String page : new String[] {"0", "101", "-1", "abc", "1e3", "99999999999999999999", "２", "1.5"}) {
            assertThatThrownBy(() -> SearchRequest.parse("通知", page)).as(page).isInstanceOf(SearchRequest.Invalid.class)
                    .hasMessageContaining("页码无效");
        }
    }
}
