package org.tongfa.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger's guarantees, run against each real database: claiming is exclusive across nodes, leases
 * lapse and fence, versions supersede, retractions follow publications, and a restarted node hands
 * its work back. The ledger runs behind Spring's transaction proxy, as in the service.
 */
abstract class DeliveryLedgerContract {

    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    private AnnotationConfigApplicationContext context;
    private DeliveryLedger ledger;
    private JdbcClient jdbc;
    private TransactionTemplate tx;

    /** A fresh database URL for each test. */
    abstract String url();

    @Configuration
    @EnableTransactionManagement
    static class LedgerConfig {
        @Bean
        JdbcClient jdbcClient(DataSource ds) {
            return JdbcClient.create(ds);
        }

        @Bean
        PlatformTransactionManager transactionManager(DataSource ds) {
            return new DataSourceTransactionManager(ds);
        }

        @Bean
        DeliveryLedger deliveryLedger(JdbcClient jdbc) {
            return new DeliveryLedger(jdbc);
        }
    }

    @BeforeEach
    void start() {
        DataSource ds = org.tongfa.support.TestDatabases.migrated(url());
        context = new AnnotationConfigApplicationContext();
        context.registerBean(DataSource.class, () -> ds);
        context.register(LedgerConfig.class);
        context.refresh();
        ledger = context.getBean(DeliveryLedger.class);
        jdbc = context.getBean(JdbcClient.class);
        tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    }

    @AfterEach
    void stop() {
        context.close();
    }

    private String item() {
        String id = UUID.randomUUID().toString();
        OffsetDateTime now = T0.atOffset(ZoneOffset.UTC);
        jdbc.sql("INSERT INTO item (id, status, current_version, column_key, title, disclosure_type, priority, "
                        + "created_at, created_by, updated_at) VALUES (:id, 'PUBLISHED', 1, 'news', 't', 'PROACTIVE', "
                        + "'NORMAL', :now, 'test', :now)")
                .param("id", id).param("now", now).update();
        return id;
    }

    private void publish(String item, int version, String... channels) {
        tx.executeWithoutResult(s -> ledger.enqueuePublish(item, version, List.of(channels), T0));
    }

    private List<Delivery> claim(String channel, int limit, String node, Instant now) {
        return ledger.claim(channel, limit, node, now, now.plus(Duration.ofMinutes(5)));
    }

