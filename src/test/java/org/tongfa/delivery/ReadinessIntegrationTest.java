package org.tongfa.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.tongfa.web.ApiTestSupport;

/**
 * Liveness and readiness apart: {@code /actuator/health/readiness} is UP only while every running
 * channel's delivery routes run, and answers 503 otherwise (before {@link DeliveryRoutes} starts them,
 * while a stop takes them down); {@code /actuator/health/liveness} stays UP meanwhile. Both answer their
 * bare status to anyone, as probes call them without a token.
 */
class ReadinessIntegrationTest extends ApiTestSupport {

    @Autowired
    CamelContext camel;
    @Autowired
    ChannelRegistry registry;

    private HttpResponse<String> anonymous(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    @Test
    void bothProbesAreUpOnceTheRoutesRunAndAnswerTheirBareStatusWithoutAToken() {
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            HttpResponse<String> answer = anonymous(probe);
            assertThat(answer.statusCode()).as(probe).isEqualTo(200);
            assertThat(json(answer).path("status").asString()).as(probe).isEqualTo("UP");
            assertThat(json(answer).propertyNames()).as(probe + " shows nothing but its status").containsOnly("status");
        }
    }

    @Test
    void readinessIsOutOfServiceWhileAChannelsRouteIsDownAndLivenessStaysUp() throws Exception {
        camel.getRouteController().stopRoute("poll-archive");
        try {
            HttpResponse<String> readiness = anonymous("/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(json(readiness).path("status").asString()).isEqualTo("OUT_OF_SERVICE");
            assertThat(anonymous("/actuator/health/liveness").statusCode()).as("not a reason to restart").isEqualTo(200);

            HttpResponse<String> detailed = get("/actuator/health/readiness");
            assertThat(json(detailed).path("components").path("deliveryRoutes").path("details").path("notRunning")
                    .toString()).as(detailed.body()).contains("poll-archive");
        } finally {
            camel.getRouteController().startRoute("poll-archive");
        }
        assertThat(anonymous("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    void anActuatorPathThatNamesNothingIsNotFoundForAnOperatorAndDeniedToAnyoneElse() {
        var softly = new org.assertj.core.api.SoftAssertions();
        for (String path : new String[] {"/actuator/health/a/b", "/actuator/health/nothing", "/actuator/health/readiness/x",
                "/actuator/health/readiness/x/y", "/actuator/health/deliveryRoutes/x/y", "/actuator/health/db/a/b/c",
                "/actuator/metrics/nothing", "/actuator/metrics/a/b", "/actuator/loggers/a/b", "/actuator/env/a/b",
                "/actuator/nothing", "/actuator/prometheus/a"}) {
            HttpResponse<String> operator = get(path);
            softly.assertThat(operator.statusCode()).as(path + ": " + operator.body()).isEqualTo(404);
            softly.assertThat(anonymous(path).statusCode()).as(path + " without a token").isEqualTo(401);
        }
        softly.assertAll();
    }

    @Test
    void beforeTheRoutesAreAddedTheDeliveryRoutesAreOutOfService() throws Exception {
        // The moment between the web server's start and DeliveryRoutes: a Camel context with no routes yet.
        try (DefaultCamelContext starting = new DefaultCamelContext()) {
            starting.start();
            var health = new DeliveryRoutesHealthIndicator(starting, registry).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(health.getDetails().get("notRunning").toString()).contains("deliver-archive", "claim-archive",
                    "poll-archive");
        }
    }
}
