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
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
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
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> moreDue = new ConcurrentHashMap<>();

    public DeliveryWorker(DeliveryLedger ledger, ChannelRegistry registry, ChannelHealth health,
            SnapshotSource snapshots, DeliveryMetrics metrics, ChannelWaker waker, DeliveryProgressStore progress,
            Clock clock, TongfaProperties properties) {
        this.ledger = ledger;
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
    }

    /**
     * Claims as many due rows as the channel has room for: twice its concurrency minus what it already
     * has in flight, and only what its health permits.
     */
    public List<Delivery> claim(String channelId) {
        AtomicInteger busy = inFlight(channelId);
        int room = Math.max(0, registry.concurrency(channelId) * 2 - busy.get());
        int permitted = health.permits(channelId, room);
        if (permitted == 0) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Delivery> claimed = ledger.claim(channelId, permitted, node, now, now.plus(lease));
        if (claimed.isEmpty()) {
            health.released(channelId);
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
     * One call to the channel, and, when it accepted the delivery, recording that in the ledger at
     * once, in the same step: every moment between the partner's answer and the commit is a window in
     * which a crash makes the delivery be sent again (under the same key). Camel's error handler re-runs
     * this step for short retries; recording never throws, so a success is never retried.
     */
    public DeliveryTask attempt(DeliveryTask task) throws RetryLaterException, GiveUpException {
        task.receipt(task.channel().deliver(task.dispatch()));
        succeeded(task);
        return task;
    }

    /**
     * Records a successful attempt. Never throws and never turns a success into a failure: what the
     * partner sent back is cleaned by the ledger, a receipt the database still refuses is dropped, the
     * ledger is asked a few times if it is unreachable, and if it stays unreachable the row is left in
     * progress under this node's lease (it is sent again, under the same key, once the lease lapses or
     * this node restarts), never put back in the queue as failed.
     */
    public void succeeded(DeliveryTask task) {
        Delivery row = task.row();
        Instant now = clock.instant();
        DeliveryReceipt receipt = task.receipt();
        Boolean recorded = recordSuccess(row, receipt == null ? new DeliveryReceipt(null, null) : receipt, now);
        metrics.recorded(row.channel(), Duration.ofNanos(System.nanoTime() - task.acceptedAt()));
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

    /** {@link DeliveryLedger#markDelivered}'s answer, or {@code null} when the ledger could not be told. */
    private Boolean recordSuccess(Delivery row, DeliveryReceipt receipt, Instant now) {
        String remoteId = receipt.remoteId();
        String remoteUrl = receipt.remoteUrl();
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

    /**
     * Records a failed attempt after Camel's short retries: FAILED when the channel gave up, otherwise
     * the next attempt on the channel's schedule, or DEAD when the schedule is spent.
     */
    public void failed(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Delivery row = body instanceof DeliveryTask task ? task.row() : (Delivery) body;
        record(row, error);
    }

    void record(Delivery row, Throwable error) {
        if (handedBack(row, error)) {
            return;
        }
        Instant now = clock.instant();
        String channel = row.channel();
        if (error instanceof GiveUpException giveUp) {
            String reason = giveUp.getMessage();
            ledger.markFinal(row.id(), row.attempts(), DeliveryStatus.FAILED, reason, now);
            metrics.outcome(channel, "failed");
            log.warn("Delivery {} of item {} to {} failed for good: {}", row.id(), row.itemId(), channel, reason);
            if (giveUp.disableChannel()) {
                health.disable(channel, reason);
            } else {
                // The partner answered and refused this one item: the channel itself works.
                health.succeeded(channel);
            }
            return;
        }
        if (error instanceof RetryLaterException wait && wait.awaiting() && wait.retryAfter() != null) {
            // Remote work in progress: check back later; neither the channel's health nor the schedule suffers.
            ledger.markAwaiting(row.id(), row.attempts(), wait.getMessage(), now.plus(wait.retryAfter()), now);
            metrics.outcome(channel, "awaiting");
            log.info("Delivery {} of item {} to {} awaits the remote side, next check at {}: {}", row.id(),
                    row.itemId(), channel, now.plus(wait.retryAfter()), wait.getMessage());
            health.released(channel);
            return;
        }
        Duration retryAfter = null;
        String reason;
        if (error instanceof RetryLaterException retry) {
            retryAfter = retry.retryAfter();
            reason = retry.getMessage() + (retry.outcomeUnknown() ? " (outcome unknown)" : "");
        } else {
            reason = "unexpected error: " + error;
            log.error("Delivery {} to {} hit an unexpected error", row.id(), channel, error);
        }
        List<Duration> schedule = registry.retrySchedule(channel);
        int made = row.attempts() - row.retryFrom();
        if (made >= schedule.size()) {
            ledger.markFinal(row.id(), row.attempts(), DeliveryStatus.DEAD,
                    "gave up after " + made + " attempts; last error: " + reason, now);
            metrics.outcome(channel, "dead");
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
            metrics.outcome(channel, "retry");
            log.warn("Delivery {} of item {} to {} failed (attempt {}), next at {}: {}", row.id(), row.itemId(),
                    channel, row.attempts(), next, reason);
        }
        if (retryAfter == null) {
            health.failed(channel);
        } else {
            health.released(channel);
        }
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
                    : "interrupted (the node is stopping); tried again: " + (error instanceof RetryLaterException retry
                            ? retry.getMessage() + (retry.outcomeUnknown() ? " (outcome unknown)" : "") : String.valueOf(error));
            ledger.markAwaiting(row.id(), row.attempts(), reason, next, now);
            metrics.outcome(row.channel(), "retry");
            if (outOfMemory != null) {
                log.error("Delivery {} of item {} to {} ran out of memory; tried again at {}", row.id(), row.itemId(),
                        row.channel(), next, error);
            } else {
                log.info("Delivery {} of item {} to {} was interrupted; handed back: {}", row.id(), row.itemId(),
                        row.channel(), reason);
            }
            health.released(row.channel());
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
     * Camel's {@code retryWhile}: a transient failure is retried at once (with back-off) a few times,
     * unless the partner asked for a longer wait, which the ledger honours instead. Never on an
     * interrupted thread: Camel's back-off sleep would fail there and skip recording the outcome.
     */
    public boolean shortRetry(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        // Camel counts the redelivery about to happen: 1 before the first retry.
        Integer counter = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        int next = counter == null ? 1 : counter;
        return error instanceof RetryLaterException retry && retry.retryAfter() == null && next <= shortRetries
                && !Thread.currentThread().isInterrupted() && !interruption(error);
    }

    private void done(String channelId) {
        inFlight(channelId).decrementAndGet();
        AtomicBoolean more = moreDue.get(channelId);
        if (more != null && more.get()) {
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
