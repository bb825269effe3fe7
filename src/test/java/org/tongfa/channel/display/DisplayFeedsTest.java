package org.tongfa.channel.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongfa.published.PullTestSupport.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.tongfa.published.PublishedEntries;
import org.tongfa.published.PublishedEntryStore;
import org.tongfa.config.SettingsBinder;
import org.tongfa.config.SiteProperties;
import org.tongfa.config.TongfaProperties;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.published.PublishedEntries;
import org.tongfa.published.PublishedEntryStore;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestDatabases;
import org.tongfa.support.TestSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The display channel and the feed cache against a real store (H2): deliveries change feeds, requests
 * in between cost no database reads beyond a throttled revision check, a second node catches up
 * within the refresh interval, and the ETag follows the content, not the time it was rendered.
 */
class DisplayFeedsTest {

    static final Instant T0 = Instant.parse("2026-03-02T02:00:10Z"); // Monday 10:00:10 in Beijing

    /** A store that counts its reads. */
    static final class CountingStore extends PublishedEntryStore {
        final AtomicInteger revisions = new AtomicInteger();
        final AtomicInteger loads = new AtomicInteger();

        CountingStore(javax.sql.DataSource ds, Clock clock) {
            super(new JdbcTemplate(ds), new DataSourceTransactionManager(ds), clock);
        }

        @Override
        public long revision(String channel) {
            revisions.incrementAndGet();
            return super.revision(channel);
        }

        @Override
        public PublishedEntries load(String channel) {
            loads.incrementAndGet();
            return super.load(channel);
        }
    }

    MutableClock clock = new MutableClock(T0);
    javax.sql.DataSource ds;
    CountingStore store;
    Screens screens;
    DisplayFeeds feeds;
    DisplayChannel channel;
    Screen lobby;
    SiteProperties site;

    @BeforeEach
    void setUp() {
        ds = TestDatabases.migrated(TestDatabases.h2Url());
        store = new CountingStore(ds, clock);
        Map<String, String> source = Map.of(
                "tongfa.columns.news.name", "工作动态",
                "tongfa.channels.display.type", "display",
                "tongfa.screens.lobby.name", "一楼大厅",
                "tongfa.screens.lobby.columns[0]", "news",
                "tongfa.screens.lobby.dayparts[0]", "MON-FRI 08:00-18:00",
                "tongfa.screens.lobby.key", "0123456789abcdefXYZ",
                "tongfa.screens.lobby.item-seconds", "20",
                "tongfa.screens.lobby.location", "市民服务中心一楼",
                "tongfa.site.name", "某市工业和信息化局");
        SettingsBinder settings = TestSettings.binder(source);
        screens = new Screens(settings, settings.bind("tongfa", TongfaProperties.class));
        site = settings.bind("tongfa.site", SiteProperties.class);
        feeds = new DisplayFeeds(store, screens, clock, site);
        channel = new DisplayChannel("display", store, feeds);
        lobby = screens.find("lobby").orElseThrow();
    }

    static JsonNode json(DisplayFeeds.Feed feed) {
        return JsonMapper.builder().build().readTree(feed.body());
    }

    ItemSnapshot item(String id, String priority) {
        return DisplaySnapshots.item(id, "news", priority, clock.instant().minusSeconds(5), null);
    }

    @Test
    void aDeliveredItemIsInTheNextFeedAndARetractedOneIsGone() throws Exception {
        ItemSnapshot item = item("a", "NORMAL");
        assertThat(channel.deliver(dispatch(Action.PUBLISH, item)).remoteId()).isEqualTo("a");
        JsonNode feed = json(feeds.feed(lobby));
        assertThat(feed.path("mode").asString()).isEqualTo("NORMAL");
        assertThat(feed.path("items").get(0).path("id").asString()).isEqualTo("a");
        assertThat(feed.path("items").get(0).path("seconds").asInt()).isEqualTo(20);

        channel.deliver(dispatch(Action.PUBLISH, item)); // repeated dispatch: nothing changes
        assertThat(store.revision("display")).isEqualTo(1);

        channel.deliver(dispatch(Action.RETRACT, item));
        assertThat(json(feeds.feed(lobby)).path("items")).isEmpty();
    }

