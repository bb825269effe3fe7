package org.tongfa.report;

import java.time.Instant;
import java.util.List;

/**
 * One year's annual report as the API shows it ({@code GET /api/v1/reports/annual/{year}}): the
 * counted figures (frozen once published, live before), what was entered, and the warnings.
 *
 * @param year the year reported on
 * @param formatVersion the template's version ({@link Format2021#VERSION})
 * @param published whether the report is published: its figures no longer change
 * @param publishedAt when it was published, or {@code null}
 * @param publishedBy who published it, or {@code null}
 * @param updatedAt when the entries were last saved, or {@code null} when nothing has been entered
 * @param updatedBy who saved them, or {@code null}
 * @param figures what Tongfa counts (sections 1 and 2, table 2a)
 * @param entries what was entered, or {@code null} when nothing has been entered
 * @param warnings cells that disagree with last year's report (this year's 二 against last year's 四)
 * @param lastYear last year's texts of sections 1, 5 and 6, to consult and not to copy (雷同 is
 *     penalised), or {@code null} when there is no report for last year
 */
public record AnnualReport(
        int year,
        String formatVersion,
        boolean published,
        Instant publishedAt,
        String publishedBy,
        Instant updatedAt,
        String updatedBy,
        KnownFigures figures,
        ReportEntries entries,
        List<ReportProblem> warnings,
        LastYear lastYear) {

    /**
     * Last year's texts, for reference.
     *
     * @param overview 一、总体情况
     * @param problems 五、存在的主要问题及改进情况
     * @param other 六、其他需要报告的事项
     */
    public record LastYear(String overview, String problems, String other) {
    }

    /** The entries, or empty ones when nothing has been entered yet. */
    public ReportEntries entriesOrEmpty() {
        return entries != null ? entries : ReportService.emptyEntries();
    }
}