    @Test
    void claimsDueRowsOnceAndOnlyForTheirChannel() {
        String a = item();
        String b = item();
        publish(a, 1, "web", "app");
        publish(b, 1, "web");

        List<Delivery> first = claim("web", 10, "n1", T0);
        assertThat(first).extracting(Delivery::itemId).containsExactlyInAnyOrder(a, b);
        assertThat(first).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.IN_PROGRESS);
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.leaseOwner()).isEqualTo("n1");
        });
        assertThat(claim("web", 10, "n2", T0)).isEmpty();
        assertThat(claim("app", 10, "n2", T0)).singleElement().extracting(Delivery::itemId).isEqualTo(a);
    }

    @Test
    void rowsScheduledForLaterAreNotClaimedEarly() {
        String a = item();
        publish(a, 1, "web");
        Delivery d = claim("web", 1, "n1", T0).get(0);
        ledger.markRetry(d.id(), d.attempts(), "HTTP 503", T0.plusSeconds(5), T0);

        assertThat(claim("web", 10, "n1", T0.plusSeconds(4))).isEmpty();
        assertThat(claim("web", 10, "n1", T0.plusSeconds(5))).singleElement()
                .satisfies(again -> assertThat(again.attempts()).isEqualTo(2));
    }

    @Test
    void aLapsedLeaseIsTakenOverAndFencesTheOldHolder() {
        String a = item();
        publish(a, 1, "web");
        Delivery held = ledger.claim("web", 1, "n1", T0, T0.plusSeconds(60)).get(0);

        assertThat(claim("web", 1, "n2", T0.plusSeconds(59))).isEmpty();
        Delivery taken = claim("web", 1, "n2", T0.plusSeconds(61)).get(0);
        assertThat(taken.attempts()).isEqualTo(2);

        assertThat(ledger.markDelivered(held.id(), held.attempts(), "late", null, T0.plusSeconds(62))).isFalse();
        assertThat(ledger.markDelivered(taken.id(), taken.attempts(), "r-1", "https://x/1", T0.plusSeconds(62))).isTrue();
        Delivery done = ledger.find(held.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(done.remoteId()).isEqualTo("r-1");
    }

    @Test
    void aRestartedNodeHandsBackWhatItHeld() {
        String a = item();
        String b = item();
        publish(a, 1, "web");
        publish(b, 1, "web");
        claim("web", 1, "n1", T0);
        claim("web", 1, "n2", T0);

        assertThat(ledger.releaseLeasesOf("n1", T0.plusSeconds(1))).isEqualTo(1);

        List<Delivery> rows = ledger.forItem(a);
        assertThat(rows).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(d.lastError()).contains("outcome unknown");
        });
        assertThat(ledger.forItem(b).get(0).status()).isEqualTo(DeliveryStatus.IN_PROGRESS);
        Delivery again = claim("web", 10, "n1", T0.plusSeconds(1)).get(0);
        assertThat(again.itemId()).isEqualTo(a);
        assertThat(again.idempotencyKey()).isEqualTo(rows.get(0).idempotencyKey());
    }

    @Test
    void aNewVersionSupersedesAWaitingOne() {
        String a = item();
        publish(a, 1, "web");
        publish(a, 2, "web");

        List<Delivery> rows = ledger.forItem(a);
        assertThat(rows).extracting(Delivery::itemVersion, Delivery::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, DeliveryStatus.SUPERSEDED),
                org.assertj.core.groups.Tuple.tuple(2, DeliveryStatus.PENDING));
        assertThat(claim("web", 10, "n1", T0)).extracting(Delivery::itemVersion).containsExactly(2);
    }

    @Test
    void laterRowsOfAnItemWaitForAnEarlierOneInProgress() {
        String a = item();
        publish(a, 1, "web");
        Delivery first = claim("web", 1, "n1", T0).get(0);
        List<String> queued = tx.execute(s -> ledger.enqueueRetract(a, 1, List.of("web"), Set.of("web"), "retracted", T0));
        assertThat(queued).containsExactly("web");

        assertThat(claim("web", 10, "n2", T0)).isEmpty();
        ledger.markDelivered(first.id(), first.attempts(), "r", null, T0.plusSeconds(1));
        Delivery retract = claim("web", 10, "n2", T0.plusSeconds(1)).get(0);
        assertThat(retract.action()).isEqualTo(Action.RETRACT);

        ledger.markDelivered(retract.id(), retract.attempts(), null, null, T0.plusSeconds(2));
        assertThat(ledger.find(first.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.RETRACTED);
    }

    @Test
    void retractingBeforeAnyAttemptCancelsWithoutTellingTheChannel() {
        String a = item();
        publish(a, 1, "web");

        List<String> queued = tx.execute(s -> ledger.enqueueRetract(a, 1, List.of("web"), Set.of("web"), "retracted", T0));

        assertThat(queued).isEmpty();
        assertThat(ledger.forItem(a)).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.RETRACTED);
            assertThat(d.lastError()).contains("withdrawn before delivery");
        });
        assertThat(claim("web", 10, "n1", T0)).isEmpty();
    }

    @Test
    void aFailedDeliveryCanBeRequeuedWithAFreshSchedule() {
        String a = item();
        publish(a, 1, "web");
        Delivery d = claim("web", 1, "n1", T0).get(0);
        ledger.markFinal(d.id(), d.attempts(), DeliveryStatus.FAILED, "HTTP 422: title rejected", T0);

        assertThat(ledger.requeue(d.id(), T0.plusSeconds(10))).isTrue();
        assertThat(ledger.requeue(d.id(), T0.plusSeconds(10))).isFalse();
        Delivery again = claim("web", 1, "n1", T0.plusSeconds(10)).get(0);
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.retryFrom()).isEqualTo(1);
    }

    @Test
    void anAwaitingAttemptSpendsNoRetryAndCanBeBroughtForward() {
        String a = item();
        publish(a, 1, "wechat");
        Delivery d = claim("wechat", 1, "n1", T0).get(0);

        assertThat(ledger.markAwaiting(d.id(), d.attempts(), "awaiting PUBLISHJOBFINISH", T0.plusSeconds(60), T0)).isTrue();
        assertThat(claim("wechat", 10, "n1", T0.plusSeconds(1))).isEmpty();
        assertThat(ledger.expedite(d.id(), T0.plusSeconds(1))).isTrue();

        Delivery again = claim("wechat", 1, "n1", T0.plusSeconds(1)).get(0);
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.attempts() - again.retryFrom()).isEqualTo(1);
        assertThat(ledger.expedite(d.id(), T0.plusSeconds(2))).isFalse();
    }

    @Test
    void deliveryProgressSurvivesTheCallersRollbackAndIsFoundByValue() {
        String a = item();
        publish(a, 1, "wechat", "web");
        long row = ledger.forItem(a).stream().filter(r -> r.channel().equals("wechat")).findFirst().orElseThrow().id();
        DeliveryProgressStore store = new DeliveryProgressStore(jdbc, context.getBean(PlatformTransactionManager.class),
                java.time.Clock.fixed(T0, ZoneOffset.UTC));

        assertThat(store.of(row).get("wechat.publish-id")).isEmpty();
        store.of(row).put("wechat.publish-id", "1");
        store.of(row).put("wechat.publish-id", "2247503051");
        tx.executeWithoutResult(status -> {
            store.of(row).put("wechat.draft-media-id", "DRAFT-1");
            status.setRollbackOnly();
        });

        assertThat(store.of(row).get("wechat.publish-id")).contains("2247503051");
        assertThat(store.of(row).get("wechat.draft-media-id")).contains("DRAFT-1");
        assertThat(store.findDelivery("wechat", "wechat.publish-id", "2247503051")).contains(row);
        assertThat(store.findDelivery("web", "wechat.publish-id", "2247503051")).isEmpty();
    }

    @Test
    void nodesClaimingConcurrentlyNeverShareARow() throws Exception {
        int items = 120;
        for (int i = 0; i < items; i++) {
            publish(item(), 1, "web");
        }
        List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
        int workers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            String node = "node-" + (w % 2);
            futures.add(pool.submit(() -> {
                start.await();
                for (int round = 0; round < 200; round++) {
                    List<Delivery> got = claim("web", 4, node, T0);
                    if (got.isEmpty() && claimed.size() >= items) {
                        break;
                    }
                    got.forEach(d -> claimed.add(d.id()));
                }
                return null;
            }));
        }
        start.countDown();
        for (var f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdownNow();

        assertThat(claimed).hasSize(items).doesNotHaveDuplicates();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM delivery WHERE attempts <> 1").query(Long.class).single()).isZero();
    }

    @Test
    void countsBacklogByChannelAndStatus() {
        publish(item(), 1, "web", "app");
        publish(item(), 1, "web");
        claim("app", 1, "n1", T0);

        var counts = ledger.countsByChannel();
        assertThat(counts.get("web")).containsEntry(DeliveryStatus.PENDING, 2L);
        assertThat(counts.get("app")).containsEntry(DeliveryStatus.IN_PROGRESS, 1L);
    }

    static Instant truncated(Instant i) {
        return i.truncatedTo(ChronoUnit.MILLIS);
    }
}
