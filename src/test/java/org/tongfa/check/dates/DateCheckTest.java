package org.tongfa.check.dates;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tongfa.check.Finding;
import org.tongfa.check.Subjects;

/** Release on 2026-12-01 10:00 Beijing time unless a case says otherwise. */
class DateCheckTest {

    private final DateCheck check = new DateCheck();

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("a date before the release passes", "会议于2026年11月30日召开。", null, List.of()),
                Arguments.of("the release day itself passes", "2026年12月1日，会议召开。", null, List.of()),
                Arguments.of("a later day in 年月日 warns", "公示期至2026年12月7日。", null, List.of("WARN body@4")),
                Arguments.of("a later day with dashes warns", "截止 2026-12-20 提交", null, List.of("WARN body@3")),
                Arguments.of("a later day with dots warns", "截至2027.01.05", null, List.of("WARN body@2")),
                Arguments.of("a later day with slashes warns", "于2026/12/02举行", null, List.of("WARN body@1")),
                Arguments.of("a slip of the year warns", "2062年12月1日印发", null, List.of("WARN body@0")),
                Arguments.of("no calendar date (2月30日) is not a date", "2027年2月30日", null, List.of()),
                Arguments.of("digits inside a longer number are no date", "编号12026-12-200", null, List.of()),
                Arguments.of("a 发布日期 before the first publication blocks",
                        "发布日期：2026年11月28日", "2026-12-01T02:00:00Z", List.of("BLOCK body@5")),
                Arguments.of("a 发布时间 on the first publication day passes",
                        "发布时间：2026-12-01", "2026-12-01T02:00:00Z", List.of()),
                Arguments.of("a 发布日期 before the release of a never-published item blocks",
                        "发布日期 2026.11.30", null, List.of("BLOCK body@5")),
                Arguments.of("an unlabelled earlier date is history, not backdating",
                        "2026年11月28日，市政府召开常务会议。", "2026-12-01T02:00:00Z", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void flagsDatesInTheBody(String name, String body, String firstPublished, List<String> expected) {
        Subjects s = Subjects.news().body(body);
        s.firstPublishedAt = firstPublished == null ? null : Instant.parse(firstPublished);

        List<Finding> found = check.check(s.build());

        assertThat(found).extracting(f -> f.verdict() + " " + f.field() + "@" + f.offset())
                .containsExactlyElementsOf(expected);
        assertThat(found).allSatisfy(f -> assertThat(f.excerpt()).isNotEmpty());
    }

    @ParameterizedTest(name = "shown {0}, first published {1}: {2}")
    @MethodSource("shownTimes")
    void theShownPublicationTimeMayNotPrecedeTheFirstPublication(String shown, String first, List<String> expected) {
        Subjects s = Subjects.news();
        s.firstPublishedAt = Instant.parse(first);
        s.displayedPublishAt = Instant.parse(shown);

        assertThat(check.check(s.build())).extracting(f -> f.verdict() + " " + f.field())
                .containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> shownTimes() {
        return Stream.of(
                // 2026-11-30 23:00 Beijing is the day before 2026-12-01 01:00 Beijing.
                Arguments.of("2026-11-30T15:00:00Z", "2026-11-30T17:00:00Z", List.of("BLOCK publishAt")),
                Arguments.of("2026-11-30T17:00:00Z", "2026-11-30T17:30:00Z", List.of()),
                Arguments.of("2026-12-03T00:00:00Z", "2026-11-30T17:30:00Z", List.of()));
    }
}
