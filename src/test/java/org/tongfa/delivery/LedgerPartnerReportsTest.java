package org.tongfa.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestDatabases;
import org.tongfa.support.ItemRows;

/** The inbound port on the ledger: a partner's report makes the waiting delivery due and wakes it after commit. */
class LedgerPartnerReportsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final List<String> woken = new ArrayList<>();
    private DataSource db;
    private DeliveryLedger ledger;
    private DeliveryProgressStore progress;
    private LedgerPartnerReports reports;

    @BeforeEach
    void setUp() {
        db = TestDatabases.migrated(TestDatabases.h2Url());
        JdbcClient jdbc = JdbcClient.create(db);
        ledger = new DeliveryLedger(jdbc);
        progress = new DeliveryProgressStore(jdbc, new DataSourceTransactionManager(db), clock);
        reports = new LedgerPartnerReports(progress, ledger, woken::add, clock);
    }

    /** A delivery of item-1 to "gzh" that submitted job {@code job} and waits an hour for it. */
    private Delivery waitingFor(String job) {
        ItemRows.insert(JdbcClient.create(db), "item-1", "PUBLISHED", NOW);
        new TransactionTemplate(new DataSourceTransactionManager(db))
                .executeWithoutResult(s -> ledger.enqueuePublish("item-1", 1, List.of("gzh"), NOW));
        Delivery claimed = ledger.claim("gzh", 1, "node", NOW, NOW.plus(Duration.ofMinutes(5))).get(0);
        progress.of(claimed.id()).put("publish-id", job);
        ledger.markAwaiting(claimed.id(), claimed.attempts(), "awaiting job " + job, NOW.plus(Duration.ofHours(1)), NOW);
        return claimed;
    }

    @Test
    void aReportMakesTheWaitingDeliveryDueNowAndWakesItsChannel() {
        Delivery waiting = waitingFor("555");

        reports.finished("gzh", "publish-id", "555");

        assertThat(ledger.find(waiting.id()).orElseThrow().nextAttemptAt()).isEqualTo(NOW);
        assertThat(woken).containsExactly("gzh");
    }

    @Test
    void insideATransactionTheChannelIsWokenOnlyAfterTheCommit() {
        Delivery waiting = waitingFor("556");
        List<String> wokenDuring = new ArrayList<>();

        new TransactionTemplate(new DataSourceTransactionManager(db)).executeWithoutResult(status -> {
            reports.finished("gzh", "publish-id", "556");
            wokenDuring.addAll(woken);
        });

        assertThat(wokenDuring).isEmpty();
        assertThat(woken).containsExactly("gzh");
        assertThat(ledger.find(waiting.id()).orElseThrow().nextAttemptAt()).isEqualTo(NOW);
    }

    @Test
    void aReportOfSomethingNoDeliveryWaitsForChangesNothing() {
        Delivery waiting = waitingFor("557");

        reports.finished("gzh", "publish-id", "999");
        reports.finished("other", "publish-id", "557");

        assertThat(ledger.find(waiting.id()).orElseThrow().nextAttemptAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }
}
