package org.tongfa.compliance;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.tongfa.compliance.FreshnessReport.Kind;
import org.tongfa.compliance.FreshnessReport.Risk;
import org.tongfa.compliance.FreshnessReport.Subject;
import org.tongfa.compliance.FreshnessReport.VetoRisk;
import org.tongfa.compliance.PublicationRecords.ColumnPublication;

/**
 * The rules of the assessment, on data already read: no clock, no database, so that every window and
 * every veto count is tested on plain values.
 *
 * <p>A window is half-open: a subject last updated at {@code t} with window {@code w} is OK until
 * {@code t + w - lead}, WARN from then, BREACH from {@code t + w} on ("not updated in the two weeks before
 * the check"). Months and years are calendar ones in the configured zone (Beijing time). A subject never
 * published is BREACH: "an item with no publication time counts as not updated".
 */
final class FreshnessAssessor {

    /** A configured column. */
    record ColumnSpec(String key, String name, Inspection inspection) {
    }

    private final ComplianceProperties settings;

    FreshnessAssessor(ComplianceProperties settings) {
        this.settings = settings;
    }

    /**
     * @param columns the columns in their configured order
     * @param published the columns' live items, by key (a column missing here is blank)
     * @param homePages each website channel's newest item on its home page ({@code null} value: none)
     * @param accounts each WeChat channel's newest article ({@code null} value: none)
     */
    FreshnessReport assess(Instant now, List<ColumnSpec> columns, Map<String, ColumnPublication> published,
            Map<String, Instant> homePages, Map<String, Instant> accounts) {
        List<Subject> subjects = new ArrayList<>();
        for (ColumnSpec column : columns) {
            ColumnPublication items = published.getOrDefault(column.key(), ColumnPublication.BLANK);
            boolean blank = items.liveItems() == 0;
            if (column.inspection() == Inspection.EXEMPT) {
                subjects.add(new Subject("column:" + column.key(), Kind.COLUMN, column.key(), column.name(),
                        column.inspection(), items.latestFirstPublication(), null, null, FreshnessStatus.EXEMPT, blank));
            } else {
                subjects.add(subject("column:" + column.key(), Kind.COLUMN, column.key(), column.name(), column.inspection(),
                        items.latestFirstPublication(), settings.windows().of(column.inspection()), now, blank));
            }
        }
        homePages.forEach((channel, latest) -> subjects.add(subject("home:" + channel, Kind.HOME_PAGE, channel,
                channel, null, latest, settings.windows().homePage(), now, false)));
        accounts.forEach((channel, latest) -> subjects.add(subject("wechat:" + channel, Kind.WECHAT, channel,
                channel, null, latest, settings.windows().wechat(), now, false)));

        int blank = (int) subjects.stream().filter(Subject::blank).count();
        ComplianceProperties.Vetoes thresholds = settings.vetoes();
        List<VetoRisk> vetoes = List.of(
                risk(Risk.OVERDUE_COLUMNS, subjects, s -> s.kind() == Kind.COLUMN
                        && (s.inspection() == Inspection.DYNAMIC || s.inspection() == Inspection.NOTICE_POLICY),
                        thresholds.overdueColumns()),
                risk(Risk.LONG_STALE_COLUMNS, subjects, s -> s.kind() == Kind.COLUMN
                        && s.inspection() == Inspection.PLANNING_PERSONNEL, thresholds.longStaleColumns()),
                // A blank column is blank now or never: it has no "soon".
                new VetoRisk(Risk.BLANK_COLUMNS, blank, blank, thresholds.blankColumns(),
                        blank >= thresholds.blankColumns() ? FreshnessStatus.BREACH : FreshnessStatus.OK),
                risk(Risk.HOME_PAGE_NOT_UPDATED, subjects, s -> s.kind() == Kind.HOME_PAGE, 1),
                risk(Risk.WECHAT_NOT_UPDATED, subjects, s -> s.kind() == Kind.WECHAT, 1));
        return new FreshnessReport(now, List.copyOf(subjects), blank, vetoes);
    }

    private Subject subject(String id, Kind kind, String key, String name, Inspection inspection, Instant last,
            Period window, Instant now, boolean blank) {
        if (last == null) {
            return new Subject(id, kind, key, name, inspection, null, null, null, FreshnessStatus.BREACH, blank);
        }
        ZoneId zone = settings.timeZone();
        ZonedDateTime deadline = last.atZone(zone).plus(window);
        Instant warnFrom = deadline.minus(settings.leadTime()).toInstant();
        FreshnessStatus status = !now.isBefore(deadline.toInstant()) ? FreshnessStatus.BREACH
                : !now.isBefore(warnFrom) ? FreshnessStatus.WARN : FreshnessStatus.OK;
        long daysLeft = Math.floorDiv(Duration.between(now, deadline.toInstant()).getSeconds(), 86_400L);
        return new Subject(id, kind, key, name, inspection, last, deadline.toInstant(), daysLeft, status, blank);
    }

    private static VetoRisk risk(Risk risk, List<Subject> subjects, Predicate<Subject> counted, int threshold) {
        int count = (int) subjects.stream().filter(counted).filter(s -> s.status() == FreshnessStatus.BREACH).count();
        int soon = (int) subjects.stream().filter(counted)
                .filter(s -> s.status() == FreshnessStatus.BREACH || s.status() == FreshnessStatus.WARN).count();
        FreshnessStatus status = count >= threshold ? FreshnessStatus.BREACH
                : soon >= threshold ? FreshnessStatus.WARN : FreshnessStatus.OK;
        return new VetoRisk(risk, count, soon, threshold, status);
    }
}
