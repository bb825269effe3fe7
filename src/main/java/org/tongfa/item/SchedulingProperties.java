package org.tongfa.item;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a scheduled release or expiry that failed at its time is tried again, bound from
 * {@code tongfa.scheduling.*}. The wait doubles after each failure, from {@code retry-delay} up to
 * {@code max-retry-delay}, and never ends: a due action happens or keeps being tried (a release a
 * publishing rule refuses is not retried; it goes back to APPROVED, or DRAFT without review, with the reason).
 *
 * @param retryDelay the wait after the first failure
 * @param maxRetryDelay the longest wait, also how often a job whose own rescheduling failed fires again
 */
@Validated
@ConfigurationProperties("tongfa.scheduling")
record SchedulingProperties(
        @NotNull @DefaultValue("10s") Duration retryDelay,
        @NotNull @DefaultValue("10m") Duration maxRetryDelay) {

    SchedulingProperties {
        if (retryDelay != null && (retryDelay.isNegative() || retryDelay.isZero())) {
            throw new IllegalArgumentException("tongfa.scheduling.retry-delay must be positive, not " + retryDelay);
        }
        if (retryDelay != null && maxRetryDelay != null && maxRetryDelay.compareTo(retryDelay) < 0) {
            throw new IllegalArgumentException("tongfa.scheduling.max-retry-delay (" + maxRetryDelay
                    + ") must not be shorter than tongfa.scheduling.retry-delay (" + retryDelay + ")");
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
