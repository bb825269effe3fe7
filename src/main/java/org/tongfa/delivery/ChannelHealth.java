package org.tongfa.delivery;

import static org.tongfa.common.SqlTimestamps.instant;
import static org.tongfa.common.SqlTimestamps.ts;

import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tongfa.config.TongfaProperties;

/**
 * Keeps a failing channel from being hammered: a circuit breaker per channel (in memory, per node),
 * plus the two states every node must share, kept in {@code channel_state}: <em>paused</em> until a
 * time the partner asked for ({@code Retry-After}, a quota window) and <em>disabled</em> (the partner
 * answered 410 Gone, or an operator turned it off) until an operator enables it again.
 *
 * <p>The breaker opens after {@code tongfa.delivery.breaker-failures} consecutive failed calls, each
 * counted as it fails (a short retry is a call of its own), waits {@code breaker-open} (doubling on
 * each failed probe, at most 32 times that), then lets a single probe through: success closes it,
 * failure opens it again. While open, no node claims for the channel, and the deliveries this node
 * claimed before it opened are not sent ({@link #admits}): they wait in the ledger, like every other
 * due delivery, with no attempt counted against them.
 */
@Component
public class ChannelHealth {

    /** {@code channel_state.disabled_reason}. */
    private static final int MAX_DISABLED_REASON = 1000;

    private static final Logger log = LoggerFactory.getLogger(ChannelHealth.class);

    /** A channel's state as operators see it. */
    public enum State { CLOSED, OPEN, HALF_OPEN, PAUSED, DISABLED }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final int threshold;
    private final Duration openFor;
    private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();

    public ChannelHealth(JdbcClient jdbc, Clock clock, TongfaProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.threshold = properties.delivery().breakerFailures();
        this.openFor = properties.delivery().breakerOpen();
    }

    private static final class Breaker {
        int consecutiveFailures;
        int openings;
        Instant openUntil;
        boolean probeInFlight;
        /** The delivery claimed as the probe; {@code null} while its claim is under way or none runs. */
        Long probe;
        /**
         * Until when this node sends nothing, not even what it already claimed: the partner asked for a
         * pause, or the channel was disabled ({@link Instant#MAX}), here. Another node's pause or disable
         * reaches this one at its next claim, from the database.
         */
        Instant heldUntil;
    }

    private void hold(String channel, Instant until) {
        Breaker b = breaker(channel);
        synchronized (b) {
            if (b.heldUntil == null || b.heldUntil.isBefore(until)) {
                b.heldUntil = until;
            }
        }
    }

    private Breaker breaker(String channel) {
        return breakers.computeIfAbsent(channel, c -> new Breaker());
    }

    /** The state now, shared state first. */
    public State state(String channel) {
        return state(channel, shared(channel), clock.instant());
    }

    /**
     * A channel's state and why it was disabled ({@code null} unless it is {@link State#DISABLED}).
     */
    public record Status(State state, String disabledReason) {
    }

    /**
     * {@link #state} and {@link #disabledReason} of each of these channels, from one read of the shared
     * state: what a page listing every channel shows.
     */
    public Map<String, Status> statuses(Collection<String> channels) {
        Map<String, Shared> stored = new HashMap<>();
        jdbc.sql("SELECT channel, disabled, disabled_reason, paused_until FROM channel_state")
                .query((ResultSet rs) -> {
                    stored.put(rs.getString("channel"), new Shared(rs.getBoolean("disabled"), rs.getString("disabled_reason"),
                            instant(rs, "paused_until")));
                });
        Instant now = clock.instant();
        Map<String, Status> statuses = new LinkedHashMap<>();
        for (String channel : channels) {
            Shared shared = stored.getOrDefault(channel, NOTHING_SHARED);
            statuses.put(channel, new Status(state(channel, shared, now), shared.disabled ? shared.reason : null));
        }
        return statuses;
    }

    private State state(String channel, Shared shared, Instant now) {
        if (shared.disabled) {
            return State.DISABLED;
        }
        if (shared.pausedUntil != null && shared.pausedUntil.isAfter(now)) {
            return State.PAUSED;
        }
        Breaker b = breaker(channel);
        synchronized (b) {
            if (b.openUntil == null) {
                return State.CLOSED;
            }
            return b.openUntil.isAfter(now) ? State.OPEN : State.HALF_OPEN;
        }
    }

    /**
     * How many deliveries this channel may start now, at most {@code wanted}: all of them when healthy,
     * one probe when half open, none when open, paused or disabled.
     */
    public int permits(String channel, int wanted) {
        State state = state(channel);
        switch (state) {
            case CLOSED:
                return wanted;
            case HALF_OPEN:
                Breaker b = breaker(channel);
                synchronized (b) {
                    if (b.probeInFlight || wanted == 0) {
                        return 0;
                    }
                    b.probeInFlight = true;
                    return 1;
                }
            default:
                return 0;
        }
    }

    /**
     * Tells the breaker which deliveries a claim made with {@link #permits} took: when it was the half
     * open circuit's one probe, the first of them is that probe.
     */
    public void claimed(String channel, java.util.List<Delivery> rows) {
        Breaker b = breaker(channel);
        synchronized (b) {
            if (b.probeInFlight && b.probe == null && !rows.isEmpty()) {
                b.probe = rows.get(0).id();
            }
        }
    }

