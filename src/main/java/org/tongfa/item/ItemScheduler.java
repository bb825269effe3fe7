package org.tongfa.item;

import static org.tongfa.common.SqlTimestamps.instant;
import static org.tongfa.common.SqlTimestamps.ts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The times an item has, its scheduled release and its expiry, kept in the item's own row
 * ({@code release_*} and {@code expiry_*}, V23) and written in the same transaction as the item change,
 * so a change that rolls back leaves no action behind. Every node sweeps the due ones
 * ({@link DueSweep}): it claims a batch with {@code FOR UPDATE SKIP LOCKED} and moves their next time
 * on by a lease, so each is tried by one node at a time, and one whose node died is tried again when
 * the lease lapses. This replaced a Quartz trigger per item: Quartz takes every trigger through one
 * cluster-wide lock, which released 1,000 items due in the same second over 8-9 s.
 *
 * <p>An action missed while the service was down is due at the next sweep: late, never skipped. Each
 * action carries the time it was set for, and the item ignores one whose time no longer matches, so a
 * replaced or stale action can never act twice.
 *
 * <p>A due action happens or is tried again until it does. When it fails at its time (a database
 * error, anything but a publishing rule's refusal), the attempt rolls back whole and its next time
 * moves on, the wait doubling from {@code tongfa.scheduling.retry-delay} up to {@code max-retry-delay}.
 * Even a failure to record that (the database gone at that moment) only delays the next attempt to the
 * end of the lease. The action is removed by the transaction that finally acts. A release a rule
 * refuses is not retried: the item goes back to APPROVED (DRAFT in a column without review) with the
 * reason ({@link ItemView#releaseRefusal()}). Every failure is logged at ERROR and counted in
 * {@code tongfa_release_failures_total{kind}} (kind {@code release_error}, {@code release_refused},
 * {@code expiry_error}).
 */
@Component
class ItemScheduler {

    private static final Logger log = LoggerFactory.getLogger(ItemScheduler.class);

    /** The two kinds of action, each with its three columns. */
    enum Kind {
        RELEASE("release", "Scheduled release", "release_error"),
        EXPIRY("expiry", "Expiry", "expiry_error");

        final String prefix;
        final String label;
        final String errorKind;

        Kind(String prefix, String label, String errorKind) {
            this.prefix = prefix;
            this.label = label;
            this.errorKind = errorKind;
        }

        String jobAt() {
            return prefix + "_job_at";
        }

        String nextAt() {
            return prefix + "_next_at";
        }

        String failures() {
            return prefix + "_failures";
        }
    }

    /** An action claimed by a sweep: the item and the time the action was set for. */
    record Due(Kind kind, String itemId, Instant at) {
    }

    private final JdbcClient jdbc;
    private final SchedulingProperties settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private volatile Runnable onSet = () -> { };

    ItemScheduler(JdbcClient jdbc, SchedulingProperties settings, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        for (String kind : new String[] {"release_error", "release_refused", "expiry_error"}) {
            failureCounter(kind);
        }
    }

    /** Runs {@code listener} after each transaction that set an action commits (the sweep's wake-up). */
    void whenSet(Runnable listener) {
        this.onSet = listener;
    }

    SchedulingProperties settings() {
        return settings;
    }

    void schedulePublish(String itemId, Instant at) {
        set(Kind.RELEASE, itemId, at);
        log.info("Scheduled release of item {} at {}", itemId, at);
    }

    void cancelPublish(String itemId) {
        cancel(Kind.RELEASE, itemId);
    }

    /** Removes the release if it is still the one set for {@code at}; a newer one stays. */
    void cancelPublishIfFor(String itemId, Instant at) {
        cancelIfFor(Kind.RELEASE, itemId, at);
    }

    void scheduleExpiry(String itemId, Instant at) {
        set(Kind.EXPIRY, itemId, at);
        log.info("Scheduled expiry of item {} at {}", itemId, at);
    }

    void cancelExpiry(String itemId) {
        cancel(Kind.EXPIRY, itemId);
    }

    /** Removes the expiry if it is still the one set for {@code at}; a newer one stays. */
    void cancelExpiryIfFor(String itemId, Instant at) {
        cancelIfFor(Kind.EXPIRY, itemId, at);
    }

    /**
     * Sets the release for {@code at} to be tried again later, after one more failure. Called in the
     * transaction that holds the item's lock, so an editor's change cannot cross it.
     *
     * @return when it will be tried again
     */
    Instant retryPublish(String itemId, Instant at) {
        return retry(Kind.RELEASE, itemId, at);
    }

    /** The same for the expiry. */
    Instant retryExpiry(String itemId, Instant at) {
        return retry(Kind.EXPIRY, itemId, at);
    }

    /**
     * Claims up to {@code limit} due actions of one kind for this node: locks them with
     * {@code FOR UPDATE SKIP LOCKED} (another node's claim, or an item an editor is saving, is skipped,
     * not waited for) and moves their next time to the end of the lease. Its own short transaction.
     */
    List<Due> claim(Kind kind, int limit) {
        Instant now = clock.instant();
        List<Due> due = jdbc.sql("SELECT id, " + kind.jobAt() + " FROM item WHERE " + kind.nextAt() + " <= :now "
                        + "ORDER BY " + kind.nextAt() + " FETCH FIRST :limit ROWS ONLY FOR UPDATE SKIP LOCKED")
                .param("now", ts(now)).param("limit", limit)
                .query((rs, n) -> new Due(kind, rs.getString(1), instant(rs, kind.jobAt()))).list();
        if (!due.isEmpty()) {
            jdbc.sql("UPDATE item SET " + kind.nextAt() + " = :lease WHERE id IN (:ids)")
                    .param("lease", ts(now.plus(settings.lease())))
                    .param("ids", due.stream().map(Due::itemId).toList())
                    .update();
        }
        return due;
    }

    /**
     * Hands a claimed action that was not tried back for the next sweep (this node is stopping), if it
     * is still the one claimed.
     */
    void handBack(Due due) {
        jdbc.sql("UPDATE item SET " + due.kind().nextAt() + " = " + due.kind().jobAt() + " WHERE id = :id AND "
                        + due.kind().jobAt() + " = :at AND " + due.kind().nextAt() + " > :now")
                .param("id", due.itemId()).param("at", ts(due.at())).param("now", ts(clock.instant()))
                .update();
    }

    /** The earliest time an action is due, on any node; {@code null} when none is set. */
    Instant nextDue() {
        return jdbc.sql("SELECT MIN(t) AS next_at FROM (SELECT MIN(release_next_at) AS t FROM item "
                        + "UNION ALL SELECT MIN(expiry_next_at) AS t FROM item) due")
                .query((rs, n) -> instant(rs, "next_at")).optional().orElse(null);
    }

    private void set(Kind kind, String itemId, Instant at) {
        jdbc.sql("UPDATE item SET " + kind.jobAt() + " = :at, " + kind.nextAt() + " = :at, " + kind.failures()
                        + " = 0 WHERE id = :id")
                .param("at", ts(at)).param("id", itemId).update();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            Runnable listener = onSet;
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    listener.run();
                }
            });
        }
    }

    private Instant retry(Kind kind, String itemId, Instant at) {
        int failures = jdbc.sql("SELECT " + kind.failures() + " FROM item WHERE id = :id").param("id", itemId)
                .query(Integer.class).optional().orElse(0) + 1;
        Instant next = clock.instant().plus(settings.delayAfter(failures));
        // The time too, so an action lost before this fix's time (or by hand) is brought back.
        jdbc.sql("UPDATE item SET " + kind.jobAt() + " = :at, " + kind.nextAt() + " = :next, " + kind.failures()
                        + " = :failures WHERE id = :id")
                .param("at", ts(at)).param("next", ts(next)).param("failures", failures).param("id", itemId)
                .update();
        return next;
    }

    private void cancel(Kind kind, String itemId) {
        int cancelled = jdbc.sql("UPDATE item SET " + kind.jobAt() + " = NULL, " + kind.nextAt() + " = NULL, "
                        + kind.failures() + " = 0 WHERE id = :id AND " + kind.jobAt() + " IS NOT NULL")
                .param("id", itemId).update();
        if (cancelled > 0) {
            log.info("Cancelled the {} of item {}", kind.prefix, itemId);
        }
    }

    private void cancelIfFor(Kind kind, String itemId, Instant at) {
        int removed = jdbc.sql("UPDATE item SET " + kind.jobAt() + " = NULL, " + kind.nextAt() + " = NULL, "
                        + kind.failures() + " = 0 WHERE id = :id AND " + kind.jobAt() + " = :at")
                .param("id", itemId).param("at", ts(at)).update();
        if (removed > 0) {
            log.info("Removed the {} of item {} for {}: nothing left for it to do", kind.prefix, itemId, at);
        }
    }

    private Counter failureCounter(String kind) {
        return Counter.builder("tongfa.release.failures")
                .description("Scheduled releases and expiries that failed at their time, by kind")
                .tag("kind", kind)
                .register(meters);
    }

    void countFailure(String kind) {
        failureCounter(kind).increment();
    }
}
