package org.tongfa.delivery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tongfa.common.AuditEvent;

/**
 * What an operator does to deliveries by hand, for every edge that offers it (the REST API's
 * {@code DeliveryController}, the console's delivery matrix), so both check and record the same: retry
 * one delivery, retry every FAILED or DEAD delivery of a channel, re-enable a channel, and bring forward
 * the next attempt of a delivery whose outcome is unknown. Each change is on the audit trail, recorded in
 * the transaction that makes it; the channel is woken after the commit.
 */
@Component
public class DeliveryDesk {

    /** The text a transient failure whose outcome is unknown leaves in the ledger ({@link DeliveryFailure#describe()}). */
    public static final String OUTCOME_UNKNOWN = "outcome unknown";

    /** Why a hand action was refused. */
    public enum Refusal {
        /** No such delivery, or no running channel of that id. */
        NOT_FOUND,
        /** A later publication or retraction of the item on the channel replaced the delivery. */
        REPLACED,
        /** The delivery's state does not allow the action. */
        WRONG_STATE
    }

    /**
     * A hand action the ledger refused; {@link #delivery()} is the row as it is now (empty when there is
     * none), {@link #successor()} the row that replaced it.
     */
    public static final class Refused extends Exception {
        private final Refusal refusal;
        private final transient Delivery delivery;
        private final transient Delivery successor;

        Refused(Refusal refusal, Delivery delivery, Delivery successor) {
            super(refusal.name());
            this.refusal = refusal;
            this.delivery = delivery;
            this.successor = successor;
        }

        public Refusal refusal() {
            return refusal;
        }

        public Optional<Delivery> delivery() {
            return Optional.ofNullable(delivery);
        }

        public Optional<Delivery> successor() {
            return Optional.ofNullable(successor);
        }
    }

    /**
     * A channel as an operator sees it.
     *
     * @param id the channel id
     * @param type its configured type
     * @param running whether it runs on this node (not disabled in configuration)
     * @param state CLOSED, OPEN, HALF_OPEN, PAUSED, DISABLED, or OFF when not running
     * @param disabledReason why it was disabled at runtime (HTTP 410), or {@code null}
     */
    public record ChannelState(String id, String type, boolean running, String state, String disabledReason) {
    }

