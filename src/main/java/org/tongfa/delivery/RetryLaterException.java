package org.tongfa.delivery;

import java.time.Duration;

/**
 * A failure that time may cure: the partner was unreachable, timed out, answered 408/429/5xx or
 * garbage ({@link Reason#TRANSIENT}), may have acted despite the failure
 * ({@link Reason#OUTCOME_UNKNOWN}), or asked for a wait ({@link Reason#RATE_LIMITED}). A transient
 * failure is retried first briefly inside Camel and then on the ledger's schedule; a rate-limited one
 * waits at least as long as asked, and the channel pauses meanwhile.
 */
public final class RetryLaterException extends DeliveryFailure {

    /** A transient failure. */
    public RetryLaterException(String message) {
        this(message, null);
    }

    /** A transient failure with its cause. */
    public RetryLaterException(String message, Throwable cause) {
        super(message, Reason.TRANSIENT, null, cause);
    }

    private RetryLaterException(String message, Reason reason, Duration retryAfter, Throwable cause) {
        super(message, reason, retryAfter, cause);
    }

    /** The request was sent and may have taken effect; the next attempt must not act twice. */
    public static RetryLaterException outcomeUnknown(String message, Throwable cause) {
        return new RetryLaterException(message, Reason.OUTCOME_UNKNOWN, null, cause);
    }

    /** The partner asked not to be called again for {@code wait}. */
    public static RetryLaterException rateLimited(String message, Duration wait) {
        if (wait == null || wait.isNegative()) {
            throw new IllegalArgumentException("wait must not be negative: " + wait);
        }
        return new RetryLaterException(message, Reason.RATE_LIMITED, wait, null);
    }
}
