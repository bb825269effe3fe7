package org.tongfa.report;

import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.tongfa.config.SiteProperties;

/**
 * A year's report as files: {@code .docx} and HTML, laid out alike ({@link ReportDocument}), titled
 * with the department that runs the site ({@code tongfa.site.organiser}, else its name).
 */
@Component
public class ReportExports {

    /** The Word document's media type. */
    public static final MediaType DOCX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.wordprocessingml.document");

    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

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

    /** The Word document as a download. */
    public ResponseEntity<byte[]> docxDownload(int year) {
        return ResponseEntity.ok().contentType(DOCX).header(HttpHeaders.CONTENT_DISPOSITION,
                attachment(fileName(year) + ".docx")).body(docx(year));
    }

    /** The HTML page ({@code body}: the item body) as a download. */
    public ResponseEntity<byte[]> htmlDownload(int year, boolean body) {
        return ResponseEntity.ok().contentType(HTML).header(HttpHeaders.CONTENT_DISPOSITION,
                attachment(fileName(year) + (body ? "（正文）" : "") + ".html")).body(html(year, body));
    }

    /** The HTML page ({@code body}: the item body), shown in the browser. */
    public ResponseEntity<byte[]> htmlInline(int year, boolean body) {
        return ResponseEntity.ok().contentType(HTML).body(html(year, body));
    }

    private byte[] html(int year, boolean body) {
        return (body ? htmlBody(year) : htmlPage(year)).getBytes(StandardCharsets.UTF_8);
    }

    /** A download named in UTF-8 (RFC 6266), so the Chinese name survives every browser. */
    private static String attachment(String name) {
        return ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build().toString();
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
