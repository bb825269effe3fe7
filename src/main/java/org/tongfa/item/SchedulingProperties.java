package org.tongfa.item;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How scheduled releases and expiries are swept ({@link DueSweep}) and how one that failed at its
 * time is tried again, bound from {@code tongfa.scheduling.*}. The wait doubles after each failure, from {@code retry-delay} up to
 * {@code max-retry-delay}, and never ends: a due action happens or keeps being tried (a release a
 * publishing rule refuses is not retried; it goes back to APPROVED, or DRAFT without review, with the reason).
 *
 * @param retryDelay the wait after the first failure
 * @param maxRetryDelay the longest wait
 * @param pollInterval how often each node looks for due actions at the latest (it also wakes at the
 *     earliest one it knows of)
 * @param lease how long a node holds an action it claimed before another node may try it: a node that
 *     died mid-attempt is replaced after this. Trying one twice is harmless (the item's lock and state
 *     decide), only wasted
 * @param batch how many due actions of a kind one claim takes
 * @param threads how many due actions a node works on at once
 */
@Validated
@ConfigurationProperties("tongfa.scheduling")
record SchedulingProperties(
        @NotNull @DefaultValue("10s") Duration retryDelay,
        @NotNull @DefaultValue("10m") Duration maxRetryDelay,
        @NotNull @DefaultValue("1s") Duration pollInterval,
        @NotNull @DefaultValue("30s") Duration lease,
        @DefaultValue("50") @Min(1) @Max(1000) int batch,
        @DefaultValue("4") @Min(1) @Max(64) int threads) {

    SchedulingProperties {
        if (retryDelay != null && (retryDelay.isNegative() || retryDelay.isZero())) {
            throw new IllegalArgumentException("tongfa.scheduling.retry-delay must be positive, not " + retryDelay);
        }
        if (retryDelay != null && maxRetryDelay != null && maxRetryDelay.compareTo(retryDelay) < 0) {
            throw new IllegalArgumentException("tongfa.scheduling.max-retry-delay (" + maxRetryDelay
                    + ") must not be shorter than tongfa.scheduling.retry-delay (" + retryDelay + ")");
        }
        if (pollInterval != null && (pollInterval.compareTo(Duration.ofMillis(50)) < 0
                || pollInterval.compareTo(Duration.ofMinutes(1)) > 0)) {
            throw new IllegalArgumentException("tongfa.scheduling.poll-interval must be between 50ms and 1m, not "
                    + pollInterval);
        }
        if (lease != null && lease.compareTo(Duration.ofSeconds(5)) < 0) {
            throw new IllegalArgumentException("tongfa.scheduling.lease must be at least 5s (longer than one "
                    + "release takes), not " + lease);
        }
    }

    /** The wait after the {@code failures}-th failure in a row (1 for the first). */
    Duration delayAfter(int failures) {
        Duration delay = retryDelay;
        for (int i = 1; i < failures && delay.compareTo(maxRetryDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay;
    }
}
