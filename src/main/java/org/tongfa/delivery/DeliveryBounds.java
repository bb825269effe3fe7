package org.tongfa.delivery;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.config.TongfaProperties;

/**
 * The start-up check of {@code tongfa.delivery.lease} against the channels configured: the lease is a
 * node's reservation of a delivery, and it must outlast the longest attempt any channel can make, or a
 * second node claims the row while the first still sends it and the partner receives the item twice
 * (with {@code lease: 100ms}, two nodes claimed one row hundreds of times).
 *
 * <p>An attempt is the channel's {@link Channel#longestCall()} once, then again after each short retry,
 * with the short retries' back-off between: {@code short-retry-delay}, doubled each time and cut at
 * {@link #MAX_BACK_OFF}, as Camel's redelivery policy in {@code routes/delivery.camel.yaml} waits.
 */
final class DeliveryBounds {

    /**
     * The shortest lease at all: a channel on this node only (a folder, the website) has no timeout of
     * its own, and a write under load may take seconds.
     */
    static final Duration MIN_LEASE = Duration.ofSeconds(10);
    /** Camel's {@code maximumRedeliveryDelay} in {@code routes/delivery.camel.yaml}: no back-off is longer. */
    static final Duration MAX_BACK_OFF = Duration.ofSeconds(10);
    private static final String KEY = "tongfa.delivery.lease";

    private DeliveryBounds() {
    }

    /**
     * Refuses a lease no longer than the longest attempt of a running channel, or shorter than
     * {@link #MIN_LEASE}.
     *
     * @throws InvalidConfigurationException naming {@code tongfa.delivery.lease}, the channel and the sum
     */
    static void checkLease(TongfaProperties.Delivery delivery, Map<String, Channel> channels) {
        Duration lease = delivery.lease();
        if (lease.compareTo(MIN_LEASE) < 0) {
            throw new InvalidConfigurationException(KEY, "must be at least " + text(MIN_LEASE) + ", not " + text(lease)
                    + ": a delivery's lease must outlast its attempt, or another node claims it meanwhile and sends it twice");
        }
        Duration backOff = backOff(delivery);
        int calls = delivery.shortRetries() + 1;
        channels.forEach((id, channel) -> {
            Duration call = channel.longestCall();
            Duration attempt = call.multipliedBy(calls).plus(backOff);
            if (lease.compareTo(attempt) <= 0) {
                throw new InvalidConfigurationException(KEY, "must be longer than the longest attempt, " + text(attempt)
                        + " on channel " + id + " (" + text(call) + " per call x " + calls + " calls, the first and "
                        + delivery.shortRetries() + " short retries, + " + text(backOff) + " back-off), not " + text(lease)
                        + ": a shorter lease lets another node claim the delivery while this one still sends it, and "
                        + "the partner receives it twice");
            }
        });
    }

    /** The short retries' waits, added up: the first delay, doubled each time, each at most {@link #MAX_BACK_OFF}. */
    static Duration backOff(TongfaProperties.Delivery delivery) {
        Duration total = Duration.ZERO;
        Duration wait = delivery.shortRetryDelay();
        for (int i = 0; i < delivery.shortRetries(); i++) {
            total = total.plus(wait.compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF : wait);
            wait = wait.multipliedBy(2);
        }
        return total;
    }

    /** {@code 31.6s}, {@code 5m}, {@code 100ms}: the way config/application.yml writes durations. */
    static String text(Duration duration) {
        long millis = duration.toMillis();
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis != 0 && Math.abs(millis) < 1000) {
            return millis + "ms";
        }
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
    }
}
