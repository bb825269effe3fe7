package org.tongfa.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tongfa.item.ItemService;
import org.tongfa.support.ItemRequests;
import org.tongfa.support.TestApps;
import org.tongfa.support.TestCallers;
import org.tongfa.support.TestDatabases;

/**
 * Channel health on two nodes sharing one database, the choice of issue 15 proven: the circuit breaker
 * is each node's own (a node counts the failures it saw, and a partner unreachable from one node may
 * answer another), so a dead partner hears from each node at most what one node's breaker lets through;
 * a pause the partner asked for ({@code 503} with {@code Retry-After}) and a disable are shared, so the
 * other node holds off at once without spending failures of its own.
 */
class ChannelHealthOnTwoNodesIntegrationTest {

    static final int THRESHOLD = 3;
    static final int CONCURRENCY = 2;
    static final int ITEMS = 200;

    static final WireMockServer wire = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(20));

    @TempDir
    Path dir;

    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;

    @BeforeAll
    static void startWire() {
        wire.start();
    }

    @AfterAll
    static void stopWire() {
        wire.stop();
    }

    @AfterEach
    void stopNodes() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
    }

    private void startTwoNodes() {
        String url = TestDatabases.h2Url();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("tongfa.delivery.short-retry-delay", "20ms");
        settings.put("tongfa.delivery.breaker-failures", String.valueOf(THRESHOLD));
        // No probe within the test: what the partner hears is what opened the circuits.
        settings.put("tongfa.delivery.breaker-open", "1h");
        String p = "tongfa.channels.partner.";
        settings.put(p + "type", "webhook");
        settings.put(p + "url", wire.baseUrl() + "/partner");
        settings.put(p + "secret", "whsec_dGVzdC1zZWNyZXQtZm9yLXRoZS13ZWJob29rLWNoYW5uZWw=");
        settings.put(p + "allow-private-network", "true");
        settings.put(p + "timeout", "2s");
        settings.put(p + "concurrency", String.valueOf(CONCURRENCY));
        settings.put(p + "retry-schedule", "0s,1h");
        a = TestApps.start(url, dir.resolve("a"), "node-a", settings);
        b = TestApps.start(url, dir.resolve("b"), "node-b", settings);
    }

    private void publish(int count) {
        ItemService items = a.getBean(ItemService.class);
        for (int i = 0; i < count; i++) {
            var item = items.create(ItemRequests.news("两个节点的熔断 " + i, List.of("partner")), TestCallers.EDITOR);
            items.publish(item.id(), null, TestCallers.EDITOR);
        }
    }

    private int requests() {
        return wire.findAll(postRequestedFor(urlEqualTo("/partner"))).size();
    }

    private Map<String, Object> ledger() {
        return a.getBean(JdbcClient.class).sql("SELECT COUNT(*) AS total, "
                        + "SUM(CASE WHEN status = 'IN_PROGRESS' THEN 1 ELSE 0 END) AS busy, "
                        + "SUM(CASE WHEN status IN ('DEAD', 'FAILED') THEN 1 ELSE 0 END) AS ended "
                        + "FROM delivery WHERE channel = 'partner'")
                .query().singleRow();
    }

    private static int number(Object value) {
        return value == null ? 0 : ((Number) value).intValue();
    }

    @Test
    void eachNodeOpensItsOwnCircuitSoADeadPartnerHearsAtMostOneBreakersWorthFromEach() {
        wire.resetAll();
        wire.stubFor(post("/partner").willReturn(aResponse().withStatus(500)));
        startTwoNodes();
        publish(ITEMS);

        ChannelHealth onA = a.getBean(ChannelHealth.class);
        ChannelHealth onB = b.getBean(ChannelHealth.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> onA.state("partner") == ChannelHealth.State.OPEN
                && onB.state("partner") == ChannelHealth.State.OPEN);
        await().atMost(Duration.ofSeconds(10)).until(() -> number(ledger().get("BUSY")) == 0);
        // Nothing more comes once both circuits are open (no probe for an hour).
        int sent = requests();
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);

        int perNode = THRESHOLD + (CONCURRENCY - 1);
        System.out.printf("Dead partner, two nodes: %d requests for %d items (bound %d per node)%n", sent, ITEMS, perNode);
        assertThat(requests()).as("nothing after both circuits opened").isEqualTo(sent);
        assertThat(sent).as("each node's own failures opened its circuit").isBetween(2 * THRESHOLD, 2 * perNode);
        assertThat(number(ledger().get("TOTAL"))).isEqualTo(ITEMS);
        assertThat(number(ledger().get("ENDED"))).as("none given up: they wait for the partner").isZero();
    }

    @Test
    void aPauseThePartnerAskedForOnOneNodeHoldsTheOtherNodeToo() {
        wire.resetAll();
        wire.stubFor(post("/partner").willReturn(aResponse().withStatus(503).withHeader("Retry-After", "3600")));
        startTwoNodes();
        publish(ITEMS);

        ChannelHealth onA = a.getBean(ChannelHealth.class);
        ChannelHealth onB = b.getBean(ChannelHealth.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> onA.state("partner") == ChannelHealth.State.PAUSED
                && onB.state("partner") == ChannelHealth.State.PAUSED);
        await().atMost(Duration.ofSeconds(10)).until(() -> number(ledger().get("BUSY")) == 0);
        int sent = requests();
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);

        System.out.printf("Partner asking for a pause, two nodes: %d requests for %d items%n", sent, ITEMS);
        assertThat(requests()).as("nothing while the pause lasts").isEqualTo(sent);
        // The first 503 pauses the channel for both; only calls already on the wire then reach the partner:
        // at most one batch per node, and never a breaker's worth of failures per node.
        assertThat(sent).as("requests during the shared pause").isBetween(1, 2 * CONCURRENCY);
        assertThat(number(ledger().get("ENDED"))).isZero();
    }
}
