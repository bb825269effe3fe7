package org.tongfa.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tongfa.item.ItemService;
import org.tongfa.support.ItemRequests;
import org.tongfa.support.TestCallers;
import org.tongfa.support.TestColumns;
import org.tongfa.support.TestDatabases;

/**
 * The breaker's promise under concurrency, at the wire: "{@code breaker-failures} failures in a row,
 * then one probe". A webhook partner answering 500 to everything is sent 500 items by a channel with
 * four worker threads and two short retries per attempt; it must receive the failures that open the
 * circuit, the calls already on the wire when it opened, and one request per probe: nothing for the
 * deliveries that were claimed and queued meanwhile, which go back to the ledger with no attempt
 * counted against them. Before failures were counted as they happened, 50 items drew 94 to 97 requests.
 */
@SpringBootTest(properties = {
        TestColumns.UNREVIEWED,
        "tongfa.node-id=dead-partner-test",
        "tongfa.delivery.poll-interval=100ms",
        "tongfa.delivery.short-retry-delay=20ms",
        "tongfa.delivery.breaker-failures=" + DeadPartnerIntegrationTest.THRESHOLD,
        "tongfa.delivery.breaker-open=1s",
})
class DeadPartnerIntegrationTest {

    static final int THRESHOLD = 5;
    static final int CONCURRENCY = 4;
    static final int ITEMS = 500;

    static final WireMockServer wire = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(20));
    static final Path dir;

    static {
        wire.start();
        wire.stubFor(post("/dead").willReturn(aResponse().withStatus(500)));
        try {
            dir = Files.createTempDirectory("tongfa-dead-partner");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabases::h2Url);
        registry.add("tongfa.data-directory", () -> dir.toString());
        registry.add("tongfa.channels.archive.directory", () -> dir.resolve("archive").toString());
        String p = "tongfa.channels.dead.";
        registry.add(p + "type", () -> "webhook");
        registry.add(p + "url", () -> wire.baseUrl() + "/dead");
        registry.add(p + "secret", () -> "whsec_dGVzdC1zZWNyZXQtZm9yLXRoZS13ZWJob29rLWNoYW5uZWw=");
        registry.add(p + "allow-private-network", () -> "true");
        registry.add(p + "timeout", () -> "2s");
        registry.add(p + "concurrency", () -> String.valueOf(CONCURRENCY));
        // Only probes may call again within the test: the schedule's second attempt is an hour away.
        registry.add(p + "retry-schedule", () -> "0s,1h");
    }

    @Autowired
    ItemService items;
    @Autowired
    ChannelHealth health;
    @Autowired
    JdbcClient jdbc;

    @AfterAll
    static void stopWire() {
        wire.stop();
    }

    private int requests() {
        return wire.findAll(postRequestedFor(urlEqualTo("/dead"))).size();
    }

    @Test
    void aDeadPartnerReceivesTheFailuresThatOpenTheCircuitAndOneRequestPerProbe() {
        for (int i = 0; i < ITEMS; i++) {
            var item = items.create(ItemRequests.news("熔断并发 " + i, List.of("dead")), TestCallers.EDITOR);
            items.publish(item.id(), null, TestCallers.EDITOR);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> health.state("dead") != ChannelHealth.State.CLOSED);
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        await().atMost(Duration.ofSeconds(10)).until(() -> inProgress() == 0);

        int sent = requests();
        Map<String, Object> rows = jdbc.sql("SELECT COUNT(*) AS total, "
                        + "SUM(CASE WHEN attempts - retry_from > 0 THEN 1 ELSE 0 END) AS counted, "
                        + "SUM(CASE WHEN status IN ('DEAD', 'FAILED') THEN 1 ELSE 0 END) AS ended "
                        + "FROM delivery WHERE channel = 'dead'")
                .query().singleRow();
        System.out.printf("Dead partner: %d requests for %d queued items (breaker-failures %d, concurrency %d, "
                + "2 short retries); %s deliveries with an attempt counted, %s ended%n", sent, ITEMS, THRESHOLD,
                CONCURRENCY, rows.get("COUNTED"), rows.get("ENDED"));

        // The failures that open the circuit, the calls of the other workers already on the wire when it
        // opened (they are not retried), and one request per probe. Probes come 1 s after the circuit
        // opened, then 2 s, 4 s, ... later (the wait doubles on each failed probe): n probes take at least
        // 2^n - 1 seconds, and the circuit opened no sooner than the first request.
        List<LoggedRequest> logged = wire.findAll(postRequestedFor(urlEqualTo("/dead")));
        double watched = (System.currentTimeMillis() - logged.get(0).getLoggedDate().getTime()) / 1000.0;
        int probes = (int) Math.floor(Math.log(watched + 1) / Math.log(2));
        int bound = THRESHOLD + (CONCURRENCY - 1) + probes;
        System.out.printf("Watched %.1f s since the first request: at most %d probes, bound %d requests%n", watched,
                probes, bound);
        assertThat(sent).as("requests to the dead partner").isBetween(THRESHOLD, bound);
        assertThat(((Number) rows.get("TOTAL")).intValue()).isEqualTo(ITEMS);
        assertThat(((Number) rows.get("COUNTED")).intValue()).as("deliveries charged with an attempt")
                .isLessThanOrEqualTo(bound);
        assertThat(((Number) rows.get("ENDED")).intValue()).as("none given up: they wait for the partner").isZero();
    }

    private int inProgress() {
        return jdbc.sql("SELECT COUNT(*) FROM delivery WHERE channel = 'dead' AND status = 'IN_PROGRESS'")
                .query(Integer.class).single();
    }
}
