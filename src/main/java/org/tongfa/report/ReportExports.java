package org.tongfa.report;

import org.springframework.stereotype.Component;
import org.tongfa.config.SiteProperties;

/**
 * A year's report as files: {@code .docx} and HTML, laid out alike ({@link ReportDocument}), titled
 * with the department that runs the site ({@code tongfa.site.organiser}, else its name).
 */
@Component
public class ReportExports {

    private final ReportService reports;
    private final SiteProperties site;

    ReportExports(ReportService reports, SiteProperties site) {
        this.reports = reports;
        this.site = site;
    }

    /** The Word document of {@code year}'s report. */
    public byte[] docx(int year) {
        return ReportDocx.write(document(year));
    }

    /** The standalone HTML page of {@code year}'s report. */
    public String htmlPage(int year) {
        return ReportHtml.page(document(year));
    }

    /** The HTML to publish as the body of an item in the 信息公开年报 column. */
    public String htmlBody(int year) {
        return ReportHtml.body(document(year));
    }

    /** The files' name without extension, such as {@code 2025年政府信息公开工作年度报告}. */
    public String fileName(int year) {
        return year + "年政府信息公开工作年度报告";
    }

    private ReportDocument document(int year) {
        String department = site.organiser() == null || site.organiser().isBlank() ? site.name() : site.organiser();
        return ReportDocument.of(reports.report(year), department);
    }
}
