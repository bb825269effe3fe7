package org.tongfa.check.personal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tongfa.check.Finding;
import org.tongfa.check.TextField;
import org.tongfa.check.Verdict;
import org.tongfa.check.personal.PersonalDataProperties.Policies;

class PersonalDataCheckTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T08:00:00Z"), ZoneId.of("Asia/Shanghai"));

    private final PersonalDataCheck standard = new PersonalDataCheck(new PersonalDataProperties(null, null), CLOCK);

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = ';', value = {
        // text; verdict under the default policy (empty: nothing found); offset; masked suggestion
        "身份证号440802199001011238。;BLOCK;4;440802********1238",
        "身份证号11010519491231002X;BLOCK;4;110105********002X",
        "身份证号11010519491231002x;BLOCK;4;110105********002X",
        "身份证号４４０８０２１９９００１０１１２３８;BLOCK;4;440802********1238",
        // wrong check digit
        "身份证号440802199001011239;;;",
        // valid check digit, but born in 2030 or in month 13
        "身份证号440802203001011237;;;",
        "身份证号440802199013011235;;;",
        // inside a longer run of digits, or next to an X
        "编号1440802199001011238;;;",
        "编号440802199001011238X;;;",
        "编号11010519491231002X5;;;",
        "编号X11010519491231002X;;;",
        // masked forms never match
        "身份证号440802********1238;;;",
        "身份证号*440802199001011238;;;",
        // the old 15-digit numbers: a plausible date (yyMMdd, 19yy)
        "旧证号440802900101123;BLOCK;3;440802*****1123",
        "旧证号440802901301123;;;",
        // mobiles, with and without +86 and separators
        "联系电话13812345678;WARN;4;138****5678",
        "电话：138-1234-5678;WARN;3;138****5678",
        "电话：138 1234 5678。;WARN;3;138****5678",
        "电话：+86 13812345678;WARN;3;138****5678",
        "电话：8613812345678;WARN;3;138****5678",
        "电话：１３８１２３４５６７８;WARN;3;138****5678",
        "电话：138-12345678;WARN;3;138****5678",
        "电话：+86-138-1234-5678;WARN;3;138****5678",
        "电话：0086 13812345678;WARN;3;138****5678",
        "电话：020 13812345678;WARN;7;138****5678",
        "电话：138 1234 56789;;;",
        "电话：12812345678;;;",
        "订单号213812345678;;;",
        "订单号138123456789;;;",
        "电话138****5678;;;",
        // bank cards: 16 to 19 digits passing the Luhn check
        "卡号6217001234567893;BLOCK;2;621700******7893",
        "卡号6222021234567890128;BLOCK;2;622202*********0128",
        "卡号6222 0212 3456 7890 128;BLOCK;2;622202*********0128",
        "卡号6217001234567894;;;",
        "卡号62170012345678930;;;",
        "卡号621700******7893;;;",
        // an ordinary number in a government text
        "2026年12月2日，全市完成投资1234567万元，电话020-83123456;;;",
    })
    void findsFullNumbersOnlyAndSuggestsTheMaskedForm(String text, Verdict verdict, Integer offset, String masked) {
        List<Finding> findings = standard.scan("news", List.of(new TextField("body", text)));

        if (verdict == null) {
            assertThat(findings).isEmpty();
        } else {
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.check()).isEqualTo("personal-data");
                assertThat(f.field()).isEqualTo("body");
                assertThat(f.verdict()).isEqualTo(verdict);
                assertThat(f.offset()).isEqualTo(offset);
                assertThat(f.suggestion()).isEqualTo(masked);
                assertThat(f.excerpt()).contains(masked);
            });
        }
    }

    @Test
    void neverRepeatsTheFullNumberInTheExcerptOrMessage() {
        String text = "公示名单：张三，身份证号440802199001011238，联系电话13812345678，特此公示。";

        List<Finding> findings = standard.scan("news", List.of(new TextField("body", text)));

        assertThat(findings).extracting(Finding::excerpt)
                .containsExactly("名单：张三，身份证号440802********1238，联系电话*****",
                        "*****，联系电话138****5678，特此公示。");
        assertThat(findings.get(0).message()).isEqualTo("个人信息：含完整的身份证号码，公开前请遮盖为“440802********1238”或删除");
        assertThat(findings).extracting(Finding::message).noneMatch(m -> m.contains("440802199001011238"));
    }

    @Test
    void appliesThePolicyOfTheItemsColumn() {
        PersonalDataProperties properties = new PersonalDataProperties(
                new Policies(Policy.WARN, null, null),
                Map.of("notices", new Policies(null, Policy.ALLOW, Policy.WARN),
                        "jobs", new Policies(Policy.BLOCK, Policy.BLOCK, null)));
        PersonalDataCheck check = new PersonalDataCheck(properties, CLOCK);
        List<TextField> text = List.of(new TextField("title", "440802199001011238"),
                new TextField("body", "13812345678 6217001234567893"));

        assertThat(check.scan("news", text)).extracting(Finding::field, Finding::verdict).containsExactly(
                org.assertj.core.groups.Tuple.tuple("title", Verdict.WARN),
                org.assertj.core.groups.Tuple.tuple("body", Verdict.WARN),
                org.assertj.core.groups.Tuple.tuple("body", Verdict.BLOCK));
        assertThat(check.scan("notices", text)).extracting(Finding::field, Finding::verdict).containsExactly(
                org.assertj.core.groups.Tuple.tuple("title", Verdict.WARN),
                org.assertj.core.groups.Tuple.tuple("body", Verdict.WARN));
        assertThat(check.scan("jobs", text)).extracting(Finding::verdict)
                .containsExactly(Verdict.BLOCK, Verdict.BLOCK, Verdict.BLOCK);
        assertThat(check.scan(null, text)).extracting(Finding::verdict)
                .containsExactly(Verdict.WARN, Verdict.WARN, Verdict.BLOCK);
    }

    @Test
    void findsSeveralNumbersOfOneFieldInOffsetOrder() {
        String text = "卡号6217001234567893，电话13812345678，证号440802199001011238";

        assertThat(standard.scan("news", List.of(new TextField("body", text))))
                .extracting(Finding::offset, Finding::suggestion).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, "621700******7893"),
                        org.assertj.core.groups.Tuple.tuple(text.indexOf("138"), "138****5678"),
                        org.assertj.core.groups.Tuple.tuple(text.indexOf("4408"), "440802********1238"));
    }
}
