package org.tongfa.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tongfa.compliance.FreshnessAssessor.ColumnSpec;
import org.tongfa.compliance.FreshnessReport.Risk;
import org.tongfa.compliance.FreshnessReport.Subject;
import org.tongfa.compliance.FreshnessReport.VetoRisk;
import org.tongfa.compliance.PublicationRecords.ColumnPublication;
import org.tongfa.support.TestSettings;

/** Every window and every veto count, on values and an explicit instant (the clock the service injects). */
class FreshnessAssessorTest {

    /** 2026-06-01 00:00 Beijing time: month and year windows end on calendar dates in that zone. */
    private static final Instant LAST = OffsetDateTime.parse("2026-06-01T00:00:00+08:00").toInstant();

    static ComplianceProperties settings(Map<String, String> properties) {
        return TestSettings.binder(properties).bind("tongfa.compliance", ComplianceProperties.class);
    }

    private static final FreshnessAssessor DEFAULTS = new FreshnessAssessor(settings(Map.of()));

    private static Instant at(String beijing) {
        return OffsetDateTime.parse(beijing + "+08:00").toInstant();
    }

    static Stream<Arguments> windows() {
        // kind, inspection, now (Beijing), status, days left
        return Stream.of(
                // dynamic (动态、要闻): 14 days, so deadline 06-15 00:00, WARN from 06-11 00:00
                Arguments.of("column", Inspection.DYNAMIC, "2026-06-01T00:00:00", FreshnessStatus.OK, 14L),
                Arguments.of("column", Inspection.DYNAMIC, "2026-06-10T23:59:59", FreshnessStatus.OK, 4L),
                Arguments.of("column", Inspection.DYNAMIC, "2026-06-11T00:00:00", FreshnessStatus.WARN, 4L),
                Arguments.of("column", Inspection.DYNAMIC, "2026-06-14T23:59:59", FreshnessStatus.WARN, 0L),
                Arguments.of("column", Inspection.DYNAMIC, "2026-06-15T00:00:00", FreshnessStatus.BREACH, 0L),
                Arguments.of("column", Inspection.DYNAMIC, "2026-06-15T00:00:01", FreshnessStatus.BREACH, -1L),
                // notices and policies (通知公告、政策文件): six calendar months, deadline 12-01 00:00
                Arguments.of("column", Inspection.NOTICE_POLICY, "2026-11-26T23:59:59", FreshnessStatus.OK, 4L),
                Arguments.of("column", Inspection.NOTICE_POLICY, "2026-11-27T00:00:00", FreshnessStatus.WARN, 4L),
                Arguments.of("column", Inspection.NOTICE_POLICY, "2026-11-30T23:59:59", FreshnessStatus.WARN, 0L),
                Arguments.of("column", Inspection.NOTICE_POLICY, "2026-12-01T00:00:00", FreshnessStatus.BREACH, 0L),
                // planning and personnel (规划计划、人事): one year, deadline 2027-06-01 00:00
                Arguments.of("column", Inspection.PLANNING_PERSONNEL, "2027-05-27T23:59:59", FreshnessStatus.OK, 4L),
                Arguments.of("column", Inspection.PLANNING_PERSONNEL, "2027-05-28T00:00:00", FreshnessStatus.WARN, 4L),
                Arguments.of("column", Inspection.PLANNING_PERSONNEL, "2027-06-01T00:00:00", FreshnessStatus.BREACH, 0L),
                // the home page and a WeChat account: 14 days
                Arguments.of("home", null, "2026-06-10T23:59:59", FreshnessStatus.OK, 4L),
                Arguments.of("home", null, "2026-06-11T00:00:00", FreshnessStatus.WARN, 4L),
                Arguments.of("home", null, "2026-06-15T00:00:00", FreshnessStatus.BREACH, 0L),
                Arguments.of("wechat", null, "2026-06-10T23:59:59", FreshnessStatus.OK, 4L),
                Arguments.of("wechat", null, "2026-06-11T00:00:00", FreshnessStatus.WARN, 4L),
                Arguments.of("wechat", null, "2026-06-15T00:00:00", FreshnessStatus.BREACH, 0L));
    }

    @ParameterizedTest(name = "{0} {1} at {2}: {3}, {4} days left")
    @MethodSource("windows")
    void eachWindowTurnsWarnWithinTheLeadTimeAndBreachWhenItCloses(String kind, Inspection inspection, String now,
            FreshnessStatus status, long daysLeft) {
        Subject subject = only(DEFAULTS, kind, inspection, LAST, at(now));
        assertThat(subject.status()).isEqualTo(status);
        assertThat(subject.daysLeft()).isEqualTo(daysLeft);
        assertThat(subject.lastFirstPublication()).isEqualTo(LAST);
    }

