package org.tongfa.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.tongfa.web.ApiTestSupport;
import tools.jackson.databind.JsonNode;

/**
 * The annual report over HTTP: who may read and enter it, the checks' answers naming the cell, the
 * warning against last year, publication freezing the report, and the exports (the HTML kept whole as
 * the body of an item in the 信息公开年报 column).
 */
class ReportApiIntegrationTest extends ApiTestSupport {

    private HttpResponse<String> as(String role, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + roleToken(role));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return send(request.build());
    }

    @Test
    void theSignerEntersAndPublishesAndReadersReadButDoNotWrite() {
        String valid = write(ReportSamples.valid());
        assertThat(as("REVIEWER", "PUT", "/api/v1/reports/annual/2019", valid).statusCode()).isEqualTo(403);
        assertThat(as("DRAFTER", "GET", "/api/v1/reports/annual/2019", null).statusCode()).isEqualTo(403);

        HttpResponse<String> saved = as("SIGNER", "PUT", "/api/v1/reports/annual/2019", valid);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(json(saved).path("updatedBy").asString()).isEqualTo("as-signer");

        for (String reader : List.of("REVIEWER", "OPERATOR", "ADMIN", "SIGNER")) {
            HttpResponse<String> read = as(reader, "GET", "/api/v1/reports/annual/2019", null);
            assertThat(read.statusCode()).as(reader).isEqualTo(200);
            JsonNode report = json(read);
            assertThat(report.path("formatVersion").asString()).isEqualTo("2021");
            assertThat(report.path("entries").path("licences").asLong()).isEqualTo(12);
            assertThat(report.path("entries").path("requests").path("3.7").path(6).asLong())
                    .isEqualTo(java.util.stream.IntStream.range(0, 6).map(ReportSamples::outcomeTotal).sum());
            assertThat(report.path("published").asBoolean()).isFalse();
        }

        assertThat(as("REVIEWER", "POST", "/api/v1/reports/annual/2019/publish", null).statusCode()).isEqualTo(403);
        HttpResponse<String> published = as("ADMIN", "POST", "/api/v1/reports/annual/2019/publish", null);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(json(published).path("published").asBoolean()).isTrue();
        JsonNode frozen = problem(as("SIGNER", "PUT", "/api/v1/reports/annual/2019", valid), 409);
        assertThat(frozen.path("detail").asString()).contains("published");
    }

    @Test
    void sumsThatDisagreeAre422NamingTheCellAndMissingCellsAre400() {
        Map<String, List<Long>> requests = ReportSamples.requests();
        requests = ReportSamples.with(requests, "3.7", 2, requests.get("3.7").get(2) + 1);
        JsonNode sums = problem(putJson("/api/v1/reports/annual/2021", write(ReportSamples.withRequests(requests))), 422);
        assertThat(fields(sums)).contains("requests.3.7.research", "requests.3.7.total", "requests.4.research");

        Map<String, Object> missing = entries();
        ((Map<?, ?>) missing.get("requests")).remove("3.3.8");
        JsonNode shape = problem(putJson("/api/v1/reports/annual/2021", write(missing)), 400);
        assertThat(fields(shape)).containsExactly("requests.3.3.8");

        Map<String, Object> negative = entries();
        negative.put("licences", -1);
        assertThat(fields(problem(putJson("/api/v1/reports/annual/2021", write(negative)), 400))).contains("licences");

        Map<String, Object> words = entries();
        words.put("penalties", "很多");
        assertThat(problem(putJson("/api/v1/reports/annual/2021", write(words)), 400).toString()).contains("penalties");

        assertThat(fields(problem(get("/api/v1/reports/annual/2007"), 400))).containsExactly("year");
        assertThat(fields(problem(get("/api/v1/reports/annual/2999"), 400))).containsExactly("year");
        assertThat(get("/api/v1/reports/annual/2021").statusCode()).isEqualTo(200);
        assertThat(json(get("/api/v1/reports/annual/2021")).path("entries").isNull()).isTrue();
    }

    @Test
    void carriedOverThatDiffersFromLastYearIsSavedWithAWarning() {
        assertThat(putJson("/api/v1/reports/annual/2022", write(ReportSamples.valid())).statusCode()).isEqualTo(200);
        // 2022's 四 is 2 in each column; 2023's 二 is 1.
        HttpResponse<String> saved = putJson("/api/v1/reports/annual/2023", write(ReportSamples.valid()));
        assertThat(saved.statusCode()).isEqualTo(200);
        JsonNode warnings = json(saved).path("warnings");
        assertThat(warnings.size()).isEqualTo(7);
        assertThat(warnings.path(0).path("field").asString()).isEqualTo("requests.2.naturalPerson");
        assertThat(warnings.path(0).path("message").asString()).contains("last year");
        assertThat(warnings.path(0).path("chinese").asString()).contains("上年报告");
        assertThat(json(saved).path("lastYear").path("overview").asString()).startsWith("本年度");
    }

    @Test
    void theExportsOpenAndTheHtmlIsKeptWholeAsAnItemBody() throws IOException {
        assertThat(putJson("/api/v1/reports/annual/2024", write(ReportSamples.valid())).statusCode()).isEqualTo(200);

        HttpResponse<byte[]> docx = sendForBytes(request("/api/v1/reports/annual/2024/docx").GET().build());
        assertThat(docx.statusCode()).isEqualTo(200);
        assertThat(docx.headers().firstValue("Content-Type")).hasValue(ReportExports.DOCX);
        assertThat(docx.headers().firstValue("Content-Disposition").orElseThrow()).contains("filename*=UTF-8''2024");
        try (XWPFDocument document = new XWPFDocument(new ByteArrayInputStream(docx.body()))) {
            assertThat(document.getTables()).hasSize(8);
        }

        HttpResponse<String> body = get("/api/v1/reports/annual/2024/html?body");
        assertThat(body.statusCode()).isEqualTo(200);
        assertThat(body.body()).startsWith("<h2>一、总体情况</h2>");
        Map<String, Object> item = validItem();
        item.put("title", "2024年政府信息公开工作年度报告");
        item.put("column", "annual-reports");
        item.put("documentNumber", null);
        item.put("body", body.body());
        HttpResponse<String> created = postJson("/api/v1/items", write(item));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String kept = json(created).path("body").asString();
        assertThat(kept).contains("<caption>第二十条第（一）项</caption>").contains("colspan=\"7\"")
                .contains("四、结转下年度继续办理");
        assertThat(kept.split("<table", -1)).hasSize(9);

        assertThat(get("/api/v1/reports/annual/2024/html").body()).startsWith("<!DOCTYPE html>")
                .contains("<title>示例市工业和信息化局2024年政府信息公开工作年度报告</title>");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entries() {
        Map<String, Object> entries = JSON.readValue(write(ReportSamples.valid()), LinkedHashMap.class);
        entries.put("requests", new LinkedHashMap<>((Map<String, Object>) entries.get("requests")));
        return entries;
    }
}
