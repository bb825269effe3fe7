package org.tongfa.channel.feed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.rometools.rome.feed.rss.Item;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.ChannelHealth;
import org.tongfa.delivery.DeliveryLedger;
import org.tongfa.delivery.DeliveryStatus;
import org.tongfa.item.ItemService;
import org.tongfa.item.ItemView;
import org.tongfa.support.ItemRequests;
import org.tongfa.support.HubTestService;
import org.tongfa.support.TestColumns;
import org.tongfa.support.TestCallers;

/**
 * The hub outage through the real pipeline (ledger, Camel routes, the feed-hub-notify route):
 * with the hub failing, more items than the breaker tolerates failures reach every feed at once, a
 * retraction leaves them at once, every feed delivery succeeds first time and the feed channel's
 * breaker stays closed; once the hub answers, it hears of every feed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        TestColumns.UNREVIEWED,
        "tongfa.node-id=hub-outage-test",
        "tongfa.api.tokens.editor=test-token",
        "tongfa.delivery.poll-interval=200ms",
        "tongfa.channels.feeds.hub-retry-delay=200ms",
        "tongfa.channels.feeds.hub-max-retry-delay=1s",
})
class FeedHubOutageIntegrationTest {

    static final WireMockServer hub = new WireMockServer(wireMockConfig().dynamicPort());
    static final Path dir;

    static {
        hub.start();
        hub.stubFor(post("/hub").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        dir = HubTestService.dataDirectory("tongfa-hub-outage");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestService.register(registry, dir, hub);
    }

    @AfterAll
    static void stopHub() {
        hub.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    ItemService items;
    @Autowired
    DeliveryLedger ledger;
    @Autowired
    ChannelHealth health;

    final HttpClient http = HttpClient.newHttpClient();

    private List<String> feedTitles(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return FeedChannelTest.rss(response.body()).getItems().stream().map(Item::getTitle).toList();
    }

    private void awaitDelivered(String itemId, Action action) {
        await().atMost(Duration.ofSeconds(15)).until(() -> ledger.forItem(itemId).stream().anyMatch(d ->
                d.channel().equals("feeds") && d.action() == action && d.status() == DeliveryStatus.DELIVERED));
    }

    @Test
    void aDownHubNeitherHoldsBackNorTripsTheFeedsAndHearsOfEveryFeedWhenBack() throws Exception {
        List<String> titles = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String title = "集线器故障期间发布的信息" + i;
            ItemView item = items.create(ItemRequests.news(title, List.of()), TestCallers.EDITOR);
            items.publish(item.id(), null, TestCallers.EDITOR);
            titles.add(title);
            ids.add(item.id());
        }
        for (String id : ids) {
            awaitDelivered(id, Action.PUBLISH);
        }
        assertThat(feedTitles("/feeds/all.rss")).containsAll(titles);
        assertThat(feedTitles("/feeds/columns/news.rss")).containsAll(titles);

        items.retract(ids.get(0), "测试撤回", TestCallers.EDITOR);
        awaitDelivered(ids.get(0), Action.RETRACT);
        assertThat(feedTitles("/feeds/all.rss")).doesNotContain(titles.get(0));

        assertThat(ids).allSatisfy(id -> assertThat(ledger.forItem(id)).filteredOn(d -> d.channel().equals("feeds"))
                .allSatisfy(d -> {
                    assertThat(d.attempts()).as("delivered at the first attempt").isEqualTo(1);
                    assertThat(d.lastError()).as("without a failure on the way").isNull();
                }));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(hub.findAll(postRequestedFor(urlEqualTo("/hub")))).as("the hub was tried").isNotEmpty());
        assertThat(health.state("feeds")).isEqualTo(ChannelHealth.State.CLOSED);

        hub.resetAll();
        hub.stubFor(post("/hub").willReturn(aResponse().withStatus(204)));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                hub.findAll(postRequestedFor(urlEqualTo("/hub"))).stream().map(r -> r.getBodyAsString()).toList())
                .anySatisfy(body -> assertThat(body).endsWith("all.rss"))
                .anySatisfy(body -> assertThat(body).endsWith("columns%2Fnews.atom")));
    }
}