    @ParameterizedTest(name = "{0} never published: BREACH")
    @MethodSource("kinds")
    void aSubjectNeverPublishedIsInBreach(String kind) {
        Subject subject = only(DEFAULTS, kind, Inspection.DYNAMIC, null, LAST);
        assertThat(subject.status()).isEqualTo(FreshnessStatus.BREACH);
        assertThat(subject.deadline()).isNull();
        assertThat(subject.daysLeft()).isNull();
    }

    static Stream<String> kinds() {
        return Stream.of("column", "home", "wechat");
    }

    @Test
    void windowsAndLeadTimeFollowTheConfiguration() {
        // A city rule: an update every 10 days, warned 2 days ahead.
        FreshnessAssessor local = new FreshnessAssessor(settings(Map.of("tongfa.compliance.windows.dynamic", "10d",
                "tongfa.compliance.windows.wechat", "7d", "tongfa.compliance.lead-time", "2d")));
        assertThat(only(local, "column", Inspection.DYNAMIC, LAST, at("2026-06-08T23:59:59")).status()).isEqualTo(FreshnessStatus.OK);
        assertThat(only(local, "column", Inspection.DYNAMIC, LAST, at("2026-06-09T00:00:00")).status()).isEqualTo(FreshnessStatus.WARN);
        assertThat(only(local, "column", Inspection.DYNAMIC, LAST, at("2026-06-11T00:00:00")).status()).isEqualTo(FreshnessStatus.BREACH);
        assertThat(only(local, "wechat", null, LAST, at("2026-06-08T00:00:00")).status()).isEqualTo(FreshnessStatus.BREACH);
    }

    @Test
    void anExemptColumnIsNotWatchedButCountsWhenBlank() {
        FreshnessReport report = DEFAULTS.assess(LAST.plus(Duration.ofDays(400)),
                List.of(new ColumnSpec("about", "机构职能", Inspection.EXEMPT)), Map.of(), Map.of(), Map.of());
        assertThat(report.subjects().get(0).status()).isEqualTo(FreshnessStatus.EXEMPT);
        assertThat(report.subjects().get(0).blank()).isTrue();
        assertThat(report.blankColumns()).isEqualTo(1);
        assertThat(report.attention()).isEmpty();
    }

    static Stream<Arguments> vetoes() {
        // risk, subjects past their window (for BLANK_COLUMNS: blank columns), subjects within the lead time, status
        return Stream.of(
                Arguments.of(Risk.OVERDUE_COLUMNS, 4, 0, FreshnessStatus.OK),
                Arguments.of(Risk.OVERDUE_COLUMNS, 4, 1, FreshnessStatus.WARN),
                Arguments.of(Risk.OVERDUE_COLUMNS, 5, 0, FreshnessStatus.BREACH),
                Arguments.of(Risk.LONG_STALE_COLUMNS, 9, 0, FreshnessStatus.OK),
                Arguments.of(Risk.LONG_STALE_COLUMNS, 9, 1, FreshnessStatus.WARN),
                Arguments.of(Risk.LONG_STALE_COLUMNS, 10, 0, FreshnessStatus.BREACH),
                Arguments.of(Risk.BLANK_COLUMNS, 4, 0, FreshnessStatus.OK),
                Arguments.of(Risk.BLANK_COLUMNS, 5, 0, FreshnessStatus.BREACH),
                Arguments.of(Risk.HOME_PAGE_NOT_UPDATED, 0, 0, FreshnessStatus.OK),
                Arguments.of(Risk.HOME_PAGE_NOT_UPDATED, 0, 1, FreshnessStatus.WARN),
                Arguments.of(Risk.HOME_PAGE_NOT_UPDATED, 1, 0, FreshnessStatus.BREACH),
                Arguments.of(Risk.WECHAT_NOT_UPDATED, 0, 0, FreshnessStatus.OK),
                Arguments.of(Risk.WECHAT_NOT_UPDATED, 0, 1, FreshnessStatus.WARN),
                Arguments.of(Risk.WECHAT_NOT_UPDATED, 1, 0, FreshnessStatus.BREACH));
    }

