package org.tongfa.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tongfa.web.ApiTestSupport;
import tools.jackson.databind.JsonNode;

/**
 * The operational endpoints: probes get health's bare status without a token; each channel's state,
 * backlog and errors (health details), metrics and Prometheus need an API token.
 */
class ActuatorAccessIntegrationTest extends ApiTestSupport {

    HttpResponse<String> anonymous(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    @Test
    void healthAnswersItsBareStatusToAnyoneAndNothingMore() {
        HttpResponse<String> health = anonymous("/actuator/health");

        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = json(health);
        assertThat(body.path("status").asString()).isEqualTo("UP");
        // Besides the status, at most the names of the probe groups (liveness, readiness).
        assertThat(body.propertyNames()).contains("status").isSubsetOf("status", "groups");
        assertThat(health.body()).doesNotContain("channels", "archive", "pending");
    }

    @Test
    void healthShowsEveryChannelOnlyToAToken() {
        HttpResponse<String> health = get("/actuator/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).path("components").path("channels").path("details").has("archive")).as(health.body())
                .isTrue();
    }

    @Test
    void metricsPrometheusAndTheOtherEndpointsNeedAToken() {
        for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/jvm.memory.used",
                "/actuator/info", "/actuator", "/actuator/health/channels", "/actuator/health/db")) {
            HttpResponse<String> refused = anonymous(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(401);
            assertThat(refused.body()).as(path).doesNotContain("archive", "jvm_");
        }
        assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus").body()).contains("jvm_");
        assertThat(get("/actuator/metrics").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/channels").statusCode()).isEqualTo(200);
    }
}
