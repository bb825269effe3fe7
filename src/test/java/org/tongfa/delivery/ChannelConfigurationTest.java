package org.tongfa.delivery;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.NestedExceptionUtils;
import org.tongfa.support.TestApps;
import org.tongfa.support.TestDatabases;

/** A bad configuration stops start-up with a message that names the key. */
class ChannelConfigurationTest {

    @TempDir
    Path dir;

    static Stream<Arguments> badConfigurations() {
        return Stream.of(
                Arguments.of(Map.of("tongfa.channels.portal.type", "carrier-pigeon"), "tongfa.channels.portal.type"),
                Arguments.of(Map.of("tongfa.columns.news.channels[0]", "nowhere"), "tongfa.columns.news.channels[0]"),
                Arguments.of(Map.of("tongfa.channels.portal.type", "webhook",
                        "tongfa.channels.portal.url", "https://portal.example/hook"), "tongfa.channels.portal.secret"),
                Arguments.of(Map.of("tongfa.channels.portal.type", "webhook", "tongfa.channels.portal.secret", "s",
                        "tongfa.channels.portal.url", "ftp://portal.example/hook"), "tongfa.channels.portal.url"),
                Arguments.of(Map.of("tongfa.channels.archive.concurrency", "0"), "concurrency"),
                Arguments.of(Map.of("tongfa.delivery.retry-schedule", "soon"), "tongfa.delivery.retry-schedule"),
                // Two nodes claimed one row hundreds of times with this lease.
                Arguments.of(Map.of("tongfa.delivery.lease", "100ms"), "tongfa.delivery.lease: must be at least 10s"),
                // 2m x 3 calls + back-off is longer than the default 5m lease.
                Arguments.of(Map.of("tongfa.channels.portal.type", "webhook", "tongfa.channels.portal.secret", "s",
                        "tongfa.channels.portal.url", "https://portal.example/hook", "tongfa.channels.portal.timeout", "2m"),
                        "tongfa.delivery.lease: must be longer than the longest attempt, 360.6s on channel portal"),
                Arguments.of(Map.of("tongfa.delivery.breaker-open", "0s"), "tongfa.delivery.breaker-open: must be at least 1s"),
                // Another node's deliveries show on this node's site and feeds only after one refresh interval.
                Arguments.of(Map.of("tongfa.channels.website.refresh-interval", "11m"),
                        "tongfa.channels.website.refresh-interval: must be at most 10m"),
                Arguments.of(Map.of("tongfa.channels.feeds.refresh-interval", "11m"),
                        "tongfa.channels.feeds.refresh-interval: must be at most 10m"),
                // Feeds and the site live at fixed paths: a second one of either type cannot be served.
                Arguments.of(Map.of("tongfa.channels.more-feeds.type", "feed"), "only one feed channel may be enabled"),
                Arguments.of(Map.of("tongfa.channels.more-site.type", "website",
                        "tongfa.channels.more-site.output-directory", "target/more-site"),
                        "only one website channel may be enabled"));
    }

    @ParameterizedTest
    @MethodSource("badConfigurations")
    void refusesToStartAndNamesTheKey(Map<String, String> settings, String key) {
        assertThatThrownBy(() -> TestApps.start(TestDatabases.h2Url(), dir, "config-test", settings).close())
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(messages(e)).contains(key));
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all + String.valueOf(NestedExceptionUtils.getMostSpecificCause(e).getMessage());
    }
}