    @ParameterizedTest(name = "{0}: {1} past the window, {2} within the lead time: {3}")
    @MethodSource("vetoes")
    void vetoRisksCountTheSubjectsPastTheirWindow(Risk risk, int breaching, int warning, FreshnessStatus status) {
        Instant now = LAST.plus(Duration.ofDays(400));
        List<ColumnSpec> columns = new ArrayList<>();
        Map<String, ColumnPublication> published = new HashMap<>();
        Map<String, Instant> homes = new LinkedHashMap<>();
        Map<String, Instant> accounts = new LinkedHashMap<>();
        // Fresh subjects of every kind beside, which must never count.
        for (Inspection inspection : List.of(Inspection.DYNAMIC, Inspection.NOTICE_POLICY, Inspection.PLANNING_PERSONNEL)) {
            String key = "fresh-" + inspection.key();
            columns.add(new ColumnSpec(key, key, inspection));
            published.put(key, new ColumnPublication(now.minus(Duration.ofDays(1)), 3));
        }
        homes.put("fresh-site", now.minus(Duration.ofDays(1)));
        accounts.put("fresh-gzh", now.minus(Duration.ofDays(1)));
        for (int i = 0; i < breaching + warning; i++) {
            boolean breach = i < breaching;
            // 400 days old is past every window; a day inside the lead time is WARN.
            switch (risk) {
                case OVERDUE_COLUMNS, LONG_STALE_COLUMNS -> {
                    Inspection inspection = risk == Risk.LONG_STALE_COLUMNS ? Inspection.PLANNING_PERSONNEL
                            : i % 2 == 0 ? Inspection.DYNAMIC : Inspection.NOTICE_POLICY;
                    String key = "c" + i;
                    columns.add(new ColumnSpec(key, key, inspection));
                    Instant last = breach ? now.minus(Duration.ofDays(400))
                            : OffsetDateTime.ofInstant(now, DEFAULTS_ZONE).minus(DEFAULT.windows().of(inspection))
                                    .plusDays(1).toInstant();
                    published.put(key, new ColumnPublication(last, 1));
                }
                case BLANK_COLUMNS -> columns.add(new ColumnSpec("b" + i, "b" + i, i % 2 == 0 ? Inspection.EXEMPT : Inspection.DYNAMIC));
                case HOME_PAGE_NOT_UPDATED -> homes.put("site" + i, breach ? now.minus(Duration.ofDays(15)) : now.minus(Duration.ofDays(12)));
                case WECHAT_NOT_UPDATED -> accounts.put("gzh" + i, breach ? now.minus(Duration.ofDays(15)) : now.minus(Duration.ofDays(12)));
            }
        }
        FreshnessReport report = DEFAULTS.assess(now, columns, published, homes, accounts);
        VetoRisk veto = report.vetoes().stream().filter(v -> v.risk() == risk).findFirst().orElseThrow();
        assertThat(veto.status()).isEqualTo(status);
        assertThat(veto.count()).isEqualTo(breaching);
        assertThat(veto.soon()).isEqualTo(breaching + warning);
        // Nothing else is raised by the fresh subjects.
        assertThat(report.vetoes()).filteredOn(v -> v.risk() != risk && v.risk() != Risk.BLANK_COLUMNS
                        && !(risk == Risk.BLANK_COLUMNS && v.risk() == Risk.OVERDUE_COLUMNS))
                .allMatch(v -> v.status() == FreshnessStatus.OK);
    }

    @Test
    void vetoThresholdsFollowTheConfiguration() {
        FreshnessAssessor strict = new FreshnessAssessor(settings(Map.of("tongfa.compliance.vetoes.blank-columns", "2")));
        FreshnessReport report = strict.assess(LAST, List.of(new ColumnSpec("a", "a", Inspection.EXEMPT),
                new ColumnSpec("b", "b", Inspection.EXEMPT)), Map.of(), Map.of(), Map.of());
        assertThat(report.vetoes()).filteredOn(v -> v.risk() == Risk.BLANK_COLUMNS)
                .singleElement().extracting(VetoRisk::status).isEqualTo(FreshnessStatus.BREACH);
    }

    private static final ComplianceProperties DEFAULT = settings(Map.of());
    private static final java.time.ZoneId DEFAULTS_ZONE = DEFAULT.timeZone();

    /** The one subject of a report about one column, home page or account last updated at {@code last}. */
    private static Subject only(FreshnessAssessor assessor, String kind, Inspection inspection, Instant last, Instant now) {
        Map<String, Instant> homes = new LinkedHashMap<>();
        Map<String, Instant> accounts = new LinkedHashMap<>();
        List<ColumnSpec> columns = new ArrayList<>();
        Map<String, ColumnPublication> published = new HashMap<>();
        switch (kind) {
            case "column" -> {
                columns.add(new ColumnSpec("news", "工作动态", inspection));
                if (last != null) {
                    published.put("news", new ColumnPublication(last, 1));
                }
            }
            case "home" -> homes.put("website", last);
            default -> accounts.put("gzh", last);
        }
        List<Subject> subjects = assessor.assess(now, columns, published, homes, accounts).subjects();
        assertThat(subjects).hasSize(1);
        return subjects.get(0);
    }
}
