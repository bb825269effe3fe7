package org.tongfa.published;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.tongfa.config.TongfaProperties;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.ChannelConfig;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.support.TestDatabases;
import org.tongfa.support.TestSettings;

/** Configuration, a migrated store and dispatches for pull-channel tests without a Spring context. */
public final class PullTestSupport {


    private PullTestSupport() {
    }

    /** A store on a fresh in-memory H2 database, shared by the channels a test builds on it (its "nodes"). */
    public static PublishedEntryStore store(Clock clock) {
        DataSource ds = TestDatabases.migrated(TestDatabases.h2Url());
        return new PublishedEntryStore(new JdbcTemplate(ds), new DataSourceTransactionManager(ds), clock);
    }

    /** Service settings with the columns news (工作动态) and policies (政策文件) and one channel of {@code type}. */
    public static TongfaProperties properties(String channelId, String type) {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("tongfa.public-base-url", "https://gov.example");
        source.put("tongfa.columns.news.name", "工作动态");
        source.put("tongfa.columns.news.channels[0]", channelId);
        source.put("tongfa.columns.policies.name", "政策文件");
        source.put("tongfa.columns.policies.channels[0]", channelId);
        source.put("tongfa.channels." + channelId + ".type", type);
        return TestSettings.binder(source).bind("tongfa", TongfaProperties.class);
    }

    /** The channel's configuration with the given keys (relative to its prefix). */
    public static ChannelConfig config(String channelId, String type, Map<String, String> settings) {
        Map<String, String> source = new LinkedHashMap<>();
        String prefix = "tongfa.channels." + channelId;
        source.put(prefix + ".type", type);
        settings.forEach((key, value) -> source.put(prefix + "." + key, value));
        return TestSettings.channel(channelId, source);
    }

    public static Dispatch dispatch(Action action, ItemSnapshot item) {
        return new Dispatch(1, "key-" + item.itemId() + "-" + item.version() + "-" + action, action, 1, item, null,
                id -> new byte[0]);
    }
}
