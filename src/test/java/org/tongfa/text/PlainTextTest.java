package org.tongfa.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one text rule: what input may hold, and what renderers remove from stored text. */
class PlainTextTest {

    record Inner(String title, @MultiLine String summary) {
    }

    record Request(String title, @MultiLine String body, List<String> tags, Map<String, Inner> overrides,
            Inner disclosure, List<Inner> related, int count) {
    }

    @Test
    void refusesControlCharactersSurrogatesAndNoncharactersNamingThePosition() {
        assertThat(PlainText.problem("标题\u0001", false)).hasValueSatisfying(m ->
                assertThat(m).contains("control character U+0001", "character 3"));
        assertThat(PlainText.problem("a\u000bb", true)).hasValueSatisfying(m -> assertThat(m).contains("U+000B"));
        assertThat(PlainText.problem("a\u0085", true)).hasValueSatisfying(m -> assertThat(m).contains("U+0085"));
        assertThat(PlainText.problem("a\u007f", true)).isPresent();
        assertThat(PlainText.problem("a\ud800b", true)).hasValueSatisfying(m -> assertThat(m).contains("unpaired", "U+D800"));
        assertThat(PlainText.problem("a\udc00", true)).isPresent();
        assertThat(PlainText.problem("\ud800", true)).isPresent();
        assertThat(PlainText.problem("😀\ufffe", true)).hasValueSatisfying(m ->
                assertThat(m).contains("noncharacter U+FFFE", "character 2"));
        assertThat(PlainText.problem("\uffff", true)).isPresent();
        assertThat(PlainText.problem("\ufdd0", true)).isPresent();
        assertThat(PlainText.problem(new String(Character.toChars(0x10ffff)), true)).isPresent();
    }

    @Test
    void tabsAndLineBreaksOnlyWhereATextHasLines() {
        for (String breaking : List.of("\t", "\n", "\r", "\u2028", "\u2029")) {
            assertThat(PlainText.problem("一" + breaking + "二", false)).as(breaking).hasValueSatisfying(m ->
                    assertThat(m).contains("one line"));
            assertThat(PlainText.problem("一" + breaking + "二", true)).as(breaking).isEmpty();
        }
    }

    @Test
    void emojiBidiMarksZeroWidthAndMarkupAreOrdinaryText() {
        assertThat(PlainText.problem("😀👨\u200d👩\u200d👧𠀀\u202e\u200f\u200b\ufeff<&>]]>'\"\u00a0", false)).isEmpty();
    }

    @Test
    void walksEveryStringOfARequestAndNamesItsPath() {
        Request request = new Request("a\u0001", "line\nline\u0002", List.of("ok", "b\u0003"),
                Map.of("site\u0004", new Inner("c\u0005", "ok\n")), new Inner("ok", "d\u0006"),
                List.of(new Inner("ok", "ok"), new Inner("e\n", "ok")), 7);

        assertThat(PlainText.problems(request)).extracting(PlainText.Problem::field).containsExactly(
                "title", "body", "tags[1]", "overrides", "overrides.site\u0004.title", "disclosure.summary",
                "related[1].title");
        assertThat(PlainText.problems(new Request("ok", "a\r\nb\tc", List.of(), Map.of(), null, null, 0))).isEmpty();
    }

    @Test
    void cleaningRemovesWhatInputRefusesAndKeepsTheRest() {
        assertThat(PlainText.clean("标\u0001题\u000b\ufffe\ud800含\udc00😀\u0085\n\t")).isEqualTo("标题含😀\n\t");
        String fine = "正常😀<&>";
        assertThat(PlainText.clean(fine)).isSameAs(fine);
        assertThat(PlainText.clean((String) null)).isNull();
        assertThat(PlainText.clean(List.of("a\u0001", "b"))).containsExactly("a", "b");
        assertThat(PlainText.clean((List<String>) null)).isEmpty();
    }
}
