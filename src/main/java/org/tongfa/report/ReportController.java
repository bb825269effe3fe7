package org.tongfa.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tongfa.security.Caller;

/**
 * The annual report API (政府信息公开工作年度报告): read a year's report, enter what Tongfa cannot
 * count, publish (freezing the counted figures), and export as {@code .docx} or HTML.
 */
@RestController
@Tag(name = "Annual report")
@RequestMapping(path = "/api/v1/reports/annual/{year}")
public class ReportController {

    private final ReportService reports;
    private final ReportExports exports;

    ReportController(ReportService reports, ReportExports exports) {
        this.reports = reports;
        this.exports = exports;
    }

    @Operation(summary = "A year's report: counted figures (frozen once published), entries and warnings")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    AnnualReport get(@PathVariable int year) {
        return reports.report(year);
    }

    @Operation(summary = "Enter what Tongfa cannot count; 400 or 422 naming each cell whose check fails")
    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    AnnualReport put(@PathVariable int year, @Valid @RequestBody ReportEntries entries,
            @AuthenticationPrincipal Caller caller) {
        return reports.save(year, entries, caller.login());
    }

    @Operation(summary = "Publish: the counted figures are stored and no longer change; the entries neither")
    @PostMapping(path = "/publish", produces = MediaType.APPLICATION_JSON_VALUE)
    AnnualReport publish(@PathVariable int year, @AuthenticationPrincipal Caller caller) {
        return reports.publish(year, caller.login());
    }

    @Operation(summary = "The report as a Word document, tables in the template's order")
    @GetMapping("/docx")
    ResponseEntity<byte[]> docx(@PathVariable int year) {
        return download(exports.docx(year));
    }

    @Operation(summary = "The report as an HTML page; ?body gives the fragment to publish as an item")
    @GetMapping("/html")
    ResponseEntity<byte[]> html(@PathVariable int year, @RequestParam(required = false) String body) {
        ReportExports.ReportFile file = exports.html(year, body != null);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(file.mediaType())).body(file.bytes());
    }

    /**
     * {@code file} as a download, named in UTF-8 (RFC 6266) so that the Chinese name survives every
     * browser; the console's exports answer the same way.
     */
    public static ResponseEntity<byte[]> download(ReportExports.ReportFile file) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(file.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(file.fileName(), StandardCharsets.UTF_8).build().toString())
                .body(file.bytes());
    }
}