    private final DeliveryLedger ledger;
    private final ChannelRegistry registry;
    private final ChannelHealth health;
    private final ChannelWaker waker;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    DeliveryDesk(DeliveryLedger ledger, ChannelRegistry registry, ChannelHealth health, ChannelWaker waker,
            Clock clock, ApplicationEventPublisher events, PlatformTransactionManager transactions) {
        this.ledger = ledger;
        this.registry = registry;
        this.health = health;
        this.waker = waker;
        this.clock = clock;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * Every configured channel, in id order: as {@link ChannelOverview#all()} lists them, without its
     * backlog counts (a scan of the ledger nobody here reads), the shared state read once for all.
     */
    public List<ChannelState> channels() {
        List<String> ids = List.copyOf(registry.configuredIds());
        Map<String, ChannelHealth.Status> statuses = health.statuses(ids);
        List<ChannelState> channels = new ArrayList<>();
        for (String id : ids) {
            boolean running = registry.channel(id).isPresent();
            ChannelHealth.Status status = statuses.get(id);
            channels.add(new ChannelState(id, registry.settings(id).orElseThrow().type(), running,
                    running ? status.state().name() : "OFF", running ? status.disabledReason() : null));
        }
        return channels;
    }

    /**
     * Retries a FAILED or DEAD delivery now, with a fresh retry schedule, if it is still the latest action
     * of its item on its channel: sending an older action again would undo its successor.
     *
     * @return the row as requeued
     * @throws Refused NOT_FOUND, REPLACED (with the successor) or WRONG_STATE
     */
    public Delivery retry(long id, String actor) throws Refused {
        Delivery before = ledger.find(id).orElseThrow(() -> new Refused(Refusal.NOT_FOUND, null, null));
        Boolean done = tx.execute(status -> {
            if (!ledger.requeue(id, clock.instant())) {
                return false;
            }
            recordRetry(ledger.find(id).orElseThrow(), actor);
            return true;
        });
        Delivery now = ledger.find(id).orElse(before);
        if (!Boolean.TRUE.equals(done)) {
            Optional<Delivery> later = ledger.successor(id);
            throw later.isPresent() ? new Refused(Refusal.REPLACED, now, later.get())
                    : new Refused(Refusal.WRONG_STATE, now, null);
        }
        waker.wake(now.channel());
        return now;
    }

    /**
     * Retries every FAILED or DEAD delivery of a channel that is still the latest action of its item there.
     *
     * @return the rows requeued (none when nothing was left to retry)
     * @throws Refused NOT_FOUND when no such channel runs here
     */
    public List<Delivery> retryFailed(String channel, String actor) throws Refused {
        if (registry.channel(channel).isEmpty()) {
            throw new Refused(Refusal.NOT_FOUND, null, null);
        }
        List<Delivery> requeued = tx.execute(status -> {
            List<Delivery> rows = ledger.requeueFailed(channel, clock.instant());
            rows.forEach(d -> recordRetry(d, actor));
            return rows;
        });
        if (!requeued.isEmpty()) {
            waker.wake(channel);
        }
        return requeued;
    }

    /**
     * Enables a channel disabled at runtime (by HTTP 410 Gone) and closes its circuit.
     *
     * @throws Refused NOT_FOUND when no such channel runs here
     */
    public ChannelState enable(String channel, String actor) throws Refused {
        if (registry.channel(channel).isEmpty()) {
            throw new Refused(Refusal.NOT_FOUND, null, null);
        }
        tx.executeWithoutResult(status -> {
            health.enable(channel);
            events.publishEvent(new AuditEvent(AuditEvent.Action.CHANNEL_ENABLE, actor, null, null, null,
                    Map.of("channel", channel)));
        });
        waker.wake(channel);
        return channels().stream().filter(c -> c.id().equals(channel)).findFirst().orElseThrow();
    }

    /** Whether the row waits for another attempt after one whose outcome is unknown (it may have arrived). */
    public static boolean outcomeUnknown(Delivery d) {
        return d.status() == DeliveryStatus.PENDING && d.attempts() > 0 && d.lastError() != null
                && d.lastError().contains(OUTCOME_UNKNOWN);
    }

    /**
     * Checks the remote side of a delivery whose outcome is unknown, now rather than at its next scheduled
     * attempt. The {@link Channel} port has no separate "what do you hold" call: its contract is that an
     * attempt under the same idempotency key checks the remote state (or lets the remote side deduplicate)
     * before acting, so a check is that attempt, made due now; it never publishes twice.
     *
     * @return the row as it is now (due now)
     * @throws Refused NOT_FOUND, or WRONG_STATE when the row is not waiting after an unknown outcome
     */
    public Delivery checkRemote(long id) throws Refused {
        Delivery d = ledger.find(id).orElseThrow(() -> new Refused(Refusal.NOT_FOUND, null, null));
        if (!outcomeUnknown(d)) {
            throw new Refused(Refusal.WRONG_STATE, d, null);
        }
        ledger.expedite(id, clock.instant());
        waker.wake(d.channel());
        return ledger.find(id).orElse(d);
    }

    /**
     * The console's per-cell retry: a FAILED or DEAD delivery is {@link #retry retried}; one waiting for its
     * next scheduled attempt after a failed one (or after an unknown outcome) is attempted now, under the
     * same idempotency key (on the audit trail as a retry too).
     */
    public Delivery retryOrAttemptNow(long id, String actor) throws Refused {
        Delivery d = ledger.find(id).orElseThrow(() -> new Refused(Refusal.NOT_FOUND, null, null));
        if (d.status() != DeliveryStatus.PENDING || d.attempts() <= d.retryFrom()) {
            return retry(id, actor);
        }
        Boolean done = tx.execute(status -> {
            if (!ledger.expedite(id, clock.instant())) {
                return false;
            }
            recordRetry(d, actor);
            return true;
        });
        if (!Boolean.TRUE.equals(done)) {
            throw new Refused(Refusal.WRONG_STATE, ledger.find(id).orElse(d), null);
        }
        waker.wake(d.channel());
        return ledger.find(id).orElse(d);
    }

    private void recordRetry(Delivery d, String actor) {
        events.publishEvent(new AuditEvent(AuditEvent.Action.RETRY, actor, null, d.itemId(), d.itemVersion(),
                Map.of("delivery", Long.toString(d.id()), "channel", d.channel(), "action", d.action().name())));
    }
}