    /**
     * Whether a claimed delivery may be sent now (or sent again, for a short retry): always while the
     * circuit is closed; once it is open, only the half-open circuit's probe. The others were claimed
     * before it opened and go back to the ledger unsent. Nothing while this node holds the channel for a
     * pause or a disable it recorded. In memory only: it costs no query per call.
     */
    public boolean admits(String channel, long deliveryId) {
        Breaker b = breaker(channel);
        synchronized (b) {
            if (b.heldUntil != null && b.heldUntil.isAfter(clock.instant())) {
                return false;
            }
            if (b.openUntil == null) {
                return true;
            }
            return b.probeInFlight && b.probe != null && b.probe == deliveryId && !b.openUntil.isAfter(clock.instant());
        }
    }

    /** An attempt succeeded: the circuit closes. */
    public void succeeded(String channel) {
        Breaker b = breaker(channel);
        synchronized (b) {
            if (b.openUntil != null) {
                log.info("Channel {} recovered; circuit closed", channel);
            }
            b.consecutiveFailures = 0;
            b.openings = 0;
            b.openUntil = null;
            b.probeInFlight = false;
            b.probe = null;
        }
    }

    /** A call failed transiently: counted at once, before its short retry or the ledger's next attempt. */
    public void failed(String channel) {
        Breaker b = breaker(channel);
        synchronized (b) {
            b.consecutiveFailures++;
            if (b.openUntil != null && b.openUntil.isAfter(clock.instant())) {
                // An attempt started before the circuit opened: already counted, must not extend the wait.
                return;
            }
            boolean probeFailed = b.probeInFlight;
            b.probeInFlight = false;
            b.probe = null;
            if (probeFailed || b.consecutiveFailures >= threshold) {
                Duration wait = openFor.multipliedBy(1L << Math.min(b.openings, 5));
                b.openings++;
                b.openUntil = clock.instant().plus(wait);
                log.warn("Channel {} failed {} times in a row; circuit open for {}", channel, b.consecutiveFailures, wait);
            }
        }
    }

    /** The attempt ended without telling anything about the channel's health (e.g. the row was gone). */
    public void released(String channel) {
        Breaker b = breaker(channel);
        synchronized (b) {
            b.probeInFlight = false;
            b.probe = null;
        }
    }

    /**
     * Delivery {@code deliveryId}'s attempt ended without telling anything about the channel's health:
     * if it was the probe, another may go; any other delivery leaves the probe running.
     */
    public void released(String channel, long deliveryId) {
        Breaker b = breaker(channel);
        synchronized (b) {
            if (b.probe == null || b.probe == deliveryId) {
                b.probeInFlight = false;
                b.probe = null;
            }
        }
    }

    /** The partner asked us to wait: no node sends to it before {@code until}. */
    public void pauseUntil(String channel, Instant until) {
        hold(channel, until);
        upsert(channel);
        jdbc.sql("UPDATE channel_state SET paused_until = :until, updated_at = :now WHERE channel = :channel "
                        + "AND (paused_until IS NULL OR paused_until < :until)")
                .param("until", ts(until)).param("now", ts(clock.instant()))
                .param("channel", channel).update();
        log.warn("Channel {} paused until {} at the partner's request", channel, until);
    }

    /**
     * Stops every delivery to the channel until an operator enables it. The reason usually quotes the
     * partner's answer: it is cleaned and cut to its column, so that storing it cannot fail.
     */
    public void disable(String channel, String reason) {
        hold(channel, Instant.MAX);
        upsert(channel);
        jdbc.sql("UPDATE channel_state SET disabled = TRUE, disabled_reason = :reason, updated_at = :now "
                        + "WHERE channel = :channel")
                .param("reason", LedgerText.clean(reason, MAX_DISABLED_REASON, true)).param("now", ts(clock.instant())).param("channel", channel)
                .update();
        log.error("Channel {} disabled: {}", channel, reason);
    }

    /** Lifts a disable or pause and closes the circuit. */
    public void enable(String channel) {
        upsert(channel);
        jdbc.sql("UPDATE channel_state SET disabled = FALSE, disabled_reason = NULL, paused_until = NULL, "
                        + "updated_at = :now WHERE channel = :channel")
                .param("now", ts(clock.instant())).param("channel", channel).update();
        Breaker b = breaker(channel);
        synchronized (b) {
            b.heldUntil = null;
        }
        succeeded(channel);
        log.info("Channel {} enabled by an operator", channel);
    }

    /** Why the channel is disabled, or {@code null}. */
    public String disabledReason(String channel) {
        Shared shared = shared(channel);
        return shared.disabled ? shared.reason : null;
    }

    private record Shared(boolean disabled, String reason, Instant pausedUntil) {
    }

    /** A channel no node has paused or disabled yet (it has no {@code channel_state} row). */
    private static final Shared NOTHING_SHARED = new Shared(false, null, null);

    private Shared shared(String channel) {
        return jdbc.sql("SELECT disabled, disabled_reason, paused_until FROM channel_state WHERE channel = :channel")
                .param("channel", channel)
                .query((rs, n) -> new Shared(rs.getBoolean("disabled"), rs.getString("disabled_reason"),
                        instant(rs, "paused_until")))
                .optional().orElse(NOTHING_SHARED);
    }

    private void upsert(String channel) {
        // Insert-if-absent that both H2 and PostgreSQL accept; a racing insert by another node is harmless.
        try {
            jdbc.sql("INSERT INTO channel_state (channel, disabled, updated_at) SELECT :channel, FALSE, :now "
                            + "WHERE NOT EXISTS (SELECT 1 FROM channel_state WHERE channel = :channel)")
                    .param("channel", channel).param("now", ts(clock.instant())).update();
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            // another node created it first
        }
    }
}
