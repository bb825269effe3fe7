package org.tongfa.delivery;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long a graceful stop waits for deliveries in flight, bound from
 * {@code tongfa.delivery.shutdown-grace}: those that finish within it are recorded as usual, the rest
 * are handed back to the ledger for the next start (or another node) to send again under the same
 * idempotency key. Kept apart from {@code TongfaProperties.Delivery} so that the stop's one setting
 * has one owner.
 *
 * @param shutdownGrace the longest wait for deliveries in flight when the service stops
 */
@Validated
@ConfigurationProperties("tongfa.delivery")
record DeliveryShutdownProperties(@NotNull @DefaultValue("5s") Duration shutdownGrace) {

    DeliveryShutdownProperties {
        if (shutdownGrace != null && shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("tongfa.delivery.shutdown-grace must not be negative, not "
                    + shutdownGrace);
        }
    }
}
