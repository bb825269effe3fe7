package org.tongfa.channel.website;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.io.WireFeedInput;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.DeliveryLedger;
import org.tongfa.delivery.DeliveryStatus;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.item.ItemService;
import org.tongfa.item.ItemView;
import org.tongfa.published.PublishedEntryStore;
import org.tongfa.published.Snapshots;
import org.tongfa.support.ItemRequests;
import org.tongfa.support.HubTestService;
import tools.jackson.databind.json.JsonMapper;
import org.tongfa.support.TestColumns;
import org.tongfa.support.TestCallers;

/**
 * The "done when", through the real pipeline with the default configuration's website and
 * feed channels: an item published through the item service appears on the site's home, column and
 * item pages and in every feed; a feed reader's conditional GET gets 304 until the next publication;
 * a retraction answers 410 and leaves every list and feed. The WebSub hub is WireMock.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        TestColumns.UNREVIEWED,
        "tongfa.node-id=pull-test",
        "tongfa.api.tokens.editor=test-token",
        "tongfa.delivery.poll-interval=200ms",
})
class WebsiteAndFeedIntegrationTest {

    static final WireMockServer hub = new WireMockServer(wireMockConfig().dynamicPort());
    static final Path dir;

    static {
        hub.start();
        hub.stubFor(post("/hub").willReturn(aResponse().withStatus(204)));
        dir = HubTestService.dataDirectory("tongfa-pull");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestService.register(registry, dir, hub);
    }

    @LocalServerPort
    int port;
    @Autowired
    ItemService items;
    @Autowired
    DeliveryLedger ledger;
    @Autowired
    PublishedEntryStore store;

    final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void stopHub() {
        hub.stop();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private ItemView publishAndAwait(String title) {
        ItemView item = items.create(ItemRequests.news(title, List.of()), TestCallers.EDITOR);
        items.publish(item.id(), null, TestCallers.EDITOR);
        awaitDelivered(item.id(), Action.PUBLISH);
        return item;
    }

    private void awaitDelivered(String itemId, Action action) {
        await().atMost(Duration.ofSeconds(15)).until(() -> List.of("website", "feeds").stream().allMatch(channel ->
                ledger.forItem(itemId).stream().anyMatch(d -> d.channel().equals(channel) && d.action() == action
                        && d.status() == DeliveryStatus.DELIVERED)));
    }

    private static Channel rss(String xml) throws Exception {
        WireFeedInput input = new WireFeedInput();
        input.setXmlHealerOn(false);
        return (Channel) input.build(new StringReader(xml));
    }

    @Test
    void aPublishedItemIsOnTheSiteAndInTheFeedsAndARetractionTakesItBack() throws Exception {
        ItemView item = publishAndAwait("市政府召开常务会议");
        String page = "/site/items/" + item.id() + ".html";

        assertThat(get("/site/").body()).contains("市政府召开常务会议", "lang=\"zh-CN\"", "/feeds/all.rss");
        assertThat(get("/site/columns/news/").body()).contains("市政府召开常务会议");
        HttpResponse<String> itemPage = get(page);
        assertThat(itemPage.statusCode()).isEqualTo(200);
        assertThat(itemPage.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(itemPage.body()).contains("<h1>市政府召开常务会议</h1>", "发布机构：", "市工业和信息化局");
        assertThat(get("/site/elder/" + "items/" + item.id() + ".html").body()).contains("class=\"elder\"");

        HttpResponse<String> feed = get("/feeds/all.rss");
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(rss(feed.body()).getItems()).extracting(Item::getTitle).contains("市政府召开常务会议");
        assertThat(get("/feeds/columns/news.atom").body()).contains("市政府召开常务会议");
        assertThat(JsonMapper.builder().build().readTree(get("/feeds/all.json").body()).path("items").toString())
                .contains("市政府召开常务会议");
        assertThat(feed.headers().allValues("Link").toString()).contains("rel=\"hub\"", "rel=\"self\"");
        // The hub hears of the change apart from the delivery, at the notifier's next round.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> hub.verify(postRequestedFor(urlEqualTo("/hub"))));

        items.retract(item.id(), "测试撤回", TestCallers.EDITOR);
        awaitDelivered(item.id(), Action.RETRACT);

        HttpResponse<String> gone = get(page);
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(gone.body()).contains("已撤回", "市政府召开常务会议");
        assertThat(get("/site/").body()).doesNotContain("市政府召开常务会议");
        assertThat(get("/site/columns/news/").body()).doesNotContain("市政府召开常务会议");
        assertThat(rss(get("/feeds/all.rss").body()).getItems()).extracting(Item::getTitle)
                .doesNotContain("市政府召开常务会议");
        assertThat(get("/feeds/all.json").body()).doesNotContain("市政府召开常务会议");
    }

    @Test
    void aFeedReadersConditionalGetGets304UntilTheNextPublication() throws Exception {
        publishAndAwait("第一条");
        HttpResponse<String> first = get("/feeds/all.atom");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(etag).startsWith("\"").endsWith("\"");

        HttpResponse<String> byTag = get("/feeds/all.atom", "If-None-Match", etag);
        assertThat(byTag.statusCode()).isEqualTo(304);
        assertThat(byTag.body()).isEmpty();
        assertThat(byTag.headers().firstValue("ETag")).hasValue(etag);
        assertThat(byTag.headers().allValues("Link").toString()).contains("rel=\"self\"");
        assertThat(get("/feeds/all.atom", "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);

        publishAndAwait("第二条");

        HttpResponse<String> changed = get("/feeds/all.atom", "If-None-Match", etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
        assertThat(changed.body()).contains("第二条");
    }

    @Test
    void aStoredEntryWithAControlCharacterLeavesFeedsAndSiteServingAndLaterItemsAppear() throws Exception {
        // An entry stored before input was checked, put straight into the channels' store.
        ItemSnapshot bad = Snapshots.item(java.util.UUID.randomUUID().toString(), "news", "旧数据\u0001标题",
                java.time.Instant.now().minusSeconds(60));
        store.apply("feeds", Action.PUBLISH, bad);
        store.apply("website", Action.PUBLISH, bad);

        publishAndAwait("控制字符之后发布的信息");

        for (String feed : List.of("/feeds/all.rss", "/feeds/columns/news.rss")) {
            HttpResponse<String> response = get(feed);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(rss(response.body()).getItems()).extracting(Item::getTitle)
                    .contains("控制字符之后发布的信息", "旧数据标题");
        }
        HttpResponse<String> atom = get("/feeds/all.atom");
        assertThat(atom.statusCode()).isEqualTo(200);
        WireFeedInput strict = new WireFeedInput();
        strict.setXmlHealerOn(false);
        assertThat(((com.rometools.rome.feed.atom.Feed) strict.build(new StringReader(atom.body()))).getEntries())
                .extracting(com.rometools.rome.feed.atom.Entry::getTitle).contains("控制字符之后发布的信息", "旧数据标题");
        assertThat(get("/feeds/all.json").statusCode()).isEqualTo(200);
        HttpResponse<String> home = get("/site/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("控制字符之后发布的信息", "旧数据标题").doesNotContain("\u0001");
        assertThat(get("/site/items/" + bad.itemId() + ".html").statusCode()).isEqualTo(200);
    }

    @Test
    void theApiRefusesAControlCharacterNamingTheField() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/v1/items")).header("Authorization", "Bearer test-token")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"标题\\u0001\",\"body\":\"<p>正文</p>\","
                        + "\"department\":\"市工业和信息化局\",\"column\":\"news\",\"disclosure\":{\"type\":\"PROACTIVE\"},"
                        + "\"indexNumber\":\"11440100-2026-1\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(JsonMapper.builder().build().readTree(response.body()).path("errors").get(0).path("field").asString())
                .isEqualTo("title");
    }

    @Test
    void unknownFeedsAndPagesAreNotFoundAndNeedNoToken() throws Exception {
        assertThat(get("/feeds/nothing.rss").statusCode()).isEqualTo(404);
        assertThat(get("/feeds/all.xml").statusCode()).isEqualTo(404);
        assertThat(get("/feeds/columns/none.rss").statusCode()).isEqualTo(404);
        assertThat(get("/site/items/unknown.html").statusCode()).isEqualTo(404);
        assertThat(get("/site/../config/application.yml").statusCode()).isIn(400, 404);
        assertThat(get("/feeds/columns/policies.rss").statusCode()).isEqualTo(200);
        assertThat(get("/site/site.css").headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
    }

    @Test
    void siteFilesCarryNoContentDispositionAndAnUnknownPathGetsTheStyled404() throws Exception {
        ItemView item = publishAndAwait("没有附件头的页面");
        for (String path : List.of("/site/", "/site/items/" + item.id() + ".html", "/site/elder/index.html",
                "/site/hant/index.html", "/site/site.css", "/site/site.js", "/site/no-such-page.html")) {
            HttpResponse<String> response = get(path);
            assertThat(response.headers().firstValue("Content-Disposition")).as(path).isEmpty();
        }
        HttpResponse<String> missing = get("/site/columns/none/page-9.html");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(missing.body()).contains("<h1>未找到该页面</h1>", "网站地图", "class=\"crumbs\"");
        assertThat(get("/site/site.js").headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/javascript");
    }
}
