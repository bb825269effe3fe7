package org.tongfa.channel.feed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tongfa.published.PullTestSupport.dispatch;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.io.WireFeedInput;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdom2.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.DeliveryReceipt;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.published.PublishedEntryStore;
import org.tongfa.published.Snapshots;
import org.tongfa.support.MutableClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The feed channel against a real store (H2) and a WebSub hub played by WireMock: every feed parses
 * back with Rome's healer off and carries what its spec requires, deliveries change feeds at once, and
 * the hub hears of every change apart from them, however long it is down and across a restart.
 */
@ExtendWith(OutputCaptureExtension.class)
class FeedChannelTest {

    static final Instant T0 = Instant.parse("2026-03-02T01:30:00Z");
    static final WireMockServer hub = new WireMockServer(wireMockConfig().dynamicPort());

    MutableClock clock = new MutableClock(T0);
    FeedTestDatabase db;
    PublishedEntryStore store;
    JdbcTemplate jdbc;

    @BeforeAll
    static void startHub() {
        hub.start();
    }

    @AfterAll
    static void stopHub() {
        hub.stop();
    }

    @BeforeEach
    void setUp() {
        hub.resetAll();
        hub.stubFor(post("/hub").willReturn(aResponse().withStatus(204)));
        db = new FeedTestDatabase(clock);
        store = db.store;
        jdbc = db.jdbc;
    }

    /** A feed channel on the test's store, as one node starts it: a second call is another node or a restart. */
    private FeedChannel channel(Map<String, String> extra) {
        // The stand-in hub runs on loopback, which the SSRF guard refuses by default.
        Map<String, String> settings = new HashMap<>(Map.of("hub-url", hub.baseUrl() + "/hub",
                "allow-private-network", "true"));
        settings.putAll(extra);
        return db.channel(settings);
    }

    private static void sendDue(FeedChannel channel) {
        channel.notifier().orElseThrow().sendDue();
    }

    private List<String> owed() {
        return db.owed();
    }

    /** Every feed of the news column and of all items lists exactly {@code titles}, newest first. */
    private static void assertEveryFeedShows(FeedChannel channel, String... titles) throws Exception {
        for (String scope : List.of("all", "columns/news")) {
            assertThat(rss(text(channel, scope + ".rss")).getItems()).extracting(Item::getTitle).containsExactly(titles);
            assertThat(atom(text(channel, scope + ".atom")).getEntries()).extracting(Entry::getTitle)
                    .containsExactly(titles);
            assertThat(json(text(channel, scope + ".json")).path("items").valueStream()
                    .map(i -> i.path("title").asString()).toList()).containsExactly(titles);
        }
    }

    /** The feed URLs the hub was told of, one per ping, in order. */
    private static List<String> pinged() {
        return hub.findAll(postRequestedFor(urlEqualTo("/hub"))).stream()
                .peek(r -> assertThat(r.getBodyAsString()).contains("hub.mode=publish"))
                .map(r -> java.net.URLDecoder.decode(r.getBodyAsString().replaceAll(".*hub.url=", ""),
                        java.nio.charset.StandardCharsets.UTF_8))
                .toList();
    }

    /** {@code item} with some fields replaced, by name: untouched by fields added to snapshots later. */
    static ItemSnapshot with(ItemSnapshot item, Map<String, Object> fields) {
        JsonMapper mapper = JsonMapper.builder().build();
        tools.jackson.databind.node.ObjectNode tree = mapper.valueToTree(item);
        fields.forEach((name, value) -> tree.set(name, mapper.valueToTree(value)));
        return mapper.treeToValue(tree, ItemSnapshot.class);
    }

    static final List<String> NEWS_FEEDS = List.of(
            "https://gov.example/feeds/all.atom", "https://gov.example/feeds/all.json",
            "https://gov.example/feeds/all.rss", "https://gov.example/feeds/columns/news.atom",
            "https://gov.example/feeds/columns/news.json", "https://gov.example/feeds/columns/news.rss");

    private static String text(FeedChannel channel, String path) {
        return channel.document(path).orElseThrow().text();
    }

