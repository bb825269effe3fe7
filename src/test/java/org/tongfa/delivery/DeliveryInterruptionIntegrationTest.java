package org.tongfa.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tongfa.item.ItemService;
import org.tongfa.item.ItemView;
import org.tongfa.support.ItemRequests;
import org.tongfa.support.TestDatabases;
import org.tongfa.support.TestColumns;
import org.tongfa.support.TestCallers;

/**
 * What an attempt that was interrupted (the node stopping) or ran out of memory leaves in the ledger:
 * the delivery is handed back to be tried again, never FAILED or DEAD, and the channel's breaker does
 * not count it (the partner did nothing wrong). A channel that fails for real is still counted.
 */
@SpringBootTest(properties = {
        TestColumns.UNREVIEWED,
        "tongfa.node-id=interruption-test",
        "tongfa.delivery.poll-interval=200ms",
        "tongfa.delivery.short-retry-delay=20ms",
        // One counted failure opens the circuit for an hour: an uncounted one leaves it closed.
        "tongfa.delivery.breaker-failures=1",
        "tongfa.delivery.breaker-open=1h",
        "tongfa.channels.fault.type=test-fault",
        // One attempt only: a counted failure ends DEAD at once.
        "tongfa.channels.fault.retry-schedule=0s",
        "tongfa.channels.fault.concurrency=1",
        "tongfa.channels.held.type=test-fault",
        "tongfa.channels.held.retry-schedule=0s",
})
class DeliveryInterruptionIntegrationTest {

    /** What the channel does on each call, in turn; once they are used up it delivers. */
    static final AtomicReference<List<Behaviour>> SCRIPT = new AtomicReference<>(List.of());
    static final AtomicInteger CALLS = new AtomicInteger();
    static final Path dir;

