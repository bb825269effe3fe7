package org.tongfa.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tongfa.web.ApiTestSupport;
import tools.jackson.databind.JsonNode;

/**
 * The audit trail through the API, in the running service: operators' actions (a retry, enabling a
 * channel) are recorded with the token's name and the caller's address, a refused action is not, the
 * trail is filtered and checked over HTTP, and bad filters are refused naming the field.
 */
class AuditApiIntegrationTest extends ApiTestSupport {

    @Autowired
    JdbcClient jdbc;

    /** The trail is read by administrators; the actions it records are taken with the editors' token. */
    private HttpResponse<String> audit(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + roleToken("ADMIN")).GET().build());
    }

    private List<JsonNode> entries(String query) {
        HttpResponse<String> response = audit("/api/v1/audit?" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).path("entries").valueStream().toList();
    }

    @Test
    void aRetryIsRecordedWithTheItemVersionActorAndAddress() {
        String item = createPublished(validItem());
        long delivery = awaitDelivered(item, "archive", 1, "PUBLISH").path("id").asLong();
        jdbc.sql("UPDATE delivery SET status = 'DEAD' WHERE id = :id").param("id", delivery).update();

        HttpResponse<String> retried = post("/api/v1/deliveries/" + delivery + "/retry");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);

        List<JsonNode> rows = entries("item=" + item + "&action=RETRY");
        assertThat(rows).hasSize(1);
        JsonNode row = rows.get(0);
        assertThat(row.path("actor").asString()).isEqualTo("editor");
        assertThat(row.path("sourceAddress").asString()).isEqualTo("127.0.0.1");
        assertThat(row.path("version").asInt()).isEqualTo(1);
        assertThat(row.path("changes").path("delivery").asString()).isEqualTo(Long.toString(delivery));
        assertThat(row.path("changes").path("channel").asString()).isEqualTo("archive");
        assertThat(row.path("hash").asString()).hasSize(64);
    }

    @Test
    void aRefusedRetryLeavesNoRow() {
        String item = createPublished(validItem());
        long delivery = awaitDelivered(item, "archive", 1, "PUBLISH").path("id").asLong();

        assertThat(post("/api/v1/deliveries/" + delivery + "/retry").statusCode()).isEqualTo(409);
        assertThat(entries("item=" + item + "&action=RETRY")).isEmpty();
    }

    @Test
    void enablingAChannelIsRecorded() {
        HttpResponse<String> enabled = post("/api/v1/channels/archive/enable");
        assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);

        JsonNode newest = entries("action=CHANNEL_ENABLE&actor=editor&size=1").get(0);
        assertThat(newest.path("changes").path("channel").asString()).isEqualTo("archive");
        assertThat(newest.path("itemId").isNull()).isTrue();
    }

    @Test
    void verifyChecksTheWholeChainOverHttp() {
        post("/api/v1/channels/archive/enable");

        HttpResponse<String> response = audit("/api/v1/audit/verify");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = json(response);
        assertThat(result.path("ok").asBoolean()).as(response.body()).isTrue();
        assertThat(result.path("rowsChecked").asLong()).isPositive();
    }

    @Test
    void filtersByTimeAndPagesNewestFirst() {
        post("/api/v1/channels/archive/enable");
        post("/api/v1/channels/archive/enable");

        HttpResponse<String> response = audit("/api/v1/audit?from=2020-01-01T00:00:00Z&to=2999-01-01T00:00:00Z&size=2");
        JsonNode page = json(response);
        assertThat(page.path("size").asInt()).isEqualTo(2);
        assertThat(page.path("total").asLong()).isGreaterThanOrEqualTo(2);
        List<Long> seqs = page.path("entries").valueStream().map(e -> e.path("seq").asLong()).toList();
        assertThat(seqs).hasSize(2).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(entries("to=2020-01-01T00:00:00Z")).isEmpty();
    }

    @Test
    void badFiltersAreRefusedNamingTheField() {
        assertThat(fields(problem(audit("/api/v1/audit?action=DELETE_EVERYTHING"), 400))).containsExactly("action");
        assertThat(fields(problem(audit("/api/v1/audit?from=yesterday"), 400))).containsExactly("from");
        assertThat(fields(problem(audit("/api/v1/audit?to=2026-13-01T00:00:00Z"), 400))).containsExactly("to");
        assertThat(fields(problem(audit("/api/v1/audit?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z"), 400)))
                .containsExactly("to");
        assertThat(fields(problem(audit("/api/v1/audit?size=500"), 400))).containsExactly("size");
        assertThat(fields(problem(audit("/api/v1/audit?page=-1"), 400))).containsExactly("page");
        assertThat(fields(problem(audit("/api/v1/audit?item=" + "x".repeat(65)), 400))).containsExactly("item");
    }

    @Test
    void theTrailCannotBeChangedThroughTheApi() {
        assertThat(send(request("/api/v1/audit").DELETE().build()).statusCode()).isIn(403, 405);
        assertThat(send(request("/api/v1/audit").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build())
                .statusCode()).isIn(403, 405);
    }
}
