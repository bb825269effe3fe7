package org.tongfa.report;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tongfa.common.BeijingTime;
import org.tongfa.report.Format2021.Line;
import org.tongfa.report.ReportChecks.Outcome;
import org.tongfa.report.ReportStore.Stored;
import org.tongfa.text.PlainText;

/**
 * The annual reports: read one year's (counted figures and entries), save the entries once the
 * template's checks pass, and publish, which freezes the counted figures. A report covers a year that
 * has begun; the first is 2008, when the 政府信息公开条例 took effect. Who may do what is declared in
 * {@code AccessRules}: reading by reviewers, signers, operators and administrators, entering and
 * publishing by signers and administrators.
 */
@Service
public class ReportService {

    /** The first year a report can cover: the 条例 took effect on 1 May 2008. */
    static final int FIRST_YEAR = 2008;

    private static final Logger log = LoggerFactory.getLogger(ReportService.class);

    private final ReportStore store;
    private final ReportQueries queries;
    private final Clock clock;

    ReportService(ReportStore store, ReportQueries queries, Clock clock) {
        this.store = store;
        this.queries = queries;
        this.clock = clock;
    }

    /** {@code year}'s report: stored figures once published, else counted now. */
    @Transactional(readOnly = true)
    public AnnualReport report(int year) {
        checkYear(year);
        Optional<Stored> stored = store.find(year, Format2021.VERSION);
        Optional<Stored> lastYear = store.find(year - 1, Format2021.VERSION);
        KnownFigures figures = stored.map(Stored::figures).orElse(null);
        if (figures == null) {
            figures = queries.figures(year);
        }
        ReportEntries entries = stored.map(Stored::entries).orElse(null);
        List<ReportProblem> warnings = entries == null ? List.of()
                : ReportChecks.check(entries, lastYear.map(Stored::entries).orElse(null)).warnings();
        return new AnnualReport(year, Format2021.VERSION, stored.map(s -> s.publishedAt() != null).orElse(false),
                stored.map(Stored::publishedAt).orElse(null), stored.map(Stored::publishedBy).orElse(null),
                stored.map(Stored::updatedAt).orElse(null), stored.map(Stored::updatedBy).orElse(null), figures,
                entries, warnings, lastYear.map(s -> new AnnualReport.LastYear(s.entries().overview(),
                        s.entries().problems(), s.entries().other())).orElse(null));
    }

    /**
     * Saves {@code entries} as {@code year}'s, once every check passes.
     *
     * @throws ReportRefusal naming each cell at fault, or NOT_ALLOWED when the report is published
     */
    @Transactional
    public AnnualReport save(int year, ReportEntries entries, String by) {
        checkYear(year);
        List<ReportProblem> text = new ArrayList<>();
        PlainText.problems(entries).forEach(p -> text.add(new ReportProblem(p.field(), p.message(),
                "含有无法发布的字符：" + p.message())));
        if (!text.isEmpty()) {
            throw ReportRefusal.cells(ReportRefusal.Kind.INVALID, text);
        }
        Outcome outcome = ReportChecks.check(entries,
                store.find(year - 1, Format2021.VERSION).map(Stored::entries).orElse(null));
        if (!outcome.shape().isEmpty()) {
            throw ReportRefusal.cells(ReportRefusal.Kind.INVALID, outcome.shape());
        }
        if (!outcome.sums().isEmpty()) {
            throw ReportRefusal.cells(ReportRefusal.Kind.SUMS_DISAGREE, outcome.sums());
        }
        if (!store.saveEntries(year, Format2021.VERSION, entries, clock.instant(), by)) {
            throw published(year);
        }
        log.info("Annual report {} saved by {}", year, by);
        return report(year);
    }

    /**
     * Publishes {@code year}'s report: its counted figures are stored as they are now and never counted
     * again.
     *
     * @throws ReportRefusal NOT_ALLOWED when nothing has been entered or it is already published
     */
    @Transactional
    public AnnualReport publish(int year, String by) {
        checkYear(year);
        Stored stored = store.find(year, Format2021.VERSION).orElseThrow(() -> ReportRefusal.notAllowed(
                "nothing has been entered for " + year + ": save the report's tables first", "尚未填报，不能公开：请先保存报告。"));
        if (stored.publishedAt() != null || !store.publish(year, Format2021.VERSION, queries.figures(year),
                clock.instant(), by)) {
            throw published(year);
        }
        log.info("Annual report {} published by {}", year, by);
        return report(year);
    }

    /**
     * The year whose report is due and not yet published: last year's, from 1 January (Beijing time)
     * on, until it is published (条例 Article 49: by 31 January).
     */
    @Transactional(readOnly = true)
    public Optional<Integer> due() {
        int year = LocalDate.ofInstant(clock.instant(), BeijingTime.ZONE).getYear() - 1;
        boolean published = store.find(year, Format2021.VERSION).map(s -> s.publishedAt() != null).orElse(false);
        return published ? Optional.empty() : Optional.of(year);
    }

    /** The current year in Beijing: the newest a report can cover. */
    public int currentYear() {
        return LocalDate.ofInstant(clock.instant(), BeijingTime.ZONE).getYear();
    }

    private void checkYear(int year) {
        int current = currentYear();
        if (year < FIRST_YEAR || year > current) {
            throw ReportRefusal.cells(ReportRefusal.Kind.INVALID, List.of(new ReportProblem("year", "must be between "
                    + FIRST_YEAR + " and " + current + " (a report covers a year that has begun, since the 条例 took effect)",
                    "年度应在 " + FIRST_YEAR + " 至 " + current + " 之间")));
        }
    }

    private static ReportRefusal published(int year) {
        return ReportRefusal.notAllowed("the report for " + year + " is published: its numbers no longer change",
                "本年度报告已公开，数字不再更改。");
    }

    /** Entries with every cell 0 and no text: what a new report starts from. */
    static ReportEntries emptyEntries() {
        return new ReportEntries("", 0, 0, 0, BigDecimal.ZERO, zeros(Format2021.REQUEST_ROWS, 7),
                zeros(Format2021.APPEAL_GROUPS, 5), "", "");
    }

    private static Map<String, List<Long>> zeros(List<Line> rows, int columns) {
        Map<String, List<Long>> table = new LinkedHashMap<>();
        rows.forEach(r -> table.put(r.key(), LongStream.range(0, columns).map(i -> 0).boxed().toList()));
        return table;
    }
}