    static {
        try {
            dir = Files.createTempDirectory("tongfa-interruption");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    interface Behaviour {
        void run() throws Exception;
    }

    @TestConfiguration
    static class FaultChannelConfiguration {

        @Bean
        ChannelFactory faultChannels() {
            return new ChannelFactory() {
                @Override
                public String type() {
                    return "test-fault";
                }

                @Override
                public Channel create(ChannelConfig config) {
                    return new FaultChannel(config.channelId());
                }
            };
        }
    }

    /** Follows {@link #SCRIPT}, one step per call. */
    record FaultChannel(String id) implements Channel {

        @Override
        public DeliveryReceipt deliver(Dispatch dispatch) throws RetryLaterException, GiveUpException {
            int call = CALLS.getAndIncrement();
            List<Behaviour> script = SCRIPT.get();
            if (call < script.size()) {
                try {
                    script.get(call).run();
                } catch (RetryLaterException | GiveUpException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return new DeliveryReceipt("remote-" + dispatch.deliveryId(), null);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabases::h2Url);
        registry.add("tongfa.data-directory", () -> dir.toString());
        registry.add("tongfa.channels.archive.directory", () -> dir.resolve("archive").toString());
    }

    @Autowired
    ItemService items;
    @Autowired
    DeliveryLedger ledger;
    @Autowired
    ChannelHealth health;
    @Autowired
    DeliveryWorker worker;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void reset() {
        CALLS.set(0);
        SCRIPT.set(List.of());
        health.succeeded("fault");
    }

    private String publish(String title) {
        ItemView item = items.create(ItemRequests.news(title, List.of("fault")), TestCallers.EDITOR);
        items.publish(item.id(), null, TestCallers.EDITOR);
        return item.id();
    }

    private Delivery row(String itemId) {
        return ledger.forItem(itemId).stream().filter(d -> d.channel().equals("fault")).findFirst().orElseThrow();
    }

    @Test
    void anInterruptedAttemptIsHandedBackNeitherShortRetriedNorCountedAgainstTheChannel() {
        Behaviour interrupted = () -> {
            // What a channel reports when an interrupt cut its work short.
            throw RetryLaterException.outcomeUnknown("interrupted while preparing an image",
                    new InterruptedException("interrupted"));
        };
        // As many as one attempt's call and its two short retries.
        SCRIPT.set(List.of(interrupted, interrupted, interrupted));

        String id = publish("中断后重试");

        // A counted failure would have ended DEAD (one attempt) and opened the circuit for an hour.
        await().atMost(Duration.ofSeconds(15)).until(() -> row(id).status() == DeliveryStatus.DELIVERED);
        assertThat(CALLS.get()).isEqualTo(4);
        assertThat(row(id).attempts()).as("attempts: one call each, no short retries").isEqualTo(4);
    }

    @Test
    void recordingAnInterruptedAttemptWritesTheLedgerAndKeepsTheThreadsInterrupt() {
        // Paused for the rest of this class, so that the routes leave its rows to this test.
        pausedByAnotherNode("held");
        try {
            ItemView item = items.create(ItemRequests.news("停止时中断", List.of("held")), TestCallers.EDITOR);
            items.publish(item.id(), null, TestCallers.EDITOR);
            Delivery claimed = ledger.claim("held", 1, "interruption-test", Instant.now(),
                    Instant.now().plus(Duration.ofMinutes(5))).get(0);

            Thread.currentThread().interrupt();
            worker.record(claimed, RetryLaterException.outcomeUnknown("wechat channel held: media/uploadimg was interrupted",
                    new InterruptedIOException("interrupted")));
            boolean stillInterrupted = Thread.interrupted();

            assertThat(stillInterrupted).isTrue();
            Delivery handedBack = ledger.find(claimed.id()).orElseThrow();
            assertThat(handedBack.status()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(handedBack.lastError()).contains("interrupted").contains("outcome unknown");
            // Not an attempt of the schedule: retried as often as the channel's schedule allows.
            assertThat(handedBack.retryFrom()).isEqualTo(handedBack.attempts());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anAttemptThatRanOutOfMemoryStaysRetryableAndIsNotCountedAgainstTheChannel() {
        SCRIPT.set(List.of(() -> {
            throw new OutOfMemoryError("Java heap space");
        }));

        String id = publish("内存不足后重试");

        // Recorded, and the exchange finished (the breaker would have counted it by then).
        await().atMost(Duration.ofSeconds(15)).until(() -> row(id).lastError() != null && worker.inFlightCount("fault") == 0);
        Delivery handedBack = row(id);
        assertThat(handedBack.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(handedBack.lastError()).contains("OutOfMemoryError");
        assertThat(handedBack.nextAttemptAt()).isAfter(Instant.now());
        assertThat(health.state("fault")).isEqualTo(ChannelHealth.State.CLOSED);
    }

    @Test
    void aRealFailureIsStillCountedAgainstTheChannel() {
        SCRIPT.set(List.of(() -> {
            throw new RetryLaterException("HTTP 503");
        }, () -> {
            throw new RetryLaterException("HTTP 503");
        }, () -> {
            throw new RetryLaterException("HTTP 503");
        }));

        String id = publish("真实失败");

        // The ledger is written before the breaker counts: wait for both.
        await().atMost(Duration.ofSeconds(15)).until(() -> row(id).status() == DeliveryStatus.DEAD
                && health.state("fault") == ChannelHealth.State.OPEN);
    }

    /**
     * Pauses {@code channel} as another node would (in the shared {@code channel_state} only): this node's
     * routes claim nothing for it, while a row the test claims itself may still be attempted here. A pause
     * recorded through this node's {@link ChannelHealth} would also hold back what the test claimed.
     */
    private void pausedByAnotherNode(String channel) {
        jdbc.sql("DELETE FROM channel_state WHERE channel = :channel").param("channel", channel).update();
        jdbc.sql("INSERT INTO channel_state (channel, disabled, paused_until, updated_at) VALUES (:channel, FALSE, :until, :now)")
                .param("channel", channel).param("until", java.sql.Timestamp.from(Instant.now().plus(Duration.ofHours(1))))
                .param("now", java.sql.Timestamp.from(Instant.now())).update();
    }

    /** A row of the paused channel "held", claimed by this test rather than by the routes. */
    private Delivery claimHeld(String title) {
        pausedByAnotherNode("held");
        ItemView item = items.create(ItemRequests.news(title, List.of("held")), TestCallers.EDITOR);
        items.publish(item.id(), null, TestCallers.EDITOR);
        return ledger.claim("held", 1, "interruption-test", Instant.now(), Instant.now().plus(Duration.ofMinutes(5)))
                .get(0);
    }

    private static Dispatch dispatchOf(Delivery row) {
        return new Dispatch(row.id(), row.idempotencyKey(), row.action(), row.attempts(), null, null, null);
    }

    @Test
    void anAwaitingAnswerIsRecordedWithoutSpendingTheScheduleOrCountingAgainstTheChannel() throws Exception {
        Delivery claimed = claimHeld("等待对方完成");
        Channel publishing = dispatch -> DeliveryResult.awaiting("publish job 42 still publishing", Duration.ofMinutes(5));

        Instant before = Instant.now();
        worker.attempt(new DeliveryTask(claimed, publishing, dispatchOf(claimed)));

        Delivery waiting = ledger.find(claimed.id()).orElseThrow();
        assertThat(waiting.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(waiting.lastError()).isEqualTo("publish job 42 still publishing");
        assertThat(waiting.nextAttemptAt()).isAfterOrEqualTo(before.plus(Duration.ofMinutes(5)));
        // The one scheduled attempt ("0s") is not spent: the row is not DEAD and can be tried again.
        assertThat(waiting.retryFrom()).isEqualTo(waiting.attempts());
        assertThat(health.state("held")).isEqualTo(ChannelHealth.State.PAUSED);
    }

    @Test
    void aPermanentRefusalFailsTheDeliveryButLeavesTheChannelWorking() {
        Delivery claimed = claimHeld("永久拒绝");

        worker.record(claimed, new GiveUpException("HTTP 422: title too long"));

        Delivery failed = ledger.find(claimed.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.lastError()).isEqualTo("HTTP 422: title too long");
        assertThat(health.state("held")).isNotEqualTo(ChannelHealth.State.DISABLED);
    }

    @Test
    void aPartnerThatIsGoneFailsTheDeliveryAndDisablesTheChannel() {
        Delivery claimed = claimHeld("对方已下线");
        try {
            worker.record(claimed, GiveUpException.partnerGone("HTTP 410 (the endpoint is gone; channel disabled)"));

            assertThat(ledger.find(claimed.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(health.state("held")).isEqualTo(ChannelHealth.State.DISABLED);
            assertThat(health.disabledReason("held")).contains("HTTP 410");
            // The service's own switch is on the audit trail: no actor, the channel, the delivery, the reason.
            List<Map<String, Object>> audited = jdbc.sql("SELECT actor, item_id, changes_json FROM audit_entry "
                    + "WHERE action = 'CHANNEL_DISABLE' AND changes_json LIKE :delivery")
                    .param("delivery", "%\"delivery\":\"" + claimed.id() + "\"%").query().listOfRows();
            assertThat(audited).hasSize(1);
            assertThat(audited.get(0).get("actor")).isNull();
            assertThat(audited.get(0).get("item_id")).isEqualTo(claimed.itemId());
            assertThat((String) audited.get(0).get("changes_json")).contains("\"channel\":\"held\"")
                    .contains("HTTP 410 (the endpoint is gone; channel disabled)");
        } finally {
            health.enable("held");
            pausedByAnotherNode("held");
        }
    }
}
