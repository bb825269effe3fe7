package org.tongfa.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tongfa.support.JdbcTestConfig;
import org.tongfa.support.ItemRows;

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
    private boolean h2;

    /** A fresh database URL for each test. */
    abstract String url();

    @Configuration
    @Import(JdbcTestConfig.class)
    static class LedgerConfig {
        @Bean
        DeliveryLedger deliveryLedger(JdbcClient jdbc) {
            return new DeliveryLedger(jdbc);
        }
    }

    @BeforeEach
    void start() {
        String url = url();
        h2 = url.startsWith("jdbc:h2");
        DataSource ds = org.tongfa.support.TestDatabases.migrated(url);
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
        return ItemRows.insert(jdbc, UUID.randomUUID().toString(), "PUBLISHED", T0);
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
    void successesRecordedTogetherAreEachGuardedByTheirOwnAttempt() {
        String a = item();
        String b = item();
        String c = item();
        publish(a, 1, "web");
        publish(b, 1, "web");
        publish(c, 1, "web");
        List<Delivery> held = ledger.claim("web", 3, "n1", T0, T0.plusSeconds(60));
        assertThat(held).hasSize(3);
        Delivery stale = held.stream().filter(d -> d.itemId().equals(b)).findFirst().orElseThrow();
        // b's lease lapses and n2 takes it: n1's success for b is no longer n1's to record.
        jdbc.sql("UPDATE delivery SET lease_until = :t WHERE id = :id")
                .param("t", T0.plusSeconds(1).atOffset(ZoneOffset.UTC)).param("id", stale.id()).update();
        Delivery taken = claim("web", 1, "n2", T0.plusSeconds(2)).get(0);
        assertThat(taken.id()).isEqualTo(stale.id());

        List<DeliveryLedger.Success> batch = held.stream()
                .map(d -> new DeliveryLedger.Success(d, "r-" + d.itemId(), null, T0.plusSeconds(3))).toList();
        boolean[] recorded = ledger.markDelivered(batch);

        for (int i = 0; i < held.size(); i++) {
            Delivery d = held.get(i);
            Delivery now = ledger.find(d.id()).orElseThrow();
            if (d.id() == stale.id()) {
                assertThat(recorded[i]).as("the taken-over row").isFalse();
                assertThat(now.status()).isEqualTo(DeliveryStatus.IN_PROGRESS);
                assertThat(now.leaseOwner()).isEqualTo("n2");
            } else {
                assertThat(recorded[i]).as("row %d", d.id()).isTrue();
                assertThat(now.status()).isEqualTo(DeliveryStatus.DELIVERED);
                assertThat(now.remoteId()).isEqualTo("r-" + d.itemId());
            }
        }
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

    private List<String> retract(String item, int version, String... channels) {
        return tx.execute(s -> ledger.enqueueRetract(item, version, List.of(channels), Set.of(channels), "retracted", T0));
    }

    private Delivery row(String item, Action action, int version) {
        return ledger.forItem(item).stream().filter(d -> d.action() == action && d.itemVersion() == version)
                .findFirst().orElseThrow();
    }

    /** Sessions waiting for a row lock another transaction holds. */
    private long blockedSessions() {
        String sql = h2 ? "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL"
                : "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()";
        return jdbc.sql(sql).query(Long.class).single();
    }

    @Test
    void aRetractionRacingAClaimOfThePublicationStillQueuesTheRetraction() throws Exception {
        String a = item();
        publish(a, 1, "web");
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // A node has claimed the row (locked, attempts 1) but not committed yet when the editor retracts.
            java.util.concurrent.Future<?> claim = pool.submit(() -> tx.executeWithoutResult(s -> {
                assertThat(claim("web", 1, "n1", T0)).hasSize(1);
                claimed.countDown();
                try {
                    commit.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();
            java.util.concurrent.Future<List<String>> retraction = pool.submit(() -> retract(a, 1, "web"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> blockedSessions() > 0);
            commit.countDown();
            claim.get(30, TimeUnit.SECONDS);

            assertThat(retraction.get(30, TimeUnit.SECONDS)).as("the claimed publication may arrive").containsExactly("web");
        } finally {
            commit.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aRetractionQueuedWhileThePublicationIsInFlightIsNotUndoneWhenThatAttemptFails() {
        String a = item();
        publish(a, 1, "web");
        Delivery inFlight = claim("web", 1, "n1", T0).get(0);
        assertThat(retract(a, 1, "web")).as("the publication may arrive: it must be taken back").containsExactly("web");

        assertThat(ledger.markRetry(inFlight.id(), inFlight.attempts(), "HTTP 503", T0, T0)).isTrue();

        Delivery publication = ledger.find(inFlight.id()).orElseThrow();
        assertThat(publication.status()).isEqualTo(DeliveryStatus.RETRACTED);
        assertThat(publication.lastError()).contains("HTTP 503").contains("not sent again");
        assertThat(claim("web", 10, "n2", T0.plusSeconds(1))).singleElement()
                .satisfies(d -> assertThat(d.action()).isEqualTo(Action.RETRACT));
        assertThat(claim("web", 10, "n2", T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void anOlderVersionInFlightIsNeverSentAfterTheNewerOne() {
        String a = item();
        publish(a, 1, "web");
        Delivery v1 = claim("web", 1, "n1", T0).get(0);
        publish(a, 2, "web");
        assertThat(claim("web", 10, "n2", T0)).as("v2 waits while v1 is in flight").isEmpty();

        ledger.markAwaiting(v1.id(), v1.attempts(), "remote job running", T0.plusSeconds(30), T0);

        assertThat(ledger.find(v1.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.SUPERSEDED);
        assertThat(claim("web", 10, "n2", T0.plusSeconds(60))).singleElement()
                .satisfies(d -> assertThat(d.itemVersion()).isEqualTo(2));
    }

    @Test
    void aRestartOrALapsedLeaseNeverBringsBackAPublicationThatWasReplacedMeanwhile() {
        String a = item();
        String b = item();
        publish(a, 1, "web");
        publish(b, 1, "web");
        Delivery heldByN1 = claim("web", 1, "n1", T0).get(0);
        Delivery heldByN2 = claim("web", 1, "n2", T0).get(0);
        retract(heldByN1.itemId(), 1, "web");
        publish(heldByN2.itemId(), 2, "web");

        assertThat(ledger.releaseLeasesOf("n1", T0.plusSeconds(1))).isEqualTo(1);
        assertThat(ledger.find(heldByN1.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.RETRACTED);
        // n2 died without coming back: its lease lapses and the later version goes out instead of a takeover.
        List<Delivery> next = claim("web", 10, "n1", T0.plus(Duration.ofMinutes(6)));
        assertThat(next).extracting(Delivery::action, Delivery::itemVersion).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(Action.RETRACT, 1), org.assertj.core.groups.Tuple.tuple(Action.PUBLISH, 2));
        Delivery takenOver = ledger.find(heldByN2.id()).orElseThrow();
        assertThat(takenOver.status()).isEqualTo(DeliveryStatus.SUPERSEDED);
        assertThat(takenOver.leaseOwner()).isNull();
        assertThat(ledger.markDelivered(heldByN2.id(), heldByN2.attempts(), "late", null, T0.plus(Duration.ofMinutes(7))))
                .as("the hung attempt is fenced").isFalse();
    }

    @Test
    void aRetryByHandOfAPublicationThatARetractionReplacedIsRefused() {
        String a = item();
        publish(a, 1, "web");
        Delivery d = claim("web", 1, "n1", T0).get(0);
        ledger.markFinal(d.id(), d.attempts(), DeliveryStatus.DEAD, "gave up after 8 attempts", T0);
        List<String> queued = retract(a, 1, "web");

        assertThat(queued).containsExactly("web");
        Delivery publication = ledger.find(d.id()).orElseThrow();
        assertThat(publication.status()).as("withdrawn: nothing left to retry").isEqualTo(DeliveryStatus.RETRACTED);
        assertThat(publication.lastError()).as("the failure stays on record").contains("gave up after 8 attempts");
        assertThat(ledger.requeue(d.id(), T0.plusSeconds(5))).isFalse();
        assertThat(ledger.successor(d.id())).hasValueSatisfying(s -> assertThat(s.action()).isEqualTo(Action.RETRACT));

        // Even a row left FAILED by an older release (or a race) is refused while a later action exists.
        jdbc.sql("UPDATE delivery SET status = 'FAILED' WHERE id = :id").param("id", d.id()).update();
        assertThat(ledger.requeue(d.id(), T0.plusSeconds(5))).isFalse();
        assertThat(claim("web", 10, "n1", T0.plusSeconds(5))).extracting(Delivery::action).containsExactly(Action.RETRACT);
    }

    @Test
    void aFailedPublicationOfARetractedItemCannotBeRetriedOnAChannelThatTakesNoRetraction() {
        String a = item();
        publish(a, 1, "screen");
        Delivery d = claim("screen", 1, "n1", T0).get(0);
        ledger.markFinal(d.id(), d.attempts(), DeliveryStatus.FAILED, "HTTP 422", T0);

        List<String> queued = tx.execute(s -> ledger.enqueueRetract(a, 1, List.of("screen"), Set.of(), "retracted", T0));

        assertThat(queued).isEmpty();
        assertThat(ledger.find(d.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.RETRACTED);
        assertThat(ledger.requeue(d.id(), T0.plusSeconds(5))).isFalse();
    }

    @Test
    void aFailedOlderVersionIsSupersededByTheNextOneAndNotOfferedForRetry() {
        String a = item();
        publish(a, 1, "web");
        Delivery d = claim("web", 1, "n1", T0).get(0);
        ledger.markFinal(d.id(), d.attempts(), DeliveryStatus.FAILED, "HTTP 422: title rejected", T0);
        publish(a, 2, "web");

        assertThat(ledger.find(d.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.SUPERSEDED);
        assertThat(ledger.requeue(d.id(), T0)).isFalse();
        assertThat(ledger.countsByChannel().get("web")).doesNotContainKey(DeliveryStatus.FAILED);
    }

    @Test
    void retractingAnItemAfterOneOfItsChannelsWasRemovedQueuesNoSecondRetraction() {
        String a = item();
        publish(a, 1, "web", "app");
        claim("web", 1, "n1", T0).forEach(d -> ledger.markDelivered(d.id(), d.attempts(), "r", null, T0));
        claim("app", 1, "n1", T0).forEach(d -> ledger.markDelivered(d.id(), d.attempts(), "r", null, T0));
        // v2 drops "web" (ItemService.redeliver), then the item is retracted at its released version 2.
        tx.executeWithoutResult(s -> {
            ledger.enqueuePublish(a, 2, List.of("app"), T0);
            ledger.enqueueRetract(a, 2, List.of("web"), Set.of("web"), "channel removed from the item", T0);
        });

        List<String> queued = retract(a, 2, "web", "app");

        assertThat(queued).containsExactly("app");
        assertThat(ledger.forItem(a)).filteredOn(d -> d.action() == Action.RETRACT).extracting(Delivery::channel)
                .containsExactlyInAnyOrder("web", "app");
    }

    @Test
    void aRemoteIdOrUrlThePartnerSentBackCanNeverStopTheSuccessBeingRecorded() {
        String a = item();
        publish(a, 1, "web", "app", "folder");
        Delivery web = claim("web", 1, "n1", T0).get(0);
        Delivery app = claim("app", 1, "n1", T0).get(0);
        Delivery folder = claim("folder", 1, "n1", T0).get(0);
        String longId = "x".repeat(600);
        String hostile = "id\u0000with\u0007controls\uD800and a lone surrogate";

        assertThat(ledger.markDelivered(web, longId, "https://partner.example/" + "p".repeat(2100), T0)).isTrue();
        assertThat(ledger.markDelivered(app, hostile, "javascript:alert(1)", T0)).isTrue();
        assertThat(ledger.markDelivered(folder, "pkg", "file:///srv/outbox/pkg", T0)).isTrue();

        Delivery w = ledger.find(web.id()).orElseThrow();
        assertThat(w.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(w.remoteId()).hasSize(512).startsWith("xxxx").endsWith("…");
        assertThat(w.remoteUrl()).as("a cut URL points nowhere: dropped").isNull();
        Delivery p = ledger.find(app.id()).orElseThrow();
        assertThat(p.remoteId()).isEqualTo("idwithcontrolsand a lone surrogate");
        assertThat(p.remoteUrl()).isNull();
        assertThat(ledger.find(folder.id()).orElseThrow().remoteUrl()).isEqualTo("file:///srv/outbox/pkg");
    }

    @Test
    void aPartnersErrorTextWithNulAndControlCharactersIsStoredCleanedAndCut() {
        String a = item();
        publish(a, 1, "web");
        Delivery d = claim("web", 1, "n1", T0).get(0);

        assertThat(ledger.markFinal(d.id(), d.attempts(), DeliveryStatus.FAILED,
                "HTTP 422: \u0000bad\u001b[31m title\n" + "\uD83D\uDE00".repeat(1500), T0)).isTrue();

        Delivery failed = ledger.find(d.id()).orElseThrow();
        assertThat(failed.lastError()).startsWith("HTTP 422: bad[31m title\n").hasSizeLessThanOrEqualTo(2000)
                .endsWith("…");
        assertThat(failed.lastError().chars().filter(c -> Character.isSurrogate((char) c)).count() % 2).isZero();
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
