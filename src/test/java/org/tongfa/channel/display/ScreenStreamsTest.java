package org.tongfa.channel.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.tongfa.config.SettingsBinder;
import org.tongfa.config.SiteProperties;
import org.tongfa.config.TongfaProperties;
import org.tongfa.published.PublishedEntryStore;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestDatabases;
import org.tongfa.support.TestSettings;
import org.tongfa.web.ApiException;

/** The caps on push streams: per node (refused with 503, the screen polls) and per screen (oldest closed). */
class ScreenStreamsTest {

    @TempDir
    Path data;

    ScreenStreams streams;

    ScreenStreams streams(int maxStreams) {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("tongfa.data-directory", data.toString());
        source.put("tongfa.columns.news.name", "工作动态");
        source.put("tongfa.channels.display.type", "display");
        source.put("tongfa.display.max-streams", String.valueOf(maxStreams));
        for (String id : new String[] {"a", "b", "c"}) {
            source.put("tongfa.screens." + id + ".name", "大厅 " + id);
            source.put("tongfa.screens." + id + ".columns[0]", "news");
            source.put("tongfa.screens." + id + ".key", "key-of-screen-" + id + "-0123456789");
        }
        SettingsBinder settings = TestSettings.binder(source);
        TongfaProperties properties = settings.bind("tongfa", TongfaProperties.class);
        Screens screens = new Screens(settings, properties);
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
        javax.sql.DataSource ds = TestDatabases.migrated(TestDatabases.h2Url());
        PublishedEntryStore store = new PublishedEntryStore(new JdbcTemplate(ds), new DataSourceTransactionManager(ds), clock);
        DisplayFeeds feeds = new DisplayFeeds(store, screens, clock, settings.bind("tongfa.site", SiteProperties.class));
        streams = new ScreenStreams(feeds, new ScreenMonitor(new JdbcTemplate(ds), clock, screens, properties), screens);
        streams.start();
        return streams;
    }

    Screen screen(String id) {
        return new Screen(id, id, "", "display", java.util.Set.of("news"), java.util.List.of(), 15, Orientation.LANDSCAPE,
                new byte[32], 30, java.time.Duration.ofSeconds(90), PlaylistCap.NONE);
    }

    @AfterEach
    void stop() {
        if (streams != null) {
            streams.stop();
        }
    }

    @Test
    void refusesAStreamBeyondTheNodesCapWith503AndTakesOneWhenAnotherCloses() {
        ScreenStreams streams = streams(2);
        streams.open(screen("a"));
        streams.open(screen("b"));
        assertThatThrownBy(() -> streams.open(screen("c"))).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
        assertThat(streams.openStreams()).isEqualTo(2);
    }

    @Test
    void aScreenHoldsAtMostTwoStreamsTheOldestIsClosed() {
        ScreenStreams streams = streams(10);
        for (int i = 0; i < 5; i++) {
            streams.open(screen("a"));
        }
        assertThat(streams.openStreams()).isEqualTo(ScreenStreams.PER_SCREEN);
        streams.open(screen("b"));
        assertThat(streams.openStreams()).isEqualTo(ScreenStreams.PER_SCREEN + 1);
    }

    @Test
    void refusesStreamsOnceStopped() {
        ScreenStreams streams = streams(10);
        streams.open(screen("a"));
        streams.stop();
        assertThat(streams.openStreams()).isZero();
        assertThatThrownBy(() -> streams.open(screen("a"))).isInstanceOf(ApiException.class);
    }
}
