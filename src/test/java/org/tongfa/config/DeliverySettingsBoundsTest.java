package org.tongfa.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tongfa.support.TestSettings;

/**
 * The pipeline's numbers under {@code tongfa.delivery} (and a channel's own retry schedule) are refused
 * at start-up where a wrong value would break a promise, with the key and the reason; the values at
 * either edge of each bound are accepted.
 */
class DeliverySettingsBoundsTest {

    private static TongfaProperties bind(String key, String value) {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("tongfa.columns.news.name", "工作动态");
        source.put("tongfa.channels.archive.type", "folder");
        source.put(key, value);
        return TestSettings.binder(source).bind("tongfa", TongfaProperties.class);
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "tongfa.delivery.poll-interval               | 0s    | tongfa.delivery.poll-interval: must be at least 10ms: a zero poll interval polls only once",
            "tongfa.delivery.poll-interval               | 9ms   | tongfa.delivery.poll-interval: must be at least 10ms",
            "tongfa.delivery.poll-interval               | 2h    | tongfa.delivery.poll-interval: must be at most 1h: a retry that came due",
            "tongfa.delivery.short-retries               | -1    | tongfa.delivery.short-retries: must not be negative",
            "tongfa.delivery.short-retries               | 11    | tongfa.delivery.short-retries: must be at most 10: each short retry holds",
            "tongfa.delivery.short-retry-delay           | 0s    | tongfa.delivery.short-retry-delay: must be at least 1ms",
            "tongfa.delivery.short-retry-delay           | 11s   | tongfa.delivery.short-retry-delay: must be at most 10s: Camel cuts",
            "tongfa.delivery.retry-schedule              | 0s,-5s | tongfa.delivery.retry-schedule[1]: must not be negative",
            "tongfa.delivery.breaker-failures            | 0     | tongfa.delivery.breaker-failures: must be at least 1",
            "tongfa.delivery.breaker-open                | 0s    | tongfa.delivery.breaker-open: must be at least 1s: a shorter wait is no rest",
            "tongfa.delivery.breaker-open                | 999ms | tongfa.delivery.breaker-open: must be at least 1s",
            "tongfa.delivery.breaker-open                | 61m   | tongfa.delivery.breaker-open: must be at most 1h: the wait doubles",
            "tongfa.channels.archive.retry-schedule[0]   | -1ms  | tongfa.channels.archive.retry-schedule[0]: must not be negative",
    })
    void refusesAValueThatBreaksAPromiseNamingTheKeyAndWhy(String key, String value, String message) {
        assertThatThrownBy(() -> bind(key, value)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "tongfa.delivery.poll-interval               | 10ms",
            "tongfa.delivery.poll-interval               | 1h",
            "tongfa.delivery.short-retries               | 0",
            "tongfa.delivery.short-retries               | 10",
            "tongfa.delivery.short-retry-delay           | 1ms",
            "tongfa.delivery.short-retry-delay           | 10s",
            "tongfa.delivery.retry-schedule              | 0s,0s",
            "tongfa.delivery.breaker-failures            | 1",
            "tongfa.delivery.breaker-open                | 1s",
            "tongfa.delivery.breaker-open                | 1h",
            "tongfa.channels.archive.retry-schedule[0]   | 0s",
    })
    void acceptsTheEdgesOfEachBound(String key, String value) {
        assertThat(bind(key, value).delivery()).isNotNull();
    }
}
