package org.tongfa.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.tongfa.common.AuditEvent;
import org.tongfa.common.AuditEvent.Action;
import org.tongfa.support.MutableClock;
import org.tongfa.support.JdbcTestConfig;
import org.tongfa.support.TestDatabases;

/**
 * The audit trail's promises, run against each real database: events published as application events
 * become chained rows in the publisher's transaction (or their own), concurrent appends never fork the
 * chain, a rolled-back action leaves no row and no gap, secrets stay out, and verify names the first row
 * changed or removed through JDBC behind the service's back.
 */
abstract class AuditTrailContract {

    private static final Instant T0 = Instant.parse("2026-12-01T02:30:00.123456789Z");

    private AnnotationConfigApplicationContext context;
    private AuditTrail trail;
    private JdbcClient jdbc;
    private TransactionTemplate tx;
    private final MutableClock clock = new MutableClock(T0);

    /** A fresh database URL for each test. */
    abstract String url();

    /** Lets the test change rows directly (PostgreSQL's trigger refuses that otherwise). */
    void allowTampering(JdbcClient jdbc) {
    }

    @BeforeEach
    void start() {
        DataSource ds = TestDatabases.migrated(url());
        context = new AnnotationConfigApplicationContext();
        context.registerBean(DataSource.class, () -> ds);
        context.registerBean(java.time.Clock.class, () -> clock);
        context.register(JdbcTestConfig.class, AuditTrail.class, AuditRecorder.class);
        context.refresh();
        trail = context.getBean(AuditTrail.class);
        jdbc = context.getBean(JdbcClient.class);
        tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    }

    @AfterEach
    void stop() {
        RequestContextHolder.resetRequestAttributes();
        context.close();
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    AuditTrail trail() {
        return trail;
    }

    private void publish(Action action, String actor, String itemId, Map<String, String> changes) {
        context.publishEvent(new AuditEvent(action, actor, null, itemId, itemId == null ? null : 1, changes));
    }

    /** Publishes {@code count} events, one a microsecond after the other. */
    void publishSome(int count) {
        for (int i = 0; i < count; i++) {
            publish(Action.EDIT, "editor" + i, "item-" + i, Map.of("title", "标题 " + i));
            clock.advance(Duration.ofNanos(1000));
        }
    }

    private List<AuditEntry> all() {
        return trail.page(new AuditTrail.Filter(null, null, null, null, null), 0, 200).entries();
    }

    @Test
    void anEventBecomesARowChainedToThePreviousOne() {
        context.publishEvent(new AuditEvent(Action.RETRY, "ops", "10.0.0.9", "item-1", 2,
                Map.of("delivery", "7", "channel", "wechat")));
        publish(Action.CHANNEL_ENABLE, "ops", null, Map.of("channel", "wechat"));

        List<AuditEntry> rows = all();
        assertThat(rows).extracting(AuditEntry::seq).containsExactly(2L, 1L);
        AuditEntry first = rows.get(1);
        assertThat(first.action()).isEqualTo("RETRY");
        assertThat(first.actor()).isEqualTo("ops");
        assertThat(first.sourceAddress()).isEqualTo("10.0.0.9");
        assertThat(first.itemId()).isEqualTo("item-1");
        assertThat(first.version()).isEqualTo(2);
        assertThat(first.changes()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("channel", "wechat", "delivery", "7")));
        // Read back as written: microsecond precision, the same on both databases.
        assertThat(first.at()).isEqualTo(Instant.parse("2026-12-01T02:30:00.123456Z"));
        assertThat(first.previousHash()).isEqualTo(AuditHash.GENESIS);
        assertThat(first.hash()).isEqualTo(AuditHash.of(first));
        assertThat(rows.get(0).previousHash()).isEqualTo(first.hash());
        assertThat(rows.get(0).version()).isNull();
        assertThat(trail.verify()).isEqualTo(new AuditTrail.Verification(true, 2, null, null, null));
    }

    @Test
    void theSourceAddressIsTheEventsElseTheCurrentRequestsElseNone() {
        publish(Action.SIGN_IN, "nobody-asked", null, Map.of());
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("192.0.2.7");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        publish(Action.SIGN_IN, "from-request", null, Map.of());
        context.publishEvent(new AuditEvent(Action.SIGN_IN_FAILED, "given", "198.51.100.1", null, null, Map.of()));

        assertThat(all()).extracting(AuditEntry::sourceAddress).containsExactly("198.51.100.1", "192.0.2.7", null);
    }

