package org.tongfa.channel.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tongfa.published.PullTestSupport.dispatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.tongfa.config.SettingsBinder;
import org.tongfa.config.SiteProperties;
import org.tongfa.config.TongfaProperties;
import org.tongfa.delivery.Action;
import org.tongfa.published.PublishedEntryStore;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestDatabases;
import org.tongfa.support.TestSettings;

/**
 * Push streams against a real store (H2) and hand-written sinks: the current feed first, a delivery on
 * this node pushed at once, heartbeats, a broken connection dropped, and the caps per node (refused:
 * the screen polls) and per screen (the oldest closed).
 */
class ScreenStreamsTest {

    @TempDir
    Path data;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
    ScreenStreams streams;
    Screens screens;
    DisplayChannel channel;

    /** A connection that records what it was sent, and can be made to fail. */
    static final class RecordingSink implements ScreenStreams.Sink {
        final List<String> feeds = new CopyOnWriteArrayList<>();
        final AtomicInteger heartbeats = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();
        volatile boolean broken;

        @Override
        public void feed(String etag, byte[] document) throws IOException {
            if (broken) {
                throw new IOException("connection reset");
            }
            feeds.add(new String(document, StandardCharsets.UTF_8));
        }

        @Override
        public void heartbeat() throws IOException {
            if (broken) {
                throw new IOException("connection reset");
            }
            heartbeats.incrementAndGet();
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    ScreenStreams streams(int maxStreams) {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("tongfa.data-directory", data.toString());
        source.put("tongfa.columns.news.name", "工作动态");
        source.put("tongfa.channels.display.type", "display");
        source.put("tongfa.display.max-streams", String.valueOf(maxStreams));
        source.put("tongfa.display.stream-heartbeat", "100ms");
        for (String id : new String[] {"a", "b", "c"}) {
            source.put("tongfa.screens." + id + ".name", "大厅 " + id);
            source.put("tongfa.screens." + id + ".columns[0]", "news");
            source.put("tongfa.screens." + id + ".key", "key-of-screen-" + id + "-0123456789");
        }
        SettingsBinder settings = TestSettings.binder(source);
        TongfaProperties properties = settings.bind("tongfa", TongfaProperties.class);
        screens = new Screens(settings, properties);
        javax.sql.DataSource ds = TestDatabases.migrated(TestDatabases.h2Url());
        PublishedEntryStore store = new PublishedEntryStore(new JdbcTemplate(ds), new DataSourceTransactionManager(ds), clock);
        DisplayFeeds feeds = new DisplayFeeds(store, screens, clock, settings.bind("tongfa.site", SiteProperties.class));
        channel = new DisplayChannel("display", store, feeds);
        streams = new ScreenStreams(feeds, new ScreenMonitor(new JdbcTemplate(ds), clock, screens, properties), screens);
        streams.start();
        return streams;
    }

    Screen screen(String id) {
        return screens.find(id).orElseThrow();
    }

    @AfterEach
    void stop() {
        if (streams != null) {
            streams.stop();
        }
    }

    @Test
    void sendsTheCurrentFeedFirstThenADeliveryAtOnce() throws Exception {
        ScreenStreams streams = streams(10);
        RecordingSink sink = new RecordingSink();
        assertThat(streams.open(screen("a"), sink)).isPresent();
        assertThat(sink.feeds).hasSize(1);
        assertThat(sink.feeds.get(0)).contains("\"mode\":\"NORMAL\"");

        channel.deliver(dispatch(Action.PUBLISH, DisplaySnapshots.item("e", "news", "EMERGENCY",
                clock.instant().minusSeconds(1), null)));

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.feeds.size() == 2);
        assertThat(sink.feeds.get(1)).contains("\"mode\":\"EMERGENCY\"", "\"id\":\"e\"");
    }

    @Test
    void keepsAnIdleStreamAliveWithHeartbeatsAndDropsOneWhoseWriteFails() {
        ScreenStreams streams = streams(10);
        RecordingSink sink = new RecordingSink();
        streams.open(screen("a"), sink);
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.heartbeats.get() >= 2);
        assertThat(sink.feeds).hasSize(1);

        sink.broken = true;
        await().atMost(Duration.ofSeconds(5)).until(() -> streams.openStreams() == 0);
    }

    @Test
    void refusesAStreamBeyondTheNodesCapAndTakesOneWhenAnotherEnds() {
        ScreenStreams streams = streams(2);
        Runnable gone = streams.open(screen("a"), new RecordingSink()).orElseThrow();
        assertThat(streams.open(screen("b"), new RecordingSink())).isPresent();
        assertThat(streams.open(screen("c"), new RecordingSink())).as("over the cap: the screen polls").isEmpty();
        assertThat(streams.openStreams()).isEqualTo(2);

        gone.run();
        assertThat(streams.open(screen("c"), new RecordingSink())).isPresent();
    }

    @Test
    void aScreenHoldsAtMostTwoStreamsTheOldestIsClosed() {
        ScreenStreams streams = streams(10);
        List<RecordingSink> sinks = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RecordingSink sink = new RecordingSink();
            sinks.add(sink);
            streams.open(screen("a"), sink);
        }
        assertThat(streams.openStreams()).isEqualTo(ScreenStreams.PER_SCREEN);
        assertThat(sinks).extracting(s -> s.closed.get()).containsExactly(true, true, false, false);
        streams.open(screen("b"), new RecordingSink());
        assertThat(streams.openStreams()).isEqualTo(ScreenStreams.PER_SCREEN + 1);
    }

    @Test
    void closesEveryStreamWhenStoppedAndOpensNoMore() {
        ScreenStreams streams = streams(10);
        RecordingSink sink = new RecordingSink();
        streams.open(screen("a"), sink);
        streams.stop();
        assertThat(sink.closed).isTrue();
        assertThat(streams.openStreams()).isZero();
        assertThat(streams.open(screen("a"), new RecordingSink())).isEmpty();
    }

    @Test
    void pushesAgainAfterAStopAndAStart() throws Exception {
        // Spring's context restart stops and starts every lifecycle bean on the same objects.
        ScreenStreams streams = streams(10);
        streams.stop();
        streams.start();
        RecordingSink sink = new RecordingSink();
        assertThat(streams.open(screen("a"), sink)).isPresent();

        channel.deliver(dispatch(Action.PUBLISH, DisplaySnapshots.item("e", "news", "EMERGENCY",
                clock.instant().minusSeconds(1), null)));

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.feeds.size() == 2);
    }
}
