package org.tongfa.delivery;

import java.time.Duration;
import java.util.Optional;

/**
 * Why a delivery attempt failed, classified by the channel at its boundary. There are exactly two
 * kinds: {@link RetryLaterException} (the ledger tries again on its schedule) and
 * {@link GiveUpException} (retrying cannot help); each carries a {@link Reason} that says what the
 * ledger and the channel's health make of it, and {@code DeliveryWorker} decides on that reason alone.
 */
public abstract sealed class DeliveryFailure extends Exception permits RetryLaterException, GiveUpException {

    /** What happened, from the ledger's point of view. */
    public enum Reason {
        /** The partner was unreachable, timed out before anything was sent, or answered 5xx or garbage. */
        TRANSIENT,
        /** The request may have taken effect (a timeout after sending): the next attempt reuses the key. */
        OUTCOME_UNKNOWN,
        /** The partner asked for a wait ({@code Retry-After}, a quota window): see {@link #retryAfter()}. */
        RATE_LIMITED,
        /** The partner refused this item for good (a 4xx with a reason, a rule the item breaks). */
        PERMANENT,
        /** The partner's endpoint is gone for good (HTTP 410): the channel is disabled until re-enabled. */
        PARTNER_GONE
    }

    private final Reason reason;
    private final Duration retryAfter;

    DeliveryFailure(String message, Reason reason, Duration retryAfter, Throwable cause) {
        super(message, cause);
        if ((reason == Reason.RATE_LIMITED) != (retryAfter != null)) {
            throw new IllegalArgumentException("a wait goes with RATE_LIMITED and only with it: " + reason);
        }
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    /** What happened. */
    public Reason reason() {
        return reason;
    }

    /** The wait the partner asked for; present exactly when the reason is {@link Reason#RATE_LIMITED}. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The message with what an operator must know about the reason, as the ledger records it. */
    public String describe() {
        return reason == Reason.OUTCOME_UNKNOWN ? getMessage() + " (outcome unknown)" : getMessage();
    }
}