    static Channel rss(String xml) throws Exception {
        WireFeedInput input = new WireFeedInput();
        input.setXmlHealerOn(false);
        return (Channel) input.build(new StringReader(xml));
    }

    static Feed atom(String xml) throws Exception {
        WireFeedInput input = new WireFeedInput();
        input.setXmlHealerOn(false);
        return (Feed) input.build(new StringReader(xml));
    }

    static JsonNode json(String text) {
        return JsonMapper.builder().build().readTree(text);
    }

    private static String gov(List<Element> markup, String name) {
        return markup.stream().filter(e -> e.getNamespaceURI().equals(FeedRenderer.GOV_NS) && e.getName().equals(name))
                .findFirst().map(Element::getText).orElse(null);
    }

    @Test
    void everyFeedParsesBackAndCarriesWhatItsSpecRequires() throws Exception {
        FeedChannel channel = channel(Map.of());
        ItemSnapshot item = Snapshots.item("i1", "news", "全市工业投资稳步增长", T0);
        DeliveryReceipt receipt = channel.deliver(dispatch(Action.PUBLISH, item));
        String url = "https://gov.example/site/items/i1.html";
        assertThat(receipt.remoteUrl()).isEqualTo(url);

        for (String scope : List.of("all", "columns/news")) {
            Channel rss = rss(text(channel, scope + ".rss"));
            assertThat(rss.getFeedType()).isEqualTo("rss_2.0");
            assertThat(rss.getTitle()).isNotBlank();
            assertThat(rss.getLink()).isNotBlank();
            assertThat(rss.getDescription()).isNotBlank();
            Item rssItem = rss.getItems().get(0);
            assertThat(rssItem.getTitle()).isEqualTo("全市工业投资稳步增长");
            assertThat(rssItem.getGuid().getValue()).isEqualTo(url);
            assertThat(rssItem.getPubDate()).isEqualTo(java.util.Date.from(T0));
            assertThat(rssItem.getContent().getValue()).contains("https://gov.example/assets/a1");
            assertThat(rssItem.getCategories()).extracting(c -> c.getValue()).containsExactly("工作动态", "数字化");
            assertThat(gov(rssItem.getForeignMarkup(), "indexNumber")).isEqualTo(item.indexNumber());
            assertThat(gov(rssItem.getForeignMarkup(), "documentNumber")).isEqualTo("穗工信〔2026〕12号");
            assertThat(gov(rssItem.getForeignMarkup(), "department")).isEqualTo("市工业和信息化局");
            assertThat(gov(rssItem.getForeignMarkup(), "disclosure")).isEqualTo("PROACTIVE");

            Feed atom = atom(text(channel, scope + ".atom"));
            assertThat(atom.getId()).isEqualTo("https://gov.example/feeds/" + scope + ".atom");
            assertThat(atom.getTitle()).isNotBlank();
            assertThat(atom.getUpdated()).isEqualTo(java.util.Date.from(T0));
            assertThat(atom.getOtherLinks()).extracting(l -> l.getRel()).contains("self", "hub");
            Entry entry = atom.getEntries().get(0);
            assertThat(entry.getId()).isEqualTo(url);
            assertThat(entry.getTitle()).isEqualTo("全市工业投资稳步增长");
            assertThat(entry.getUpdated()).isEqualTo(java.util.Date.from(T0));
            assertThat(entry.getPublished()).isEqualTo(java.util.Date.from(T0));
            assertThat(entry.getAuthors()).extracting(p -> p.getName()).containsExactly("记者");
            assertThat(entry.getContents().get(0).getValue()).contains("<img src=\"https://gov.example/assets/a1\"");
            assertThat(gov(entry.getForeignMarkup(), "indexNumber")).isEqualTo(item.indexNumber());

            JsonNode feed = json(text(channel, scope + ".json"));
            assertThat(feed.path("version").asString()).isEqualTo("https://jsonfeed.org/version/1.1");
            assertThat(feed.path("title").asString()).isNotBlank();
            assertThat(feed.path("hubs").get(0).path("type").asString()).isEqualTo("WebSub");
            assertThat(feed.path("items").get(0).path("id").asString()).isEqualTo(url);
            assertThat(feed.path("items").get(0).path("date_published").asString()).isEqualTo(T0.toString());
            assertThat(feed.path("items").get(0).path("_gov").path("index_number").asString())
                    .isEqualTo(item.indexNumber());
        }
        assertThat(rss(text(channel, "columns/policies.rss")).getItems()).isEmpty();
        assertThat(atom(text(channel, "columns/policies.atom")).getEntries()).isEmpty();
    }

