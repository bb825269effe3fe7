package org.tongfa.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tongfa.item.ItemService;
import org.tongfa.item.ItemView;
import org.tongfa.support.ItemRequests;
import org.tongfa.support.TestDatabases;
import org.tongfa.support.TestColumns;
import org.tongfa.support.TestCallers;

/**
 * The whole pipeline with real partners at the wire: items released through the item service travel
 * the Camel routes to webhook channels played by WireMock and to a folder channel, and every failure a
 * partner can produce lands in the ledger as the issue describes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        TestColumns.UNREVIEWED,
        "tongfa.node-id=pipeline-test",
        "tongfa.api.tokens.editor=test-token",
        "tongfa.delivery.poll-interval=200ms",
        "tongfa.delivery.short-retry-delay=20ms",
        // Every failed call counts, short retries too: "down" makes 2 attempts of 3 calls and must stay closed.
        "tongfa.delivery.breaker-failures=7",
        "tongfa.delivery.breaker-open=1h",
})
class DeliveryPipelineIntegrationTest {

    static final WireMockServer wire = new WireMockServer(wireMockConfig().dynamicPort());
    static final Path dir;

    static {
        wire.start();
        try {
            dir = Files.createTempDirectory("tongfa-pipeline");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Map<String, String> HOOKS = Map.ofEntries(
            Map.entry("hook-a", "/a"), Map.entry("hook-b", "/b"), Map.entry("flaky", "/flaky"), Map.entry("down", "/down"),
            Map.entry("gone", "/gone"), Map.entry("refuses", "/refuses"), Map.entry("busy", "/busy"),
            Map.entry("slow", "/slow"), Map.entry("broken", "/broken"), Map.entry("withdrawn", "/withdrawn"),
            Map.entry("inflight", "/inflight"), Map.entry("longid", "/longid"), Map.entry("recorder", "/recorder"));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabases::h2Url);
        registry.add("tongfa.data-directory", () -> dir.toString());
        registry.add("tongfa.channels.archive.directory", () -> dir.resolve("archive").toString());
        HOOKS.forEach((id, path) -> {
            String p = "tongfa.channels." + id + ".";
            registry.add(p + "type", () -> "webhook");
            registry.add(p + "url", () -> wire.baseUrl() + path);
            registry.add(p + "secret", () -> "whsec_dGVzdC1zZWNyZXQtZm9yLXRoZS13ZWJob29rLWNoYW5uZWw=");
            registry.add(p + "allow-private-network", () -> "true");
            registry.add(p + "timeout", () -> "1s");
            registry.add(p + "concurrency", () -> "2");
            registry.add(p + "retry-schedule", () -> "0s,300ms");
        });
    }

    @Autowired
    ItemService items;
    @Autowired
    DeliveryLedger ledger;
    @Autowired
    ChannelHealth health;
    @Autowired
    FlakyLedger flakyLedger;
    @LocalServerPort
    int port;

    /** The real ledger, except that recording a success of channel "recorder" fails while failures are left. */
    static class FlakyLedger extends DeliveryLedger {
        private final AtomicInteger failures = new AtomicInteger();

        FlakyLedger(JdbcClient jdbc) {
            super(jdbc);
        }

        // Methods, not the field: the bean is a transactional proxy of this class.
        public void failNext(int times) {
            failures.set(times);
        }

        public int failuresLeft() {
            return failures.get();
        }

        @Override
        public boolean markDelivered(Delivery row, String remoteId, String remoteUrl, Instant now) {
            if (row.channel().equals("recorder") && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new TransientDataAccessResourceException("database restarting");
            }
            return super.markDelivered(row, remoteId, remoteUrl, now);
        }
    }

    @TestConfiguration
    static class Failures {
        @Bean
        @Primary
        FlakyLedger flakyLedger(JdbcClient jdbc) {
            return new FlakyLedger(jdbc);
        }
    }

    @AfterAll
    static void stopWire() {
        wire.stop();
    }

    @BeforeEach
    void resetStubs() {
        wire.resetAll();
        wire.stubFor(post("/a").willReturn(okJson("{\"id\":\"a-1\",\"url\":\"https://app.example/a-1\"}")));
        wire.stubFor(post("/b").willReturn(okJson("{\"id\":\"b-1\"}")));
        wire.stubFor(post("/down").willReturn(aResponse().withStatus(500)));
        wire.stubFor(post("/gone").willReturn(aResponse().withStatus(410)));
        wire.stubFor(post("/refuses").willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"Unprocessable\",\"detail\":\"标题过长\"}")));
        wire.stubFor(post("/busy").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")));
        wire.stubFor(post("/slow").willReturn(okJson("{\"id\":\"s\"}").withFixedDelay(3000)));
        wire.stubFor(post("/broken").willReturn(aResponse().withStatus(503)));
    }

    private ItemView publish(String title, String... channels) {
        ItemView item = items.create(ItemRequests.news(title, List.of(channels)), TestCallers.EDITOR);
        items.publish(item.id(), null, TestCallers.EDITOR);
        return item;
    }

    private Delivery awaitStatus(String itemId, String channel, DeliveryStatus status) {
        await().atMost(Duration.ofSeconds(15)).until(() -> row(itemId, channel, Action.PUBLISH).status() == status);
        return row(itemId, channel, Action.PUBLISH);
    }

    private Delivery row(String itemId, String channel, Action action) {
        return ledger.forItem(itemId).stream().filter(d -> d.channel().equals(channel) && d.action() == action)
                .reduce((a, b) -> b).orElseThrow();
    }

    private List<LoggedRequest> requests(String path) {
        return wire.findAll(postRequestedFor(urlEqualTo(path)));
    }

    @Test
    void deliversToEveryTargetOnceAndRecordsWhereItLives() {
        ItemView item = publish("一次发布，多端送达", "hook-a", "hook-b", "archive");

        Delivery a = awaitStatus(item.id(), "hook-a", DeliveryStatus.DELIVERED);
        Delivery b = awaitStatus(item.id(), "hook-b", DeliveryStatus.DELIVERED);
        Delivery folder = awaitStatus(item.id(), "archive", DeliveryStatus.DELIVERED);

        assertThat(a.remoteId()).isEqualTo("a-1");
        assertThat(a.remoteUrl()).isEqualTo("https://app.example/a-1");
        assertThat(b.remoteId()).isEqualTo("b-1");
        assertThat(Path.of(java.net.URI.create(folder.remoteUrl())).resolve("item.json")).exists();
        assertThat(requests("/a")).singleElement().satisfies(r -> {
            assertThat(r.getHeader("webhook-id")).isEqualTo(a.idempotencyKey());
            assertThat(r.getBodyAsString()).contains("\"type\":\"item.published\"").contains("一次发布，多端送达");
        });
        assertThat(requests("/b")).hasSize(1);
    }

    @Test
    void retriesAfterServerErrorsInsideOneAttemptThenDeliversOnce() {
        wire.stubFor(post("/flaky").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("second"));
        wire.stubFor(post("/flaky").inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(502)).willSetStateTo("third"));
        wire.stubFor(post("/flaky").inScenario("flaky").whenScenarioStateIs("third")
                .willReturn(okJson("{\"id\":\"f-1\"}")));

        ItemView item = publish("重试后送达", "flaky");
        Delivery d = awaitStatus(item.id(), "flaky", DeliveryStatus.DELIVERED);

        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.remoteId()).isEqualTo("f-1");
        List<LoggedRequest> sent = requests("/flaky");
        assertThat(sent).hasSize(3);
        assertThat(sent).extracting(r -> r.getHeader("webhook-id")).containsOnly(d.idempotencyKey());
    }

    @Test
    void aChannelThatKeepsFailingGoesThroughItsScheduleToDeadAndCanBeRetriedByHand() {
        ItemView item = publish("一直失败", "down");

        Delivery dead = awaitStatus(item.id(), "down", DeliveryStatus.DEAD);
        assertThat(dead.attempts()).isEqualTo(2);
        assertThat(dead.lastError()).contains("HTTP 500").contains("gave up after 2 attempts");
        assertThat(requests("/down")).hasSize(2 * 3);

        wire.stubFor(post("/down").willReturn(okJson("{\"id\":\"d-1\"}")));
        health.succeeded("down");
        assertThat(ledger.requeue(dead.id(), Instant.now())).isTrue();
        Delivery delivered = awaitStatus(item.id(), "down", DeliveryStatus.DELIVERED);
        assertThat(delivered.remoteId()).isEqualTo("d-1");
        assertThat(requests("/down")).extracting(r -> r.getHeader("webhook-id")).containsOnly(dead.idempotencyKey());
    }

    @Test
    void goneDisablesTheChannelAndLaterItemsWaitUntilItIsEnabled() {
        ItemView first = publish("对方已下线", "gone");
        Delivery failed = awaitStatus(first.id(), "gone", DeliveryStatus.FAILED);
        assertThat(failed.lastError()).contains("410");
        assertThat(health.state("gone")).isEqualTo(ChannelHealth.State.DISABLED);

        ItemView second = publish("下线后发布", "gone");
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                .until(() -> row(second.id(), "gone", Action.PUBLISH).status() == DeliveryStatus.PENDING);
        assertThat(requests("/gone")).hasSize(1);

        wire.stubFor(post("/gone").willReturn(okJson("{\"id\":\"g-2\"}")));
        health.enable("gone");
        assertThat(awaitStatus(second.id(), "gone", DeliveryStatus.DELIVERED).remoteId()).isEqualTo("g-2");
    }

    @Test
    void aClientErrorFailsWithTheReceiversReasonAndIsNotRetried() {
        ItemView item = publish("被对方拒收", "refuses");

        Delivery failed = awaitStatus(item.id(), "refuses", DeliveryStatus.FAILED);

        assertThat(failed.lastError()).contains("422").contains("标题过长");
        assertThat(requests("/refuses")).hasSize(1);
        assertThat(health.state("refuses")).isEqualTo(ChannelHealth.State.CLOSED);
    }

    @Test
    void tooManyRequestsPausesTheChannelForTheRetryAfterTime() {
        ItemView item = publish("限流", "busy");
        Instant before = Instant.now();

        await().atMost(Duration.ofSeconds(5)).until(() -> row(item.id(), "busy", Action.PUBLISH).lastError() != null);
        Delivery waiting = row(item.id(), "busy", Action.PUBLISH);

        assertThat(waiting.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(waiting.nextAttemptAt()).isAfterOrEqualTo(before.plusSeconds(3));
        assertThat(health.state("busy")).isEqualTo(ChannelHealth.State.PAUSED);
        assertThat(requests("/busy")).as("no short retries against a Retry-After").hasSize(1);
    }

    @Test
    void aHangingChannelDoesNotDelayTheOthers() {
        ItemView item = publish("慢通道不拖累", "slow", "hook-a");

        // The slow channel's attempt takes at least 3 s (1 s timeout, two short retries); hook-a must not wait for it.
        await().atMost(Duration.ofMillis(2000))
                .until(() -> row(item.id(), "hook-a", Action.PUBLISH).status() == DeliveryStatus.DELIVERED);
        assertThat(row(item.id(), "slow", Action.PUBLISH).status()).isIn(DeliveryStatus.IN_PROGRESS,
                DeliveryStatus.PENDING);
    }

    @Test
    void aChannelThatKeepsFailingIsProbedNotHammered() {
        List<String> first = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            first.add(publish("熔断 " + i, "broken").id());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> health.state("broken") == ChannelHealth.State.OPEN
                && first.stream().noneMatch(id -> row(id, "broken", Action.PUBLISH).status() == DeliveryStatus.IN_PROGRESS));
        int seen = requests("/broken").size();

        ItemView later = publish("熔断后", "broken");
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                .until(() -> row(later.id(), "broken", Action.PUBLISH).attempts() == 0);
        assertThat(requests("/broken")).hasSize(seen);
    }

    @Test
    void updatesAndRetractionsAreSignedEventsOfTheirOwn() {
        ItemView item = publish("更新与撤回", "hook-a");
        Delivery first = awaitStatus(item.id(), "hook-a", DeliveryStatus.DELIVERED);

        items.update(item.id(), ItemRequests.withBody(ItemRequests.news("更新与撤回", List.of("hook-a")),
                "<p>第二版正文</p>"), TestCallers.EDITOR);
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger.forItem(item.id()).stream()
                .anyMatch(d -> d.itemVersion() == 2 && d.status() == DeliveryStatus.DELIVERED));
        items.retract(item.id(), "测试撤回", TestCallers.EDITOR);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> row(item.id(), "hook-a", Action.RETRACT).status() == DeliveryStatus.DELIVERED);

        List<LoggedRequest> sent = requests("/a");
        assertThat(sent).extracting(r -> r.getBodyAsString().replaceAll(".*\"type\":\"([a-z.]+)\".*", "$1"))
                .containsExactly("item.published", "item.updated", "item.retracted");
        Set<String> ids = sent.stream().map(r -> r.getHeader("webhook-id")).collect(Collectors.toSet());
        assertThat(ids).hasSize(3).contains(first.idempotencyKey());
        assertThat(sent).allSatisfy(r -> assertThat(r.getHeader("webhook-signature")).startsWith("v1,"));
        assertThat(sent.get(1).getBodyAsString()).contains("第二版正文").contains("a-1");
        assertThat(ledger.forItem(item.id())).filteredOn(d -> d.action() == Action.PUBLISH)
                .extracting(Delivery::status).containsOnly(DeliveryStatus.RETRACTED);
    }

    private static String type(LoggedRequest r) {
        return r.getBodyAsString().replaceAll(".*\"type\":\"([a-z.]+)\".*", "$1");
    }

    @Test
    void aRetryByHandOfThePublicationOfARetractedItemIsRefusedAndSendsNothing() throws Exception {
        wire.stubFor(post("/withdrawn").willReturn(aResponse().withStatus(500)));
        ItemView item = publish("撤回后不得重发", "withdrawn");
        Delivery dead = awaitStatus(item.id(), "withdrawn", DeliveryStatus.DEAD);
        wire.stubFor(post("/withdrawn").willReturn(okJson("{\"id\":\"w-1\"}")));
        items.retract(item.id(), "测试撤回", TestCallers.EDITOR);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> row(item.id(), "withdrawn", Action.RETRACT).status() == DeliveryStatus.DELIVERED);
        int sent = requests("/withdrawn").size();

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/deliveries/" + dead.id() + "/retry"))
                .header("Authorization", "Bearer test-token").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(answer.body()).contains("no longer the latest action")
                .contains("delivery " + row(item.id(), "withdrawn", Action.RETRACT).id());
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> requests("/withdrawn").size() == sent);
        assertThat(requests("/withdrawn")).extracting(DeliveryPipelineIntegrationTest::type).last()
                .isEqualTo("item.retracted");
        assertThat(ledger.find(dead.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.RETRACTED);
    }

    @Test
    void aRetractionMadeWhileThePublicationIsInFlightIsNotUndoneWhenThatAttemptFails() {
        wire.stubFor(post("/inflight").willReturn(aResponse().withStatus(503).withFixedDelay(300)));
        wire.stubFor(post("/inflight").withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(
                "\"type\":\"item.retracted\"")).willReturn(okJson("{\"id\":\"i-1\"}")));
        ItemView item = publish("发布途中撤回", "inflight");
        await().atMost(Duration.ofSeconds(5)).until(() -> !requests("/inflight").isEmpty());

        items.retract(item.id(), "测试撤回", TestCallers.EDITOR);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> row(item.id(), "inflight", Action.RETRACT).status() == DeliveryStatus.DELIVERED);
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(4))
                .until(() -> type(requests("/inflight").get(requests("/inflight").size() - 1)).equals("item.retracted"));
        List<String> types = requests("/inflight").stream().map(DeliveryPipelineIntegrationTest::type).toList();
        assertThat(types.subList(types.indexOf("item.retracted"), types.size())).containsOnly("item.retracted");
        assertThat(row(item.id(), "inflight", Action.PUBLISH).status()).isEqualTo(DeliveryStatus.RETRACTED);
    }

    @Test
    void aReceiverAnsweringWithAnOverlongIdIsDeliveredOnce() {
        wire.stubFor(post("/longid").willReturn(okJson("{\"id\":\"" + "9".repeat(600) + "\",\"url\":\"javascript:alert(1)\"}")));

        ItemView item = publish("超长编号", "longid");
        Delivery delivered = awaitStatus(item.id(), "longid", DeliveryStatus.DELIVERED);

        assertThat(delivered.remoteId()).hasSize(512).startsWith("999");
        assertThat(delivered.remoteUrl()).isNull();
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3)).until(() -> requests("/longid").size() == 1);
    }

    @Test
    void aSuccessTheLedgerCannotRecordAtOnceIsRecordedNotSentAgain() {
        wire.stubFor(post("/recorder").willReturn(okJson("{\"id\":\"rec-1\"}")));
        flakyLedger.failNext(2);

        ItemView item = publish("记账失败不重发", "recorder");

        Delivery delivered = awaitStatus(item.id(), "recorder", DeliveryStatus.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(1);
        assertThat(delivered.remoteId()).isEqualTo("rec-1");
        assertThat(requests("/recorder")).hasSize(1);
        assertThat(flakyLedger.failuresLeft()).isZero();
    }
}