    @Test
    void aRolledBackActionLeavesNoRowAndNoGap() {
        publishSome(1);
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            publish(Action.PUBLISH, "editor", "item-x", Map.of());
            throw new IllegalStateException("the action failed after its event");
        })).isInstanceOf(IllegalStateException.class);
        tx.executeWithoutResult(status -> publish(Action.PUBLISH, "editor", "item-y", Map.of()));

        assertThat(all()).extracting(AuditEntry::seq, AuditEntry::itemId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, "item-y"),
                        org.assertj.core.groups.Tuple.tuple(1L, "item-0"));
        assertThat(trail.verify().ok()).isTrue();
    }

    @Test
    void fieldsNamedLikeSecretsAreWithheld() {
        publish(Action.ACCOUNT_CHANGE, "admin", null, Map.of("password", "hunter2", "apiToken", "tf_abc123",
                "Client-Secret", "s3cr3t", "api_key", "k-1", "displayName", "张三"));

        String stored = jdbc.sql("SELECT changes_json FROM audit_entry").query(String.class).single();
        assertThat(stored).doesNotContain("hunter2", "tf_abc123", "s3cr3t", "k-1").contains("张三");
        assertThat(all().get(0).changes()).containsEntry("password", AuditTrail.WITHHELD)
                .containsEntry("apiToken", AuditTrail.WITHHELD).containsEntry("Client-Secret", AuditTrail.WITHHELD)
                .containsEntry("api_key", AuditTrail.WITHHELD).containsEntry("displayName", "张三");
        assertThat(trail.verify().ok()).isTrue();
    }

    @Test
    void concurrentAppendsNeverForkTheChain() throws Exception {
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                String actor = "editor-" + t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        String item = actor + "-" + i;
                        // Each action does its own work, then publishes, in one transaction.
                        tx.executeWithoutResult(status -> {
                            jdbc.sql("SELECT COUNT(*) FROM audit_entry").query(Long.class).single();
                            publish(Action.EDIT, actor, item, Map.of("n", Integer.toString(item.length())));
                        });
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> previous = jdbc.sql("SELECT previous_hash FROM audit_entry").query(String.class).list();
        assertThat(previous).hasSize(threads * perThread).doesNotHaveDuplicates();
        assertThat(jdbc.sql("SELECT MAX(seq) FROM audit_entry").query(Long.class).single()).isEqualTo(threads * perThread);
        assertThat(trail.verify()).isEqualTo(new AuditTrail.Verification(true, threads * perThread, null, null, null));
    }

    @Test
    void filtersByItemActorActionAndTimeNewestFirstInPages() {
        publishSome(5);
        publish(Action.RETRY, "ops", "item-2", Map.of());
        Instant first = AuditHash.precise(T0);
        Instant afterFirstTwo = first.plusNanos(2000);

        assertThat(trail.page(new AuditTrail.Filter("item-2", null, null, null, null), 0, 10).entries())
                .extracting(AuditEntry::action).containsExactly("RETRY", "EDIT");
        assertThat(trail.page(new AuditTrail.Filter(null, "ops", null, null, null), 0, 10).total()).isEqualTo(1);
        assertThat(trail.page(new AuditTrail.Filter(null, null, Action.EDIT, null, null), 0, 10).total()).isEqualTo(5);
        assertThat(trail.page(new AuditTrail.Filter(null, null, null, first, afterFirstTwo), 0, 10).entries())
                .extracting(AuditEntry::seq).containsExactly(2L, 1L);
        AuditTrail.Page second = trail.page(new AuditTrail.Filter(null, null, null, null, null), 1, 4);
        assertThat(second.entries()).extracting(AuditEntry::seq).containsExactly(2L, 1L);
        assertThat(second.total()).isEqualTo(6);
    }

    static Stream<Arguments> alterations() {
        return Stream.of(Arguments.of("changes_json = '{\"title\":\"改过的标题\"}'", 3),
                Arguments.of("actor = 'someone-else'", 4),
                Arguments.of("item_version = 2", 5),
                Arguments.of("occurred_at = occurred_at + INTERVAL '1' SECOND", 1),
                Arguments.of("changes_json = 'no longer JSON'", 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alterations")
    void verifyNamesTheRowWhoseContentWasAltered(String assignment, long seq) {
        publishSome(5);
        allowTampering(jdbc);
        jdbc.sql("UPDATE audit_entry SET " + assignment + " WHERE seq = :seq").param("seq", seq).update();

        AuditTrail.Verification result = trail.verify();
        assertThat(result.ok()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(seq);
        assertThat(result.problem()).isEqualTo(AuditTrail.Problem.HASH_MISMATCH);
        assertThat(result.rowsChecked()).isEqualTo(seq - 1);
        assertThat(result.detail()).startsWith("row " + seq);
    }

    @Test
    void verifyNamesTheBreakWhereAMiddleRowWasDeleted() {
        publishSome(5);
        allowTampering(jdbc);
        jdbc.sql("DELETE FROM audit_entry WHERE seq = 3").update();

        AuditTrail.Verification result = trail.verify();
        assertThat(result.brokenAt()).isEqualTo(4);
        assertThat(result.problem()).isEqualTo(AuditTrail.Problem.BROKEN_LINK);
        assertThat(result.detail()).contains("row 3 is missing");
    }

    @Test
    void verifyNamesTheBreakWhereTheLastRowsWereDeleted() {
        publishSome(5);
        allowTampering(jdbc);
        jdbc.sql("DELETE FROM audit_entry WHERE seq >= 4").update();

        AuditTrail.Verification result = trail.verify();
        assertThat(result).extracting(AuditTrail.Verification::brokenAt, AuditTrail.Verification::problem)
                .containsExactly(4L, AuditTrail.Problem.BROKEN_LINK);
        assertThat(result.detail()).contains("rows 4-5 are missing");
    }

    @Test
    void verifyNamesTheNextRowWhenARowWasRewrittenWithAFreshHash() {
        publishSome(5);
        AuditEntry second = all().get(3);
        AuditEntry forged = new AuditEntry(second.seq(), second.at(), second.action(), "forger", second.sourceAddress(),
                second.itemId(), second.version(), second.changes(), second.previousHash(), null);
        allowTampering(jdbc);
        jdbc.sql("UPDATE audit_entry SET actor = 'forger', hash = :hash WHERE seq = 2")
                .param("hash", AuditHash.of(forged)).update();

        assertThat(trail.verify()).extracting(AuditTrail.Verification::brokenAt, AuditTrail.Verification::problem)
                .containsExactly(3L, AuditTrail.Problem.BROKEN_LINK);
    }

    @Test
    void anEmptyTrailVerifies() {
        assertThat(trail.verify()).isEqualTo(new AuditTrail.Verification(true, 0, null, null, null));
    }
}
