package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tongfa.item.ItemScheduler.Due;
import org.tongfa.item.ItemScheduler.Kind;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestDatabases;
import org.tongfa.support.ItemRows;

/**
 * The sweep's claim ({@link ItemScheduler#claim}) as two nodes make it on one database: concurrent
 * claims take disjoint actions and together every due one, once; a claimed action is nobody's until its
 * lease lapses, then any node's; an action handed back is due again at once, unless it was changed
 * meanwhile. Each claim runs in its own transaction, as {@link DueSweep} runs it.
 */
abstract class DueClaimContract {

    private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    abstract String url();

    private JdbcClient jdbc;
    private TransactionTemplate tx;
    private MutableClock clock;
    private ItemScheduler nodeA;
    private ItemScheduler nodeB;
    private ExecutorService pool;

    @BeforeEach
    void start() {
        DataSource ds = TestDatabases.migrated(url());
        jdbc = JdbcClient.create(ds);
        tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        clock = new MutableClock(T0);
        SchedulingProperties settings = new SchedulingProperties(Duration.ofSeconds(10), Duration.ofMinutes(10),
                Duration.ofSeconds(1), LEASE, 50, 4);
        nodeA = new ItemScheduler(jdbc, settings, clock, new SimpleMeterRegistry());
        nodeB = new ItemScheduler(jdbc, settings, clock, new SimpleMeterRegistry());
        pool = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** A SCHEDULED item whose release is set for {@code at}. */
    private String scheduled(Instant at) {
        String id = ItemRows.insert(jdbc, UUID.randomUUID().toString(), "SCHEDULED", T0);
        jdbc.sql("UPDATE item SET scheduled_at = :at, release_job_at = :at, release_next_at = :at WHERE id = :id")
                .param("id", id).param("at", at.atOffset(ZoneOffset.UTC)).update();
        return id;
    }

    private List<Due> claim(ItemScheduler node, int limit) {
        return tx.execute(s -> node.claim(Kind.RELEASE, limit));
    }

    private static Set<String> ids(List<Due> due) {
        Set<String> ids = new HashSet<>();
        due.forEach(d -> ids.add(d.itemId()));
        return ids;
    }

    @Test
    void twoNodesClaimingAtOnceTakeEveryDueActionOnceBetweenThem() throws Exception {
        Set<String> due = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            due.add(scheduled(T0.minusSeconds(i % 3)));
        }
        String later = scheduled(T0.plusSeconds(5));

        // Eight sweeps, four a node, started together, each claiming batches of 7 until it finds none.
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Due>>> sweeps = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ItemScheduler node = i % 2 == 0 ? nodeA : nodeB;
            sweeps.add(pool.submit(() -> {
                go.await();
                List<Due> mine = new ArrayList<>();
                for (List<Due> batch = claim(node, 7); !batch.isEmpty(); batch = claim(node, 7)) {
                    mine.addAll(batch);
                }
                return mine;
            }));
        }
        go.countDown();
        List<String> claimed = new ArrayList<>();
        for (Future<List<Due>> sweep : sweeps) {
            sweep.get(60, TimeUnit.SECONDS).forEach(d -> claimed.add(d.itemId()));
        }

        assertThat(claimed).as("no action claimed twice").doesNotHaveDuplicates();
        assertThat(new HashSet<>(claimed)).as("every due action claimed, nothing not yet due").isEqualTo(due)
                .doesNotContain(later);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM item WHERE release_next_at = :lease")
                .param("lease", T0.plus(LEASE).atOffset(ZoneOffset.UTC)).query(Long.class).single())
                .as("each claimed action leased to the end of the lease").isEqualTo(200L);
    }

    @Test
    void aClaimedActionIsNobodysUntilItsLeaseLapsesThenAnyNodesWithItsTimeUnchanged() {
        Instant at = T0.minusSeconds(1);
        String id = scheduled(at);

        List<Due> first = claim(nodeA, 10);
        assertThat(first).containsExactly(new Due(Kind.RELEASE, id, at));
        assertThat(claim(nodeB, 10)).as("leased to A").isEmpty();
        assertThat(claim(nodeA, 10)).as("not even A claims it twice").isEmpty();

        clock.advance(LEASE.minusMillis(1));
        assertThat(claim(nodeB, 10)).as("the lease has not lapsed").isEmpty();

        // A died holding it: at the end of its lease the survivor takes it, for the time it was set for.
        clock.advance(Duration.ofMillis(1));
        assertThat(claim(nodeB, 10)).containsExactly(new Due(Kind.RELEASE, id, at));
        assertThat(claim(nodeA, 10)).as("now leased to B").isEmpty();
    }

    @Test
    void anActionHandedBackIsDueAtOnceUnlessItWasRescheduledMeanwhile() {
        Instant at = T0.minusSeconds(1);
        String kept = scheduled(at);
        String moved = scheduled(at);
        List<Due> claimed = claim(nodeA, 10);
        assertThat(ids(claimed)).containsExactlyInAnyOrder(kept, moved);

        // An editor moves one release to tomorrow while A holds the claim; then A stops and hands both back.
        Instant tomorrow = T0.plus(Duration.ofDays(1));
        jdbc.sql("UPDATE item SET scheduled_at = :t, release_job_at = :t, release_next_at = :t WHERE id = :id")
                .param("t", tomorrow.atOffset(ZoneOffset.UTC)).param("id", moved).update();
        claimed.forEach(nodeA::handBack);

        assertThat(claim(nodeB, 10)).as("the unchanged one is due again; the moved one keeps its new time")
                .containsExactly(new Due(Kind.RELEASE, kept, at));
        // B releases it: the transaction that acts removes the action.
        tx.executeWithoutResult(s -> nodeB.cancelPublishIfFor(kept, at));
        clock.advance(Duration.ofDays(1));
        assertThat(claim(nodeB, 10)).containsExactly(new Due(Kind.RELEASE, moved, tomorrow));
    }
}
