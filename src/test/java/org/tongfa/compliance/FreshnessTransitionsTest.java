package org.tongfa.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.tongfa.compliance.FreshnessReport.Kind;
import org.tongfa.compliance.FreshnessReport.Subject;
import org.tongfa.support.TestDatabases;

/** Transitions are recorded once each, on H2 and PostgreSQL, also by two nodes recording at the same moment. */
class FreshnessTransitionsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final ComplianceProperties ALERTING = FreshnessAssessorTest.settings(Map.of(
            "tongfa.compliance.alerts.webhook-url", "http://127.0.0.1:9/hook",
            "tongfa.compliance.alerts.mail-to[0]", "office@example.gov.cn"));

    private static DataSource database(String vendor) {
        return TestDatabases.migrated(vendor.equals("h2") ? TestDatabases.h2Url() : TestDatabases.postgresUrl());
    }

    private static FreshnessTransitions node(DataSource db) {
        return new FreshnessTransitions(new JdbcTemplate(db), new DataSourceTransactionManager(db), ALERTING);
    }

    private static FreshnessReport report(FreshnessStatus status) {
        return new FreshnessReport(NOW, List.of(new Subject("column:news", Kind.COLUMN, "news", "工作动态",
                Inspection.DYNAMIC, NOW.minusSeconds(86_400 * 11), NOW.plusSeconds(86_400 * 3), 3L, status, false)),
                0, List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void recordsEachChangeOnceAndAlertsOnlyForTheWorse(String vendor) {
        DataSource db = database(vendor);
        FreshnessTransitions transitions = node(db);
        JdbcTemplate jdbc = new JdbcTemplate(db);

        assertThat(transitions.record(report(FreshnessStatus.OK))).isEmpty();
        assertThat(transitions.record(report(FreshnessStatus.WARN))).singleElement()
                .satisfies(t -> assertThat(t.alerts()).isTrue());
        assertThat(transitions.record(report(FreshnessStatus.WARN))).isEmpty();
        // A restart is a new object on the same database: the state is remembered there.
        assertThat(node(db).record(report(FreshnessStatus.WARN))).isEmpty();
        assertThat(node(db).record(report(FreshnessStatus.BREACH))).singleElement()
                .satisfies(t -> assertThat(t.from()).isEqualTo(FreshnessStatus.WARN));
        assertThat(transitions.record(report(FreshnessStatus.OK))).singleElement()
                .satisfies(t -> assertThat(t.alerts()).as("a recovery is recorded silently").isFalse());

        assertThat(jdbc.queryForList("SELECT from_status || '>' || to_status FROM freshness_transition ORDER BY seq", String.class))
                .containsExactly("OK>WARN", "WARN>BREACH", "BREACH>OK");
        // Two targets (webhook, mail) for each of the two changes for the worse.
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM freshness_alert", Integer.class)).isEqualTo(4);
        String payload = jdbc.queryForObject("SELECT payload_json FROM freshness_transition WHERE seq = 1", String.class);
        assertThat(payload).contains("\"subject\":\"column:news\"", "\"to\":\"WARN\"", "栏目「工作动态」", "还剩 3 天");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void twoNodesRecordingAtTheSameMomentRecordOneTransition(String vendor) throws Exception {
        DataSource db = database(vendor);
        FreshnessTransitions a = node(db);
        FreshnessTransitions b = node(db);
        List<FreshnessStatus> rounds = List.of(FreshnessStatus.WARN, FreshnessStatus.BREACH, FreshnessStatus.OK,
                FreshnessStatus.BREACH, FreshnessStatus.WARN, FreshnessStatus.OK, FreshnessStatus.WARN);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            int total = 0;
            for (FreshnessStatus status : rounds) {
                CyclicBarrier together = new CyclicBarrier(2);
                List<CompletableFuture<Integer>> both = new ArrayList<>();
                for (FreshnessTransitions node : List.of(a, b)) {
                    both.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            together.await();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return node.record(report(status)).size();
                    }, threads));
                }
                int recorded = both.get(0).get() + both.get(1).get();
                assertThat(recorded).as("transitions recorded by both nodes going to %s", status).isEqualTo(1);
                total += recorded;
            }
            JdbcTemplate jdbc = new JdbcTemplate(db);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM freshness_transition", Integer.class)).isEqualTo(total);
            // Worse: OK>WARN, WARN>BREACH, OK>BREACH, OK>WARN; two targets each.
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM freshness_alert", Integer.class)).isEqualTo(8);
        } finally {
            threads.shutdownNow();
        }
    }
}