    @Test
    void aStoredTitleWithControlCharactersIsShownCleaned() throws Exception {
        ItemSnapshot item = item("a", "NORMAL");
        store.apply("display", Action.PUBLISH, new ItemSnapshot(item.itemId(), 1, "标题\u0001含\u000b控制字符\ud800",
                "摘要\ufffe", item.bodyHtml(), item.author(), item.department(), item.column(), item.columnName(),
                item.disclosureType(), item.indexNumber(), item.documentNumber(), item.cover(), item.images(),
                item.tags(), item.priority(), item.publishedAt(), item.updatedAt(), item.expireAt(), item.related()));

        JsonNode shown = json(feeds.feed(lobby)).path("items").get(0);

        assertThat(shown.path("title").asString()).isEqualTo("标题含控制字符");
        assertThat(shown.path("summary").asString()).isEqualTo("摘要");
        assertThat(new String(feeds.feed(lobby).body(), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain("\\u0001", "\\ud800", "\\ufffe");
    }

    @Test
    void requestsBetweenChangesCostAtMostOneRevisionReadPerRefreshInterval() throws Exception {
        channel.deliver(dispatch(Action.PUBLISH, item("a", "NORMAL")));
        DisplayFeeds.Feed first = feeds.feed(lobby);
        int revisions = store.revisions.get();
        int loads = store.loads.get();
        for (int i = 0; i < 1000; i++) {
            assertThat(feeds.feed(lobby)).isSameAs(first);
        }
        assertThat(store.revisions.get()).isEqualTo(revisions);
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 1000; i++) {
            feeds.feed(lobby);
        }
        assertThat(store.revisions.get()).isEqualTo(revisions + 1);
        assertThat(store.loads.get()).as("nothing changed: no reload").isEqualTo(loads);
    }

    @Test
    void anotherNodeSeesADeliveryWithinTheRefreshInterval() throws Exception {
        DisplayFeeds otherNode = new DisplayFeeds(store, screens, clock, site);
        String before = otherNode.feed(lobby).etag();
        channel.deliver(dispatch(Action.PUBLISH, item("e", "EMERGENCY")));
        assertThat(otherNode.feed(lobby).etag()).as("within the interval: still the old feed").isEqualTo(before);
        clock.advance(Duration.ofSeconds(1));
        DisplayFeeds.Feed after = otherNode.feed(lobby);
        assertThat(after.etag()).isNotEqualTo(before);
        assertThat(json(after).path("mode").asString()).isEqualTo("EMERGENCY");
    }

    @Test
    void theTagFollowsTheContentNotTheRenderingTime() throws Exception {
        channel.deliver(dispatch(Action.PUBLISH, item("a", "NORMAL")));
        DisplayFeeds.Feed first = feeds.feed(lobby);
        clock.advance(Duration.ofMinutes(3)); // re-rendered for a new minute, same content
        DisplayFeeds.Feed later = feeds.feed(lobby);
        assertThat(later.etag()).isEqualTo(first.etag());
        assertThat(later.body()).as("same tag, same bytes").isEqualTo(first.body());

        clock.advance(Duration.ofHours(8)); // 18:03 in Beijing: the daypart ended
        DisplayFeeds.Feed standby = feeds.feed(lobby);
        assertThat(standby.etag()).isNotEqualTo(first.etag());
        assertThat(json(standby).path("mode").asString()).isEqualTo("STANDBY");
        assertThat(json(standby).path("nextDaypartStart").asString()).isEqualTo("2026-03-03T00:00:00Z");
        assertThat(json(standby).path("items")).isEmpty();
        assertThat(List.of(json(standby).path("generatedAt").asString())).allMatch(s -> s.startsWith("2026-03-02T10:03"));
    }

    @Test
    void aFeedNamesTheBureauTheScreensPlaceAndEachItemsIssuingBodyAndTime() throws Exception {
        channel.deliver(dispatch(Action.PUBLISH, item("e", "EMERGENCY")));
        JsonNode feed = json(feeds.feed(lobby));
        assertThat(feed.path("bureau").asString()).isEqualTo("某市工业和信息化局");
        assertThat(feed.path("location").asString()).isEqualTo("市民服务中心一楼");
        JsonNode item = feed.path("items").get(0);
        assertThat(item.path("department").asString()).isEqualTo("市工业和信息化局");
        assertThat(item.path("publishedAt").asString()).isEqualTo(T0.minusSeconds(5).toString());
    }

    @Test
    void listenersHearOfAChangeOnThisNode() throws Exception {
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        feeds.onChange(heard::add);
        channel.deliver(dispatch(Action.PUBLISH, item("a", "NORMAL")));
        assertThat(heard).containsExactly("display");
    }
}
