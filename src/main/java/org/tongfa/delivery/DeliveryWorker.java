package org.tongfa.delivery;

import java.nio.channels.ClosedByInterruptException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tongfa.common.AuditEvent;
import org.tongfa.config.TongfaProperties;

/**
 * The Java side of the delivery routes ({@code routes/delivery.camel.yaml}): the routes decide
 * <em>when</em> (poll, wake, queue, short retries); this bean decides <em>what</em>: which rows to
 * claim, what to send, and what a failure means for the ledger and the channel's health.
 *
 * <p>Every claimed row is counted out when its exchange completes, whichever way, which keeps the
 * per-channel count of deliveries in flight (and so the claim size) exact.
 */
@Component("deliveryWorker")
public class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    /** The exchange property holding the claimed row, set when it is loaded. */
    static final String ROW = "tongfa.delivery";
    // Recording a success is tried this often (pausing 50, 100, 200 ms) before the row is left to its lease.
    private static final int RECORD_ROUNDS = 4;
    private static final Duration RECORD_PAUSE = Duration.ofMillis(50);
    /** How long a delivery that ran out of memory waits before it is tried again. */
    static final Duration OUT_OF_MEMORY_PAUSE = Duration.ofMinutes(1);

    private final DeliveryLedger ledger;
    private final ChannelRegistry registry;
    private final ChannelHealth health;
    private final SnapshotSource snapshots;
    private final DeliveryMetrics metrics;
    private final ChannelWaker waker;
    private final DeliveryProgressStore progress;
    private final Clock clock;
    private final String node;
    private final Duration lease;
    private final int shortRetries;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    /** Successes that end together are recorded in one transaction. */
    private final GroupCommit successes;
    private final Map<String, AtomicBoolean> moreDue = new ConcurrentHashMap<>();

    public DeliveryWorker(DeliveryLedger ledger, ChannelRegistry registry, ChannelHealth health,
            SnapshotSource snapshots, DeliveryMetrics metrics, ChannelWaker waker, DeliveryProgressStore progress,
            Clock clock, TongfaProperties properties, TransactionTemplate transaction, ApplicationEventPublisher events) {
        this.ledger = ledger;
        this.successes = new GroupCommit(ledger);
        this.registry = registry;
        this.health = health;
        this.snapshots = snapshots;
        this.metrics = metrics;
        this.waker = waker;
        this.progress = progress;
        this.clock = clock;
        this.node = properties.nodeId();
        this.lease = properties.delivery().lease();
        this.shortRetries = properties.delivery().shortRetries();
        this.transaction = transaction;
        this.events = events;
    }

    /**
     * Claims as many due rows as the channel has room for: twice its concurrency minus what it already
     * has in flight, and only what its health permits. Nothing while more than its concurrency is in
     * flight (its workers all have a row and some wait): a backlog is claimed a batch at a time.
     */
    public List<Delivery> claim(String channelId) {
        AtomicInteger busy = inFlight(channelId);
        int concurrency = registry.concurrency(channelId);
        if (busy.get() > concurrency) {
            // Every worker has a row and more are queued for them: claim again when a worker's worth of room
            // is free, a batch at a time, not one row per finished delivery (a claim is a transaction).
            return List.of();
        }
        int room = Math.max(0, concurrency * 2 - busy.get());
        int permitted = health.permits(channelId, room);
        if (permitted == 0) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Delivery> claimed = ledger.claim(channelId, permitted, node, now, now.plus(lease));
        if (claimed.isEmpty()) {
            health.released(channelId);
        } else {
            health.claimed(channelId, claimed);
        }
        busy.addAndGet(claimed.size());
        // A full batch suggests more is due: claim again as soon as a slot frees, not at the next poll.
        moreDue.computeIfAbsent(channelId, c -> new AtomicBoolean()).set(claimed.size() == permitted);
        if (!claimed.isEmpty()) {
            log.debug("Node {} claimed {} deliveries for {}", node, claimed.size(), channelId);
        }
        return claimed;
    }

    /**
     * Prepares what the channel is sent, and arranges for the claim to be counted out however the
     * exchange ends (even if recording its outcome fails, the channel keeps its capacity).
     */
    public DeliveryTask load(Delivery row, Exchange exchange) {
        // First, before anything can fail: whatever happens next, failed() knows which row it was.
        exchange.setProperty(ROW, row);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                done(row.channel());
            }
        });
        Channel channel = registry.channel(row.channel())
                .orElseThrow(() -> new IllegalStateException("channel " + row.channel() + " is not running on this node"));
        Action action = row.action();
        if (action == Action.PUBLISH && ledger.earlierPublicationMayHaveArrived(row.itemId(), row.channel(), row.id())) {
            action = Action.UPDATE;
        }
        String previousRemoteId = ledger.lastDelivered(row.itemId(), row.channel(), row.id())
                .map(Delivery::remoteId).orElse(null);
        ItemSnapshot item = snapshots.snapshot(row.itemId(), row.itemVersion(), row.channel());
        Dispatch dispatch = new Dispatch(row.id(), row.idempotencyKey(), action, row.attempts(), item,
                previousRemoteId, snapshots.assets(), progress.of(row.id()));
        return new DeliveryTask(row, channel, dispatch);
    }

    /**
     * One call to the channel, and, when it answered, recording that in the ledger at once, in the same
     * step: every moment between the partner's answer and the commit is a window in which a crash makes
     * the delivery be sent again (under the same key). Camel's error handler re-runs this step for short
     * retries after a {@link DeliveryFailure}; recording never throws, so an answer is never retried.
     *
     * <p>A delivery the channel's breaker does not admit (its circuit opened after this row was claimed)
     * is handed back unsent; a transient failure counts against the breaker at once, so that the
     * circuit opens while other deliveries of the batch are still queued, not after all were sent.
     */
    public void attempt(DeliveryTask task) throws DeliveryFailure {
        Delivery row = task.row();
        if (!health.admits(row.channel(), row.id())) {
            holdBack(row);
            return;
        }
        DeliveryResult result;
        try {
            result = task.channel().deliver(task.dispatch());
        } catch (DeliveryFailure failure) {
            if (countsAgainstBreaker(failure)) {
                health.failed(row.channel());
            }
            throw failure;
        }
        long answeredAt = System.nanoTime();
        // DeliveryResult is sealed: a receipt or an awaiting, nothing else. A channel that broke its
        // contract and answered nothing did not fail either: delivered, with nothing to remember.
        if (result == null || result instanceof DeliveryReceipt) {
            delivered(task, result == null ? new DeliveryReceipt(null, null) : (DeliveryReceipt) result, answeredAt);
        } else {
            awaiting(task, (DeliveryResult.Awaiting) result, answeredAt);
        }
    }

    /**
     * Records a delivered attempt. Never throws and never turns a success into a failure: what the
     * partner sent back is cleaned by the ledger, a receipt the database still refuses is dropped, the
     * ledger is asked a few times if it is unreachable, and if it stays unreachable the row is left in
     * progress under this node's lease (it is sent again, under the same key, once the lease lapses or
     * this node restarts), never put back in the queue as failed.
     */
    private void delivered(DeliveryTask task, DeliveryReceipt receipt, long answeredAt) {
        Delivery row = task.row();
        Instant now = clock.instant();
        Boolean recorded = recordSuccess(row, receipt, now);
        metrics.recorded(row.channel(), Duration.ofNanos(System.nanoTime() - answeredAt));
        if (recorded == null) {
            log.error("Delivery {} of item {} to {} was accepted by the channel but could not be recorded; it stays in "
                    + "progress and is sent again under key {} when its lease lapses", row.id(), row.itemId(),
                    row.channel(), row.idempotencyKey());
        } else if (recorded) {
            log.info("Delivered {} of item {} v{} to {} (delivery {}, attempt {})", task.dispatch().action(),
                    row.itemId(), row.itemVersion(), row.channel(), row.id(), row.attempts());
            metrics.delivered(row.channel(), Duration.between(row.releasedAt(), now));
        } else {
            log.warn("Delivery {} to {} finished after its lease passed to another attempt; left to that attempt",
                    row.id(), row.channel());
        }
        health.succeeded(row.channel());
    }

    /**
     * Records remote work in progress: the channel is called again after the wait; neither the channel's
     * health nor the retry schedule suffers. Never throws either: if the ledger cannot be told, the row
     * stays in progress under this node's lease and is looked at again when the lease lapses.
     */
    private void awaiting(DeliveryTask task, DeliveryResult.Awaiting awaiting, long answeredAt) {
        Delivery row = task.row();
        Instant now = clock.instant();
        Instant next = now.plus(awaiting.checkAgainIn());
        try {
            ledger.markAwaiting(row.id(), row.attempts(), awaiting.reason(), next, now);
        } catch (RuntimeException unreachable) {
            log.error("Delivery {} to {} awaits the remote side, but that could not be recorded; it is looked at "
                    + "again when its lease lapses", row.id(), row.channel(), unreachable);
        }
        metrics.recorded(row.channel(), Duration.ofNanos(System.nanoTime() - answeredAt));
        metrics.outcome(row.channel(), "awaiting");
        log.info("Delivery {} of item {} to {} awaits the remote side, next check at {}: {}", row.id(),
                row.itemId(), row.channel(), next, awaiting.reason());
        health.released(row.channel(), row.id());
    }

    /** {@link DeliveryLedger#markDelivered}'s answer, or {@code null} when the ledger could not be told. */
    private Boolean recordSuccess(Delivery row, DeliveryReceipt receipt, Instant now) {
        String remoteId = receipt.remoteId();
        String remoteUrl = receipt.remoteUrl();
        Boolean together = successes.record(row, remoteId, remoteUrl, now);
        if (together != null) {
            return together;
        }
        // The batch it was in could not be committed (nothing of it was): alone, with this row's own handling.
        for (int round = 1; ; round++) {
            try {
                return ledger.markDelivered(row, remoteId, remoteUrl, now);
            } catch (DataIntegrityViolationException refused) {
                if (remoteId == null && remoteUrl == null) {
                    log.error("Delivery {} to {}: the ledger refused to record the success", row.id(), row.channel(), refused);
                    return null;
                }
                // The ledger cleans what partners send; should a database still refuse it, the success counts more.
                log.warn("Delivery {} to {}: the ledger refused the channel's receipt ({}); recorded without it",
                        row.id(), row.channel(), refused.getMostSpecificCause().getMessage());
                remoteId = null;
                remoteUrl = null;
            } catch (RuntimeException unreachable) {
                if (round >= RECORD_ROUNDS || !pause(round)) {
                    log.error("Delivery {} to {}: recording the success failed {} times", row.id(), row.channel(), round,
                            unreachable);
                    return null;
                }
                log.warn("Delivery {} to {}: recording the success failed, trying again: {}", row.id(), row.channel(),
                        unreachable.toString());
            }
        }
    }

    /** Waits before the next try to record; false when interrupted (shutting down): stop trying. */
    private static boolean pause(int round) {
        try {
            Thread.sleep(RECORD_PAUSE.toMillis() << (round - 1));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A call that failed for want of the partner: not a refusal, a requested wait, or this node stopping. */
    private static boolean countsAgainstBreaker(DeliveryFailure failure) {
        boolean partnerFailed = failure.reason() == DeliveryFailure.Reason.TRANSIENT
                || failure.reason() == DeliveryFailure.Reason.OUTCOME_UNKNOWN;
        return partnerFailed && !interruption(failure) && !Thread.currentThread().isInterrupted();
    }

    /**
     * Hands a claimed delivery back unsent, due at once, with no attempt counted against it: the
     * channel's circuit opened (or a pause or disable was recorded here) after it was claimed, and it
     * waits in the ledger until a node may claim for the channel again. If the ledger cannot be told, the row is taken again when its lease lapses.
     */
    private void holdBack(Delivery row) {
        Instant now = clock.instant();
        try {
            ledger.markAwaiting(row.id(), row.attempts(), "not sent: the channel stopped taking deliveries after this one "
                    + "was claimed (its circuit opened, or the partner asked for a pause); it waits until the channel works again", now, now);
        } catch (RuntimeException unreachable) {
            log.error("Delivery {} to {} was held back by the open circuit, but that could not be recorded; it is "
                    + "taken again when its lease lapses", row.id(), row.channel(), unreachable);
        }
        metrics.outcome(row.channel(), "retry");
        log.debug("Delivery {} of item {} to {} held back: the circuit is open", row.id(), row.itemId(), row.channel());
    }

    /**
     * Records a failed attempt after Camel's short retries: FAILED when the channel gave up, otherwise
     * the next attempt on the channel's schedule, or DEAD when the schedule is spent.
     */
    public void failed(Exchange exchange) {
        Delivery row = exchange.getProperty(ROW, Delivery.class);
        if (row == null) {
            throw new IllegalStateException("no delivery on exchange " + exchange.getExchangeId());
        }
        record(row, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    void record(Delivery row, Throwable error) {
        if (handedBack(row, error)) {
            return;
        }
        Instant now = clock.instant();
        if (!(error instanceof DeliveryFailure failure)) {
            log.error("Delivery {} to {} hit an unexpected error", row.id(), row.channel(), error);
            metrics.outcome(row.channel(), retryOrDead(row, "unexpected error: " + error, null, now));
            // Not short-retried, and not counted by attempt(): counted here, once.
            health.failed(row.channel());
            return;
        }
        String outcome = switch (failure.reason()) {
            case PERMANENT -> gaveUp(row, failure.getMessage(), false, now);
            case PARTNER_GONE -> gaveUp(row, failure.getMessage(), true, now);
            // Each failed call was counted against the breaker as it failed (attempt).
            case TRANSIENT, OUTCOME_UNKNOWN -> retryOrDead(row, failure.describe(), null, now);
            case RATE_LIMITED -> {
                String retry = retryOrDead(row, failure.describe(), failure.retryAfter().orElseThrow(), now);
                health.released(row.channel(), row.id());
                yield retry;
            }
        };
        metrics.outcome(row.channel(), outcome);
    }

    /** FAILED for good; with {@code partnerGone} the channel is disabled too. Returns the metrics outcome. */
    private String gaveUp(Delivery row, String reason, boolean partnerGone, Instant now) {
        String channel = row.channel();
        if (partnerGone) {
            // The service switches the channel off by itself: on the audit trail like an operator's switch,
            // in the same transaction, so that a disabled channel always has its row.
            transaction.executeWithoutResult(status -> {
                ledger.markFinal(row.id(), row.attempts(), DeliveryStatus.FAILED, reason, now);
                health.disable(channel, reason);
                events.publishEvent(new AuditEvent(AuditEvent.Action.CHANNEL_DISABLE, null, null, row.itemId(), null,
                        Map.of("channel", channel, "delivery", String.valueOf(row.id()),
                                "reason", reason == null ? "" : reason)));
            });
        } else {
            ledger.markFinal(row.id(), row.attempts(), DeliveryStatus.FAILED, reason, now);
            // The partner answered and refused this one item: the channel itself works.
            health.succeeded(channel);
        }
        log.warn("Delivery {} of item {} to {} failed for good: {}", row.id(), row.itemId(), channel, reason);
        return "failed";
    }

    /**
     * The next attempt on the channel's schedule, no sooner than the partner asked ({@code retryAfter},
     * which also pauses the channel), or DEAD when the schedule is spent. Returns the metrics outcome.
     */
    private String retryOrDead(Delivery row, String reason, Duration retryAfter, Instant now) {
        String channel = row.channel();
        List<Duration> schedule = registry.retrySchedule(channel);
        int made = row.attempts() - row.retryFrom();
        String outcome;
        if (made >= schedule.size()) {
            ledger.markFinal(row.id(), row.attempts(), DeliveryStatus.DEAD,
                    "gave up after " + made + " attempts; last error: " + reason, now);
            outcome = "dead";
            log.error("Delivery {} of item {} to {} is DEAD after {} attempts: {}", row.id(), row.itemId(), channel,
                    made, reason);
        } else {
            Instant next = now.plus(schedule.get(made));
            if (retryAfter != null) {
                Instant asked = now.plus(retryAfter);
                next = next.isBefore(asked) ? asked : next;
                health.pauseUntil(channel, asked);
            }
            ledger.markRetry(row.id(), row.attempts(), reason, next, now);
            outcome = "retry";
            log.warn("Delivery {} of item {} to {} failed (attempt {}), next at {}: {}", row.id(), row.itemId(),
                    channel, row.attempts(), next, reason);
        }
        return outcome;
    }

    /**
     * An attempt cut short by an interrupt (this node is stopping) or by running out of memory says
     * nothing about the channel or the item: the delivery is handed back PENDING, counted neither
     * against the retry schedule nor against the channel's breaker, never FAILED or DEAD. The interrupt
     * is cleared while the outcome is written (a stopping node must still write it), then restored.
     */
    private boolean handedBack(Delivery row, Throwable error) {
        boolean interrupted = Thread.interrupted();
        try {
            Throwable outOfMemory = cause(error, OutOfMemoryError.class);
            if (outOfMemory == null && !interrupted && !interruption(error)) {
                return false;
            }
            Instant now = clock.instant();
            // Memory may stay short for a while: not again at once, but never given up on.
            Instant next = outOfMemory != null ? now.plus(OUT_OF_MEMORY_PAUSE) : now;
            String reason = outOfMemory != null ? "ran out of memory (" + outOfMemory + "); tried again, outcome unknown"
                    : "interrupted (the node is stopping); tried again: "
                            + (error instanceof DeliveryFailure failure ? failure.describe() : String.valueOf(error));
            ledger.markAwaiting(row.id(), row.attempts(), reason, next, now);
            metrics.outcome(row.channel(), "retry");
            if (outOfMemory != null) {
                log.error("Delivery {} of item {} to {} ran out of memory; tried again at {}", row.id(), row.itemId(),
                        row.channel(), next, error);
            } else {
                log.info("Delivery {} of item {} to {} was interrupted; handed back: {}", row.id(), row.itemId(),
                        row.channel(), reason);
            }
            health.released(row.channel(), row.id());
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the failure is an interrupt rather than anything the channel did (timeouts are not). */
    static boolean interruption(Throwable error) {
        return cause(error, InterruptedException.class) != null || cause(error, ClosedByInterruptException.class) != null;
    }

    /** The first throwable of {@code type} in the cause chain (Camel wraps an Error), or {@code null}. */
    private static Throwable cause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Camel's {@code retryWhile}: a transient failure (or one whose outcome is unknown: the channel checks
     * the remote state or reuses the key) is retried at once (with back-off) a few times; a wait the
     * partner asked for is the ledger's to honour instead. Never once the channel's circuit is open, and
     * never on an interrupted thread: Camel's back-off sleep would fail there and skip recording the outcome.
     */
    public boolean shortRetry(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        // Camel counts the redelivery about to happen: 1 before the first retry.
        Integer counter = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        int next = counter == null ? 1 : counter;
        if (!(error instanceof DeliveryFailure failure) || next > shortRetries || Thread.currentThread().isInterrupted()
                || interruption(error)) {
            return false;
        }
        // The circuit opened meanwhile (this call's failure may have opened it): no retry against a dead partner.
        Delivery row = exchange.getProperty(ROW, Delivery.class);
        if (row != null && !health.admits(row.channel(), row.id())) {
            return false;
        }
        return switch (failure.reason()) {
            case TRANSIENT, OUTCOME_UNKNOWN -> true;
            // A wait the partner asked for is the ledger's to honour; a refusal is final.
            case RATE_LIMITED, PERMANENT, PARTNER_GONE -> false;
        };
    }

    private void done(String channelId) {
        int busy = inFlight(channelId).decrementAndGet();
        AtomicBoolean more = moreDue.get(channelId);
        if (more != null && more.get() && busy <= registry.concurrency(channelId)) {
            waker.wake(channelId);
        }
    }

    /** Deliveries this node has claimed for the channel and not yet finished. */
    public int inFlightCount(String channelId) {
        return inFlight(channelId).get();
    }

    private AtomicInteger inFlight(String channelId) {
        return inFlight.computeIfAbsent(channelId, c -> new AtomicInteger());
    }
}
