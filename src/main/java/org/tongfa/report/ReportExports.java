package org.tongfa.report;

import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import org.tongfa.config.SiteProperties;

/**
 * A year's report as files: {@code .docx} and HTML, laid out alike ({@link ReportDocument}), titled
 * with the department that runs the site ({@code tongfa.site.organiser}, else its name).
 */
@Component
public class ReportExports {

    /** The Word document's media type. */
    public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /** HTML in UTF-8. */
    public static final String HTML = "text/html;charset=UTF-8";

    /**
     * One exported file.
     *
     * @param bytes its content
     * @param mediaType its media type
     * @param fileName its name, with extension
     */
    public record ReportFile(byte[] bytes, String mediaType, String fileName) {
    }

    private final ReportService reports;
    private final SiteProperties site;

    ReportExports(ReportService reports, SiteProperties site) {
        this.reports = reports;
        this.site = site;
    }

    /** The Word document of {@code year}'s report. */
    public ReportFile docx(int year) {
        return new ReportFile(ReportDocx.write(document(year)), DOCX, fileName(year) + ".docx");
    }

    /**
     * {@code year}'s report as HTML: a standalone page, or ({@code body}) the fragment to publish as the
     * body of an item in the 信息公开年报 column.
     */
    public ReportFile html(int year, boolean body) {
        ReportDocument document = document(year);
        String html = body ? ReportHtml.body(document) : ReportHtml.page(document);
        return new ReportFile(html.getBytes(StandardCharsets.UTF_8), HTML,
                fileName(year) + (body ? "（正文）" : "") + ".html");
    }

    /** The files' name without extension, such as {@code 2025年政府信息公开工作年度报告}. */
    private static String fileName(int year) {
        return year + "年政府信息公开工作年度报告";
    }

    private ReportDocument document(int year) {
        String department = site.organiser() == null || site.organiser().isBlank() ? site.name() : site.organiser();
        return ReportDocument.of(reports.report(year), department);
    }
}
