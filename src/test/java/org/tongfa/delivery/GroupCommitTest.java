package org.tongfa.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.tongfa.support.JdbcTestConfig;
import org.tongfa.support.TestDatabases;
import org.tongfa.support.ItemRows;

/**
 * Successes that end together are committed together, each answered by its own row's guard, and a
 * batch that cannot be committed leaves each worker to record its own. On H2, behind Spring's
 * transaction proxy as in the service; the ledger records each batch it is given.
 */
class GroupCommitTest {

    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    /** The ledger, recording the size of each batch; the first batch can be held until the test opens it. */
    static class ObservedLedger extends DeliveryLedger {
        final List<Integer> batches = new CopyOnWriteArrayList<>();
        volatile CountDownLatch holdFirst;
        final AtomicBoolean failNext = new AtomicBoolean();

        ObservedLedger(JdbcClient jdbc) {
            super(jdbc);
        }

        @Override
        @Transactional
        public boolean[] markDelivered(List<Success> successes) {
            batches.add(successes.size());
            CountDownLatch hold = holdFirst;
            if (hold != null && batches.size() == 1) {
                try {
                    hold.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            boolean[] done = super.markDelivered(successes);
            if (failNext.getAndSet(false)) {
                throw new IllegalStateException("the database went away");
            }
            return done;
        }
    }

    @Configuration
    @Import(JdbcTestConfig.class)
    static class Config {
        @Bean
        ObservedLedger deliveryLedger(JdbcClient jdbc) {
            return new ObservedLedger(jdbc);
        }
    }

    private AnnotationConfigApplicationContext context;
    private ObservedLedger observed;
    private DeliveryLedger ledger;
    private JdbcClient jdbc;
    private TransactionTemplate tx;

    @BeforeEach
    void start() {
        DataSource ds = TestDatabases.migrated(TestDatabases.h2Url());
        context = new AnnotationConfigApplicationContext();
        context.registerBean(DataSource.class, () -> ds);
        context.register(Config.class);
        context.refresh();
        ledger = context.getBean(DeliveryLedger.class);
        observed = (ObservedLedger) org.springframework.aop.framework.AopProxyUtils.getSingletonTarget(ledger);
        jdbc = context.getBean(JdbcClient.class);
        tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    }

    @AfterEach
    void stop() {
        context.close();
    }

    private List<Delivery> claimed(int n) {
        for (int i = 0; i < n; i++) {
            String id = ItemRows.insert(jdbc, UUID.randomUUID().toString(), "PUBLISHED", T0);
            tx.executeWithoutResult(s -> ledger.enqueuePublish(id, 1, List.of("web"), T0));
        }
        List<Delivery> rows = ledger.claim("web", n, "n1", T0, T0.plus(Duration.ofMinutes(5)));
        assertThat(rows).hasSize(n);
        return rows;
    }

    @Test
    void aloneASuccessIsItsOwnBatch() {
        GroupCommit group = new GroupCommit(ledger);
        Delivery row = claimed(1).get(0);

        assertThat(group.record(row, "r-1", null, T0.plusSeconds(1))).isTrue();
        assertThat(observed.batches).containsExactly(1);
        assertThat(ledger.find(row.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
        // Recorded already: the attempt is no longer open, and the ledger says so.
        assertThat(group.record(row, "r-1", null, T0.plusSeconds(2))).isFalse();
    }

    @Test
    void successesArrivingDuringACommitGoInTheNextOneTogether() throws Exception {
        GroupCommit group = new GroupCommit(ledger);
        List<Delivery> rows = claimed(16);
        CountDownLatch hold = new CountDownLatch(1);
        observed.holdFirst = hold;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            answers.add(pool.submit(() -> group.record(rows.get(0), "r-0", null, T0.plusSeconds(1))));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> !observed.batches.isEmpty());
            // The first commit is under way; fifteen more successes arrive meanwhile.
            CountDownLatch queued = new CountDownLatch(15);
            for (int i = 1; i < 16; i++) {
                Delivery row = rows.get(i);
                answers.add(pool.submit(() -> {
                    queued.countDown();
                    return group.record(row, "r-" + row.id(), null, T0.plusSeconds(1));
                }));
            }
            queued.await(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> group.queued() == 15);
            hold.countDown();
            for (Future<Boolean> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(observed.batches).containsExactly(1, 15);
        assertThat(rows).allSatisfy(row -> assertThat(ledger.find(row.id()).orElseThrow().status())
                .isEqualTo(DeliveryStatus.DELIVERED));
    }

    @Test
    void manyWorkersAtOnceRecordEveryRowOnceInFewerTransactions() throws Exception {
        GroupCommit group = new GroupCommit(ledger);
        List<Delivery> rows = claimed(400);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (Delivery row : rows) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return group.record(row, null, null, T0.plusSeconds(1));
                }));
            }
            go.countDown();
            for (Future<Boolean> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(observed.batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(400);
        // Twenty workers at once: commits carried several successes each.
        assertThat(observed.batches).hasSizeLessThan(400);
        assertThat(observed.batches).allSatisfy(size -> assertThat(size).isBetween(1, GroupCommit.MAX_BATCH));
        assertThat(jdbc.sql("SELECT count(*) FROM delivery WHERE status = 'DELIVERED'").query(Long.class).single())
                .isEqualTo(400);
    }

    @Test
    void aBatchThatCannotBeCommittedRecordsNothingAndLeavesEachToRecordItsOwn() {
        GroupCommit group = new GroupCommit(ledger);
        Delivery row = claimed(1).get(0);
        observed.failNext.set(true);

        assertThat(group.record(row, "r-1", null, T0.plusSeconds(1))).as("left to the worker").isNull();
        assertThat(ledger.find(row.id()).orElseThrow().status()).as("rolled back").isEqualTo(DeliveryStatus.IN_PROGRESS);
        assertThat(group.record(row, "r-1", null, T0.plusSeconds(2))).isTrue();
    }
}
