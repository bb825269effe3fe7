package org.tongfa.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.config.TongfaProperties;

/**
 * {@code tongfa.delivery.lease} against the longest attempt of the channels configured: the channel's
 * longest call, once and after each short retry, plus the short retries' back-off.
 */
class DeliveryBoundsTest {

    /** A channel that only says how long its call may take. */
    private record Timed(Duration longestCall) implements Channel {
        @Override
        public DeliveryResult deliver(Dispatch dispatch) {
            throw new UnsupportedOperationException("never called");
        }
    }

    private static TongfaProperties.Delivery delivery(String lease, int shortRetries, String shortRetryDelay) {
        return new TongfaProperties.Delivery(Duration.ofSeconds(1), parse(lease), shortRetries, parse(shortRetryDelay),
                List.of(Duration.ZERO), 5, Duration.ofSeconds(30));
    }

    private static Duration parse(String text) {
        return org.springframework.boot.convert.DurationStyle.detectAndParse(text);
    }

    private static Map<String, Channel> channels(String webhookTimeout) {
        Map<String, Channel> channels = new TreeMap<>();
        channels.put("archive", new Timed(Duration.ZERO));
        if (!webhookTimeout.equals("-")) {
            channels.put("nanfang", new Timed(parse(webhookTimeout)));
        }
        return channels;
    }

    @ParameterizedTest(name = "lease {0}, timeout {1}, {2} short retries from {3} -> {4}")
    @CsvSource(delimiter = '|', value = {
            // lease | channel timeout | short retries | first delay | refused with
            "100ms   | -    | 2 | 200ms | must be at least 10s, not 100ms",
            "9999ms  | -    | 0 | 1ms   | must be at least 10s",
            // 10s x 3 + 200ms + 400ms
            "30s     | 10s  | 2 | 200ms | must be longer than the longest attempt, 30.6s on channel nanfang (10s per call x 3 calls",
            "30600ms | 10s  | 2 | 200ms | 30.6s on channel nanfang",
            "10s     | 10s  | 0 | 200ms | must be longer than the longest attempt, 10s on channel nanfang (10s per call x 1 calls",
            // Each back-off is cut at 10 s, as Camel waits: 10 + 10 + 10, not 10 + 20 + 40.
            "50s     | 5s   | 3 | 10s   | 50s on channel nanfang (5s per call x 4 calls, the first and 3 short retries, + 30s back-off)",
            "5m      | 2m   | 2 | 200ms | 360.6s on channel nanfang",
    })
    void refusesALeaseNoLongerThanTheLongestAttempt(String lease, String timeout, int shortRetries, String delay,
            String message) {
        assertThatThrownBy(() -> DeliveryBounds.checkLease(delivery(lease, shortRetries, delay), channels(timeout)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("tongfa.delivery.lease: ")
                .hasMessageContaining(message)
                .hasMessageContaining("another node");
    }

    @ParameterizedTest(name = "lease {0}, timeout {1}, {2} short retries from {3}")
    @CsvSource(delimiter = '|', value = {
            "10s     | -    | 2 | 200ms",
            "30601ms | 10s  | 2 | 200ms",
            "5m      | 10s  | 2 | 200ms",
            "50001ms | 5s   | 3 | 10s",
    })
    void acceptsALeaseLongerThanTheLongestAttempt(String lease, String timeout, int shortRetries, String delay) {
        assertThatCode(() -> DeliveryBounds.checkLease(delivery(lease, shortRetries, delay), channels(timeout)))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} short retries from {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "0 | 200ms | 0s",
            "2 | 200ms | 600ms",
            "5 | 1s    | 25s",
            "10 | 10s  | 100s",
    })
    void addsUpTheBackOffAsCamelWaits(int shortRetries, String delay, String total) {
        assertThat(DeliveryBounds.text(DeliveryBounds.backOff(delivery("5m", shortRetries, delay)))).isEqualTo(total);
    }
}
