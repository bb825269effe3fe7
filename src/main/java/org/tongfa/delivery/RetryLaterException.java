package org.tongfa.delivery;

import java.time.Duration;

/**
 * A transient failure: the remote side was unreachable, timed out, answered 408/429/5xx or garbage.
 * The delivery is retried, first briefly inside Camel and then on the ledger's schedule.
 *
 * <p>{@code retryAfter} carries a wait the remote side asked for (HTTP {@code Retry-After}, a quota
 * window); when present the ledger waits at least that long and the channel pauses.
 * {@code outcomeUnknown} says the request may have taken effect (a timeout after sending), which is
 * recorded so an operator can see why an idempotency key was reused.
 */
public class RetryLaterException extends Exception {

    private final Duration retryAfter;
    private final boolean outcomeUnknown;
    private final boolean awaiting;

    public RetryLaterException(String reason) {
        this(reason, null, false, null);
    }

    public RetryLaterException(String reason, Throwable cause) {
        this(reason, null, false, cause);
    }

    public RetryLaterException(String reason, Duration retryAfter, boolean outcomeUnknown, Throwable cause) {
        this(reason, retryAfter, outcomeUnknown, false, cause);
    }

    private RetryLaterException(String reason, Duration retryAfter, boolean outcomeUnknown, boolean awaiting,
            Throwable cause) {
        super(reason, cause);
        this.retryAfter = retryAfter;
        this.outcomeUnknown = outcomeUnknown;
        this.awaiting = awaiting;
    }

    /**
     * Not a failure: the remote side accepted the work and finishes it asynchronously (a WeChat
     * publication job). The ledger checks back after {@code checkAgainIn} without pausing the channel,
     * counting against its breaker or spending the retry schedule; the channel itself decides when
     * waiting has lasted too long (and then gives up).
     */
    public static RetryLaterException awaiting(String reason, Duration checkAgainIn) {
        return new RetryLaterException(reason, checkAgainIn, false, true, null);
    }

    /** The wait the remote side asked for, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether this is a wait for remote work in progress rather than a failure, see {@link #awaiting}. */
    public boolean awaiting() {
        return awaiting;
    }

    /** Whether the remote side may have acted on the request despite the failure. */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