    @Test
    void feedsAreTitledDescribedAndInTheLanguageOfTheSite() throws Exception {
        FeedChannel channel = channel(Map.of());
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "标题", T0)));

        Channel all = rss(text(channel, "all.rss"));
        assertThat(all.getTitle()).isEqualTo("示范市工业和信息化局");
        assertThat(all.getDescription()).isEqualTo("示范市工业和信息化局政府信息公开与政务动态");
        assertThat(all.getLanguage()).isEqualTo("zh-CN");
        assertThat(rss(text(channel, "columns/news.rss")).getTitle()).isEqualTo("示范市工业和信息化局 - 工作动态");
        Feed atom = atom(text(channel, "columns/news.atom"));
        assertThat(atom.getTitle()).isEqualTo("示范市工业和信息化局 - 工作动态");
        assertThat(atom.getSubtitle().getValue()).isEqualTo("示范市工业和信息化局政府信息公开与政务动态");
        assertThat(text(channel, "all.atom")).containsPattern("<feed [^>]*xml:lang=\"zh-CN\"");
        JsonNode json = json(text(channel, "all.json"));
        assertThat(json.path("title").asString()).isEqualTo("示范市工业和信息化局");
        assertThat(json.path("description").asString()).isEqualTo("示范市工业和信息化局政府信息公开与政务动态");
        assertThat(json.path("language").asString()).isEqualTo("zh-CN");
    }

    @Test
    void aChannelsOwnTitleOverridesTheSiteNameInEveryFeed() throws Exception {
        FeedChannel channel = channel(Map.of("title", "示范市政府信息"));
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "标题", T0)));

        assertThat(rss(text(channel, "all.rss")).getTitle()).isEqualTo("示范市政府信息");
        assertThat(atom(text(channel, "columns/news.atom")).getTitle()).isEqualTo("示范市政府信息 - 工作动态");
    }

    @Test
    void rssNamesItselfAndItsHubAndEveryFeedCarriesTheCoverAsAnEnclosure() throws Exception {
        FeedChannel channel = channel(Map.of());
        ItemSnapshot item = with(Snapshots.item("i1", "news", "标题", T0), Map.of("cover", Map.of("id", "a1",
                "contentType", "image/jpeg", "size", 34567, "sha256", "ab", "url", "https://gov.example/assets/a1",
                "alt", "")));
        channel.deliver(dispatch(Action.PUBLISH, item));

        for (String scope : List.of("all", "columns/news")) {
            Channel rss = rss(text(channel, scope + ".rss"));
            assertThat(rss.getForeignMarkup()).filteredOn(e -> e.getNamespaceURI().equals("http://www.w3.org/2005/Atom"))
                    .extracting(e -> e.getAttributeValue("rel") + " " + e.getAttributeValue("href"))
                    .containsExactly("self https://gov.example/feeds/" + scope + ".rss", "hub " + hub.baseUrl() + "/hub");
            assertThat(rss.getItems().get(0).getEnclosures()).singleElement().satisfies(enclosure -> {
                assertThat(enclosure.getUrl()).isEqualTo("https://gov.example/assets/a1");
                assertThat(enclosure.getLength()).isEqualTo(34567);
                assertThat(enclosure.getType()).isEqualTo("image/jpeg");
            });
            Entry entry = atom(text(channel, scope + ".atom")).getEntries().get(0);
            assertThat(entry.getOtherLinks()).singleElement().satisfies(link -> {
                assertThat(link.getRel()).isEqualTo("enclosure");
                assertThat(link.getHref()).isEqualTo("https://gov.example/assets/a1");
                assertThat(link.getLength()).isEqualTo(34567);
                assertThat(link.getType()).isEqualTo("image/jpeg");
            });
        }
        assertThat(rss(text(channel, "all.rss")).getItems()).hasSize(1);
    }

    @Test
    void eachNamespaceIsDeclaredOnceOnTheRootNotOnEveryElement() throws Exception {
        FeedChannel channel = channel(Map.of());
        for (int i = 0; i < 3; i++) {
            channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i" + i, "news", "标题" + i, T0.plusSeconds(i))));
        }
        for (String feed : List.of("all.rss", "all.atom", "columns/news.rss", "columns/news.atom")) {
            String xml = text(channel, feed);
            String root = xml.substring(xml.indexOf("<", xml.indexOf("?>")), xml.indexOf(">", xml.indexOf("?>") + 2));
            assertThat(xml).as(feed).containsOnlyOnce("xmlns:gov=\"" + FeedRenderer.GOV_NS + "\"");
            assertThat(root).as(feed).contains("xmlns:gov=");
            if (feed.endsWith(".rss")) {
                assertThat(xml).containsOnlyOnce("xmlns:dc=").containsOnlyOnce("xmlns:dcterms=")
                        .containsOnlyOnce("xmlns:atom=");
                assertThat(root).contains("xmlns:dc=", "xmlns:dcterms=", "xmlns:atom=");
            }
        }
        // Still the same elements, as a namespace-aware reader sees them.
        Item item = rss(text(channel, "all.rss")).getItems().get(0);
        assertThat(gov(item.getForeignMarkup(), "department")).isEqualTo("市工业和信息化局");
        assertThat(gov(atom(text(channel, "all.atom")).getEntries().get(0).getForeignMarkup(), "indexNumber"))
                .isNotBlank();
    }

    @Test
    void anUpdateChangesTheEntrysUpdatedTimeAndTheEtag() throws Exception {
        FeedChannel channel = channel(Map.of());
        ItemSnapshot v1 = Snapshots.item("i1", "news", "标题", T0);
        channel.deliver(dispatch(Action.PUBLISH, v1));
        FeedDocument before = channel.document("all.atom").orElseThrow();

        channel.deliver(dispatch(Action.UPDATE, Snapshots.updated(v1, "更正后的标题", T0.plusSeconds(3600))));

        FeedDocument after = channel.document("all.atom").orElseThrow();
        assertThat(after.etag()).isNotEqualTo(before.etag());
        assertThat(after.lastModified()).isEqualTo(T0.plusSeconds(3600));
        Entry entry = atom(after.text()).getEntries().get(0);
        assertThat(entry.getTitle()).isEqualTo("更正后的标题");
        assertThat(entry.getPublished()).isEqualTo(java.util.Date.from(T0));
        assertThat(entry.getUpdated()).isEqualTo(java.util.Date.from(T0.plusSeconds(3600)));
        assertThat(atom(after.text()).getEntries()).hasSize(1);
    }

    @Test
    void aRetractedItemLeavesEveryFeed() throws Exception {
        FeedChannel channel = channel(Map.of());
        ItemSnapshot kept = Snapshots.item("kept", "news", "保留", T0);
        ItemSnapshot gone = Snapshots.item("gone", "news", "撤回", T0.plusSeconds(10));
        channel.deliver(dispatch(Action.PUBLISH, kept));
        channel.deliver(dispatch(Action.PUBLISH, gone));
        clock.advance(Duration.ofMinutes(5));

        channel.deliver(dispatch(Action.RETRACT, gone));

        assertEveryFeedShows(channel, "保留");
        for (String scope : List.of("all", "columns/news")) {
            // The feed changed, so a reader's If-Modified-Since must not match any more.
            assertThat(channel.document(scope + ".rss").orElseThrow().lastModified()).isEqualTo(T0.plusSeconds(300));
        }
    }

    @Test
    void notifiesTheHubOfEveryChangedFeedApartFromTheDelivery() throws Exception {
        FeedChannel channel = channel(Map.of());
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "policies", "政策", T0)));
        assertThat(pinged()).as("the delivery itself never calls the hub").isEmpty();

        sendDue(channel);

        assertThat(pinged()).containsExactlyInAnyOrder(
                "https://gov.example/feeds/all.rss", "https://gov.example/feeds/all.atom",
                "https://gov.example/feeds/all.json", "https://gov.example/feeds/columns/policies.rss",
                "https://gov.example/feeds/columns/policies.atom", "https://gov.example/feeds/columns/policies.json");
        assertThat(owed()).isEmpty();
    }

    @Test
    void aHubOutageNeitherHoldsBackNorFailsAFeedChangeAndOnePingPerFeedFollowsWhenTheHubIsBack() throws Exception {
        hub.stubFor(post("/hub").willReturn(aResponse().withStatus(500)));
        FeedChannel channel = channel(Map.of());
        ItemSnapshot kept = Snapshots.item("kept", "news", "保留", T0);
        ItemSnapshot gone = Snapshots.item("gone", "news", "撤回", T0.plusSeconds(10));
        channel.deliver(dispatch(Action.PUBLISH, kept));
        sendDue(channel);
        assertThat(hub.findAll(postRequestedFor(urlEqualTo("/hub")))).as("the hub was tried and failed").hasSize(6);

        // Neither delivery throws, so the ledger counts no failure against the channel's breaker.
        channel.deliver(dispatch(Action.PUBLISH, gone));
        assertEveryFeedShows(channel, "撤回", "保留");
        channel.deliver(dispatch(Action.RETRACT, gone));
        assertEveryFeedShows(channel, "保留");

        hub.resetAll();
        hub.stubFor(post("/hub").willReturn(aResponse().withStatus(204)));
        clock.advance(Duration.ofSeconds(9));
        sendDue(channel);
        assertThat(pinged()).as("still waiting out the first failure's 10 s").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        sendDue(channel);
        assertThat(pinged()).as("one ping per feed for the three changes").containsExactlyInAnyOrderElementsOf(NEWS_FEEDS);
        assertThat(owed()).isEmpty();
    }

    @Test
    void aPingOwedWhenTheProcessDiedIsSentAfterTheRestart() throws Exception {
        FeedChannel before = channel(Map.of());
        before.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "标题", T0)));
        // The process dies here: the feed changed, the hub has not heard.

        FeedChannel restarted = channel(Map.of());
        sendDue(restarted);

        assertThat(pinged()).containsExactlyInAnyOrderElementsOf(NEWS_FEEDS);
        assertThat(owed()).isEmpty();
    }

    @Test
    void aDeliveryRepeatedAfterACrashStillOwesTheHubItsPing() throws Exception {
        // The store change was committed, then the process died before the delivery recorded the ping.
        ItemSnapshot item = Snapshots.item("i1", "news", "标题", T0);
        store.apply("feed", Action.PUBLISH, item);
        FeedChannel restarted = channel(Map.of());

        restarted.deliver(dispatch(Action.PUBLISH, item));
        sendDue(restarted);

        assertThat(pinged()).containsExactlyInAnyOrderElementsOf(NEWS_FEEDS);
    }

    @Test
    void anItemMovedToAnotherColumnPingsTheFeedOfTheColumnItLeft() throws Exception {
        FeedChannel channel = channel(Map.of());
        ItemSnapshot v1 = Snapshots.item("i1", "news", "标题", T0);
        channel.deliver(dispatch(Action.PUBLISH, v1));
        sendDue(channel);
        hub.resetRequests();
        ItemSnapshot moved = with(Snapshots.updated(v1, "标题", T0.plusSeconds(60)),
                Map.of("column", "policies", "columnName", "政策文件"));

        channel.deliver(dispatch(Action.UPDATE, moved));
        sendDue(channel);

        assertThat(pinged()).contains("https://gov.example/feeds/columns/news.rss",
                "https://gov.example/feeds/columns/policies.rss", "https://gov.example/feeds/all.rss");
    }

    @Test
    void aFailingHubIsTriedAgainAfterADoublingWaitThatNeverPassesTheCap() throws Exception {
        hub.stubFor(post("/hub").willReturn(aResponse().withStatus(503)));
        FeedChannel channel = channel(Map.of("hub-retry-delay", "10s", "hub-max-retry-delay", "30s"));
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "标题", T0)));
        List<Duration> waits = List.of(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(30), Duration.ofSeconds(30));
        for (Duration wait : waits) {
            clock.advance(wait.minusSeconds(1).isNegative() ? Duration.ZERO : wait.minusSeconds(1));
            int before = hub.findAll(postRequestedFor(urlEqualTo("/hub"))).size();
            sendDue(channel);
            if (!wait.isZero()) {
                assertThat(hub.findAll(postRequestedFor(urlEqualTo("/hub")))).as("a second early").hasSize(before);
                clock.advance(Duration.ofSeconds(1));
                sendDue(channel);
            }
            assertThat(hub.findAll(postRequestedFor(urlEqualTo("/hub")))).hasSize(before + 6);
        }
        assertThat(jdbc.queryForList("SELECT last_error FROM feed_hub_ping", String.class)).allSatisfy(
                error -> assertThat(error).contains("503"));
    }

    @Test
    void aHubThatRefusesThePingForGoodDropsItWithoutFailingTheDelivery(CapturedOutput output) throws Exception {
        hub.stubFor(post("/hub").willReturn(aResponse().withStatus(404)));
        FeedChannel channel = channel(Map.of());
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "标题", T0)));

        sendDue(channel);
        clock.advance(Duration.ofHours(1));
        sendDue(channel);

        assertThat(hub.findAll(postRequestedFor(urlEqualTo("/hub")))).as("each feed asked once, never again")
                .hasSize(6);
        assertThat(owed()).isEmpty();
        assertThat(output.getOut()).contains("refused the notification", "404");
        assertThat(rss(text(channel, "all.rss")).getItems()).hasSize(1);
    }

    @Test
    void aHubOnTheOfficeNetworkIsNeverPingedUnlessAllowed(CapturedOutput output) throws Exception {
        // A name that resolves to loopback: refused when the call resolves it, naming the key to set.
        FeedChannel channel = channel(Map.of("allow-private-network", "false"));
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "标题", T0)));
        sendDue(channel);
        assertThat(output.getOut()).contains("tongfa.channels.feed.allow-private-network=true");
        hub.verify(0, postRequestedFor(urlEqualTo("/hub")));
        assertThat(rss(text(channel, "all.rss")).getItems()).hasSize(1);

        // A private literal: refused at start-up, naming the hub's key.
        assertThatThrownBy(() -> channel(Map.of("allow-private-network", "false",
                "hub-url", "http://127.0.0.1:" + hub.port() + "/hub")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("tongfa.channels.feed.hub-url"));
        assertThatThrownBy(() -> channel(Map.of("allow-private-network", "false",
                "hub-url", "http://2130706433:" + hub.port() + "/hub")))
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void aHubRetryDelayThatCannotWorkStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> channel(Map.of("hub-retry-delay", "0s")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("tongfa.channels.feed.hub-retry-delay"));
        assertThatThrownBy(() -> channel(Map.of("hub-retry-delay", "1m", "hub-max-retry-delay", "10s")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("tongfa.channels.feed.hub-max-retry-delay"));
    }

    @Test
    void anotherNodeServesTheChangeAfterItsRefreshInterval() throws Exception {
        FeedChannel here = channel(Map.of());
        FeedChannel there = channel(Map.of("refresh-interval", "1s"));
        assertThat(rss(text(there, "all.rss")).getItems()).isEmpty();

        here.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "标题", T0)));
        assertThat(rss(text(there, "all.rss")).getItems()).as("served from memory until the interval passes").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(rss(text(there, "all.rss")).getItems()).hasSize(1);
    }

    @Test
    void limitsEachFeedToTheConfiguredNumberOfNewestItems() throws Exception {
        FeedChannel channel = channel(Map.of("items", "2"));
        for (int i = 0; i < 3; i++) {
            channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i" + i, "news", "第" + i + "条", T0.plusSeconds(i))));
        }
        assertThat(rss(text(channel, "all.rss")).getItems()).extracting(Item::getTitle).containsExactly("第2条", "第1条");
    }

    @Test
    void aStoredEntryWithControlCharactersNeitherFreezesTheFeedsNorHidesLaterItems() throws Exception {
        // An entry that reached the store before input was checked, or by another path than the API.
        store.apply("feed", Action.PUBLISH, Snapshots.item("bad", "news", "标题\u0001含\u000b控制字符\ufffe\ud800", T0));
        FeedChannel channel = channel(Map.of());

        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("later", "news", "后来的信息", T0.plusSeconds(60))));

        for (String scope : List.of("all", "columns/news")) {
            assertThat(rss(text(channel, scope + ".rss")).getItems()).extracting(Item::getTitle)
                    .containsExactly("后来的信息", "标题含控制字符");
            assertThat(atom(text(channel, scope + ".atom")).getEntries()).extracting(Entry::getTitle)
                    .containsExactly("后来的信息", "标题含控制字符");
            assertThat(json(text(channel, scope + ".json")).path("items").valueStream()
                    .map(i -> i.path("title").asString()).toList()).containsExactly("后来的信息", "标题含控制字符");
        }
        // A node started afterwards renders from the store alone, at its first request.
        FeedChannel restarted = channel(Map.of());
        assertThat(rss(text(restarted, "all.rss")).getItems()).hasSize(2);
    }

    @Test
    void aFeedTitleWithAControlCharacterStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> channel(Map.of("title", "示范\u0001市政府")))
                .isInstanceOf(org.tongfa.config.InvalidConfigurationException.class)
                .hasMessageContaining("tongfa.channels.feed.title").hasMessageContaining("U+0001");
    }

    @Test
    void anEntryWhoseSnapshotLacksListsFromAnOlderFormatStillRenders() throws Exception {
        ItemSnapshot full = Snapshots.item("old", "news", "旧格式的信息", T0);
        store.apply("feed", Action.PUBLISH, new ItemSnapshot(full.itemId(), 1, full.title(), null, full.bodyHtml(),
                null, full.department(), full.column(), null, full.disclosureType(), full.indexNumber(), null, null,
                null, null, null, full.publishedAt(), full.updatedAt(), null, null));
        FeedChannel channel = channel(Map.of());

        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("later", "news", "后来的信息", T0.plusSeconds(60))));

        assertThat(rss(text(channel, "all.rss")).getItems()).extracting(Item::getTitle)
                .containsExactly("后来的信息", "旧格式的信息");
        assertThat(atom(text(channel, "all.atom")).getEntries()).hasSize(2);
        assertThat(json(text(channel, "all.json")).path("items")).hasSize(2);
    }

    @Test
    void conditionalRequestsMatchTheEtagFirstThenTheDate() {
        FeedDocument document = FeedDocument.of("all.rss", "x".getBytes(), FeedFormat.RSS, T0, "https://gov.example/feeds/all.rss", null);
        MockHttpServletRequest etag = new MockHttpServletRequest();
        etag.addHeader("If-None-Match", "\"other\", " + document.etag());
        assertThat(FeedEndpoint.notModified(etag, document)).isTrue();

        MockHttpServletRequest stale = new MockHttpServletRequest();
        stale.addHeader("If-None-Match", "\"other\"");
        stale.addHeader("If-Modified-Since", "Mon, 02 Mar 2026 01:30:00 GMT");
        assertThat(FeedEndpoint.notModified(stale, document)).as("If-None-Match decides").isFalse();

        MockHttpServletRequest date = new MockHttpServletRequest();
        date.addHeader("If-Modified-Since", "Mon, 02 Mar 2026 01:30:00 GMT");
        assertThat(FeedEndpoint.notModified(date, document)).isTrue();
        MockHttpServletRequest older = new MockHttpServletRequest();
        older.addHeader("If-Modified-Since", "Mon, 02 Mar 2026 01:29:59 GMT");
        assertThat(FeedEndpoint.notModified(older, document)).isFalse();
    }
}
