package org.tongfa.channel.feed;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.tongfa.config.SiteProperties;
import org.tongfa.published.PublishedEntryStore;
import org.tongfa.published.PullTestSupport;
import org.tongfa.support.TestDatabases;
import org.tongfa.support.TestSettings;

/**
 * A fresh migrated database (H2 unless PostgreSQL is asked for) with the feed channel's two stores on it (entries and owed hub
 * notifications), and feed channels built on it as a node starts them: two channels on one database
 * are two nodes, or one node before and after a restart.
 */
final class FeedTestDatabase {

    final JdbcTemplate jdbc;
    final PublishedEntryStore store;
    final FeedHubPings pings;
    private final Clock clock;

    FeedTestDatabase(Clock clock) {
        this(clock, "h2");
    }

    /** @param database {@code h2} or {@code postgresql} (the shared embedded server) */
    FeedTestDatabase(Clock clock, String database) {
        DataSource ds = TestDatabases.migrated(database.equals("h2") ? TestDatabases.h2Url() : TestDatabases.postgresUrl());
        this.jdbc = new JdbcTemplate(ds);
        this.store = new PublishedEntryStore(jdbc, new DataSourceTransactionManager(ds), clock);
        this.pings = new FeedHubPings(jdbc);
        this.clock = clock;
    }

    /** The site the feeds speak for. */
    static SiteProperties site() {
        return TestSettings.binder(Map.of("tongfa.site.name", "示范市工业和信息化局",
                "tongfa.site.description", "示范市工业和信息化局政府信息公开与政务动态",
                "tongfa.site.language", "zh-CN")).bind("tongfa.site", SiteProperties.class);
    }

    /** A feed channel with id {@code feed} and these settings (keys below {@code tongfa.channels.feed}). */
    FeedChannel channel(Map<String, String> settings) {
        return (FeedChannel) new FeedChannelFactory(store, pings, PullTestSupport.properties("feed", "feed"), site(),
                clock).create(PullTestSupport.config("feed", "feed", settings));
    }

    /** The feeds the hub is owed a notification of. */
    List<String> owed() {
        return jdbc.queryForList("SELECT feed_path FROM feed_hub_ping ORDER BY feed_path", String.class);
    }
}
