package org.tongfa.channel.wechat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.tongfa.channel.wechat.WeChatTestSupport.APP_ID;
import static org.tongfa.channel.wechat.WeChatTestSupport.SECRET;
import static org.tongfa.channel.wechat.WeChatTestSupport.TITLE;
import static org.tongfa.channel.wechat.WeChatTestSupport.TOKEN;
import static org.tongfa.channel.wechat.WeChatTestSupport.config;
import static org.tongfa.channel.wechat.WeChatTestSupport.dispatch;
import static org.tongfa.channel.wechat.WeChatTestSupport.item;
import static org.tongfa.support.DeliveryResults.awaiting;
import static org.tongfa.support.DeliveryResults.delivered;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.DeliveryProgress;
import org.tongfa.delivery.DeliveryReceipt;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.RetryLaterException;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestDatabases;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Push to followers (群发) after an item's first publication, within the account's quota. */
class WeChatMassSendTest {

    @RegisterExtension
    static final WireMockExtension wechat = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    /** 17:00 on 1 March in Beijing. */
    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private static final String SENDALL = "/cgi-bin/message/mass/sendall";
    private static final String ARTICLE_URL = "https://mp.weixin.qq.com/s/article-1";
    /** What a push follows: the article live on the account. */
    private static final DeliveryReceipt LIVE = new DeliveryReceipt("ARTICLE-1", ARTICLE_URL);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MutableClock clock = new MutableClock(NOW);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    /** Every part of the channel logs under its package. */
    private final Logger channelLog = (Logger) LoggerFactory.getLogger(WeChatChannel.class.getPackageName());
    private JdbcClient jdbc;

    @BeforeEach
    void setUp() {
        jdbc = JdbcClient.create(TestDatabases.migrated(TestDatabases.h2Url()));
        logs.start();
        channelLog.addAppender(logs);
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
                .willReturn(okJson("{\"access_token\":\"ACCESS-TOKEN-1\",\"expires_in\":7200}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/media/uploadimg"))
                .willReturn(okJson("{\"url\":\"http://mmbiz.qpic.cn/mmbiz_png/uploaded/0\"}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/material/add_material"))
                .willReturn(okJson("{\"media_id\":\"THUMB-1\",\"url\":\"http://mmbiz.qpic.cn/thumb/0\"}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/draft/add")).willReturn(okJson("{\"media_id\":\"DRAFT-1\"}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/freepublish/submit"))
                .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\",\"publish_id\":\"2247503051\",\"msg_data_id\":1}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/freepublish/get")).willReturn(okJson(
                "{\"publish_id\":\"2247503051\",\"publish_status\":0,\"article_id\":\"ARTICLE-1\","
                        + "\"article_detail\":{\"count\":1,\"item\":[{\"idx\":1,\"article_url\":\"" + ARTICLE_URL + "\"}]},"
                        + "\"fail_idx\":[]}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/freepublish/delete"))
                .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
        wechat.stubFor(post(urlPathEqualTo(SENDALL)).willReturn(okJson(
                "{\"errcode\":0,\"errmsg\":\"send job submission success\",\"msg_id\":34182,\"msg_data_id\":206227730}")));
    }

    @AfterEach
    void tearDown() {
        channelLog.detachAppender(logs);
    }

    private WeChatChannel channel(String... extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("app-id", APP_ID);
        settings.put("secret", SECRET);
        settings.put("api-host", wechat.baseUrl());
        settings.put("callback-token", TOKEN);
        // Room for a cold first call on a loaded machine; the timed-out push waits longer than this.
        settings.put("timeout", "3s");
        for (int i = 0; i < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        return (WeChatChannel) new WeChatChannelFactory(jdbc, clock).create(config(settings));
    }

    /** Publishes an item: the attempt that submits, then the one that completes from the poll. */
    private static DeliveryReceipt publish(WeChatChannel channel, long deliveryId, String itemId,
            DeliveryProgress progress) throws Exception {
        int before = sendalls();
        awaiting(channel.deliver(dispatch(deliveryId, Action.PUBLISH, 1, null, progress, item(itemId, TITLE))));
        assertThat(sendalls()).as("no push before the article is live").isEqualTo(before);
        return delivered(channel.deliver(dispatch(deliveryId, Action.PUBLISH, 2, null, progress, item(itemId, TITLE))));
    }

    private static int sendalls() {
        return wechat.findAll(postRequestedFor(urlPathEqualTo(SENDALL))).size();
    }

    private String status(String itemId) {
        return jdbc.sql("SELECT status FROM wechat_mass_send WHERE app_id = :app AND item_id = :item")
                .param("app", APP_ID).param("item", itemId).query(String.class).single();
    }

    private String warnings() {
        StringBuilder all = new StringBuilder();
        logs.list.stream().filter(e -> e.getLevel() == Level.WARN).forEach(e -> all.append(e.getFormattedMessage()).append('\n'));
        return all.toString();
    }

    @Test
    void pushesOnceAfterTheFirstPublicationCompletesWithTheDraftMediaId() throws Exception {
        WeChatChannel channel = channel("mass-send", "true");
        DeliveryProgress progress = DeliveryProgress.inMemory();

        DeliveryReceipt receipt = publish(channel, 7, "item-1", progress);

        assertThat(receipt).isEqualTo(new DeliveryReceipt("ARTICLE-1", ARTICLE_URL));
        assertThat(sendalls()).isEqualTo(1);
        JsonNode sent = JSON.readTree(wechat.findAll(postRequestedFor(urlPathEqualTo(SENDALL))).get(0).getBodyAsString());
        assertThat(sent.get("filter").get("is_to_all").asBoolean()).isTrue();
        assertThat(sent.get("msgtype").asString()).isEqualTo("mpnews");
        assertThat(sent.get("mpnews").get("media_id").asString()).isEqualTo("DRAFT-1");
        assertThat(sent.get("send_ignore_reprint").asInt()).isZero();
        assertThat(sent.get("clientmsgid").asString()).isEqualTo("tongfa-item-1");
        assertThat(progress.get(WeChatMassSend.MASS_SEND)).contains("sent:34182");
        assertThat(status("item-1")).isEqualTo("SENT");

        // The same delivery run again, and a re-delivery of the item with fresh progress: no second push.
        assertThat(channel.deliver(dispatch(7, Action.PUBLISH, 3, null, progress, item("item-1", TITLE)))).isEqualTo(receipt);
        DeliveryProgress again = DeliveryProgress.inMemory();
        publish(channel, 8, "item-1", again);
        assertThat(again.get(WeChatMassSend.MASS_SEND)).contains("already");
        assertThat(sendalls()).isEqualTo(1);
    }

    @Test
    void neverPushesOnAnUpdateOrARetraction() throws Exception {
        WeChatChannel channel = channel("mass-send", "true", "update-policy", "republish", "account-kind", "service");
        DeliveryProgress progress = DeliveryProgress.inMemory();

        awaiting(channel.deliver(dispatch(11, Action.UPDATE, 1, "ARTICLE-0", progress, item("item-2", TITLE))));
        DeliveryReceipt updated = delivered(channel.deliver(dispatch(11, Action.UPDATE, 2, "ARTICLE-0", progress, item("item-2", TITLE))));
        DeliveryReceipt retracted = delivered(channel.deliver(dispatch(12, Action.RETRACT, 1, "ARTICLE-1", DeliveryProgress.inMemory(),
                item("item-3", TITLE))));

        assertThat(updated.remoteId()).isEqualTo("ARTICLE-1");
        assertThat(retracted.remoteId()).isEqualTo("ARTICLE-1");
        assertThat(sendalls()).isZero();
        assertThat(progress.get(WeChatMassSend.MASS_SEND)).isEmpty();
    }

    @Test
    void aSubscriptionAccountPushesOnceADayAndSkipsTheRestWithoutFailingThem() throws Exception {
        WeChatChannel channel = channel("mass-send", "true", "account-kind", "subscription");
        publish(channel, 1, "item-1", DeliveryProgress.inMemory());

        clock.advance(Duration.ofHours(6)); // 23:00 the same day in Beijing
        DeliveryProgress second = DeliveryProgress.inMemory();
        DeliveryReceipt receipt = publish(channel, 2, "item-2", second);

        assertThat(receipt).isEqualTo(new DeliveryReceipt("ARTICLE-1", ARTICLE_URL));
        assertThat(sendalls()).isEqualTo(1);
        assertThat(second.get(WeChatMassSend.MASS_SEND)).contains("skipped-quota");
        assertThat(status("item-2")).isEqualTo("SKIPPED_QUOTA");
        assertThat(warnings()).contains("群发额度已用完").contains("Mass-send quota spent for this day")
                .contains("item-2").contains("Delivery 2");

        clock.advance(Duration.ofHours(2)); // 01:00 the next day in Beijing
        publish(channel, 3, "item-3", DeliveryProgress.inMemory());
        assertThat(sendalls()).isEqualTo(2);
        assertThat(status("item-3")).isEqualTo("SENT");
    }

    @Test
    void aServiceAccountPushesFourTimesAMonthThenSkips() throws Exception {
        WeChatChannel channel = channel("mass-send", "true", "account-kind", "service");
        for (int i = 1; i <= 4; i++) {
            publish(channel, i, "item-" + i, DeliveryProgress.inMemory());
            clock.advance(Duration.ofDays(1));
        }
        DeliveryProgress fifth = DeliveryProgress.inMemory();
        DeliveryReceipt receipt = publish(channel, 5, "item-5", fifth);

        assertThat(receipt.remoteId()).isEqualTo("ARTICLE-1");
        assertThat(sendalls()).isEqualTo(4);
        assertThat(fifth.get(WeChatMassSend.MASS_SEND)).contains("skipped-quota");
        assertThat(warnings()).contains("本月群发额度已用完").contains("Mass-send quota spent for this month");

        clock.advance(Duration.ofDays(30)); // April
        publish(channel, 6, "item-6", DeliveryProgress.inMemory());
        assertThat(sendalls()).isEqualTo(5);
    }

    @Test
    void weChatsNoQuotaAnswerSkipsThePushAndTheDeliveryStillSucceeds() throws Exception {
        wechat.stubFor(post(urlPathEqualTo(SENDALL))
                .willReturn(okJson("{\"errcode\":45028,\"errmsg\":\"has no masssend quota\"}")));
        WeChatChannel channel = channel("mass-send", "true");
        DeliveryProgress progress = DeliveryProgress.inMemory();

        DeliveryReceipt receipt = publish(channel, 7, "item-1", progress);

        assertThat(receipt).isEqualTo(new DeliveryReceipt("ARTICLE-1", ARTICLE_URL));
        assertThat(progress.get(WeChatMassSend.MASS_SEND)).contains("skipped-quota");
        assertThat(status("item-1")).isEqualTo("SKIPPED_QUOTA");
        assertThat(warnings()).contains("群发额度已用完").contains("45028");
        channel.deliver(dispatch(7, Action.PUBLISH, 3, null, progress, item("item-1", TITLE)));
        assertThat(sendalls()).isEqualTo(1);
    }

    @Test
    void anUnauthorisedPushIsReportedWithoutFailingTheDeliveryAndGivesItsQuotaBack() throws Exception {
        wechat.stubFor(post(urlPathEqualTo(SENDALL))
                .willReturn(okJson("{\"errcode\":48001,\"errmsg\":\"api unauthorized\"}")));
        WeChatChannel channel = channel("mass-send", "true");
        DeliveryProgress progress = DeliveryProgress.inMemory();

        DeliveryReceipt receipt = publish(channel, 7, "item-1", progress);

        assertThat(receipt.remoteId()).isEqualTo("ARTICLE-1");
        assertThat(progress.get(WeChatMassSend.MASS_SEND)).contains("failed");
        assertThat(status("item-1")).isEqualTo("FAILED");
        assertThat(warnings()).contains("48001").contains("not pushed to followers");
        assertThat(jdbc.sql("SELECT calls FROM wechat_api_calls WHERE api = 'mass/sendall'").query(Integer.class).single())
                .isZero();
    }

    @Test
    void aTimedOutPushIsNeverMadeAgain() throws Exception {
        wechat.stubFor(post(urlPathEqualTo(SENDALL)).willReturn(aResponse().withFixedDelay(4_500)
                .withHeader("Content-Type", "application/json").withBody("{\"errcode\":0,\"msg_id\":1}")));
        WeChatChannel channel = channel("mass-send", "true");
        DeliveryProgress progress = DeliveryProgress.inMemory();

        DeliveryReceipt receipt = publish(channel, 7, "item-1", progress);

        assertThat(receipt.remoteId()).isEqualTo("ARTICLE-1");
        assertThat(progress.get(WeChatMassSend.MASS_SEND)).contains("unknown");
        assertThat(status("item-1")).isEqualTo("UNKNOWN");
        assertThat(warnings()).contains("not sent again").doesNotContain(SECRET).doesNotContain("ACCESS-TOKEN-1");

        channel.deliver(dispatch(7, Action.PUBLISH, 3, null, progress, item("item-1", TITLE)));
        publish(channel, 8, "item-1", DeliveryProgress.inMemory());
        assertThat(sendalls()).isEqualTo(1);
    }

    @Test
    void anAttemptInterruptedDuringThePushRecordsItAsUnknownAndDoesNotPushAgain() throws Exception {
        WeChatChannel channel = channel("mass-send", "true");
        DeliveryProgress progress = DeliveryProgress.inMemory();
        catchThrowableOfType(RetryLaterException.class,
                () -> channel.deliver(dispatch(7, Action.PUBLISH, 1, null, progress, item("item-1", TITLE))));
        jdbc.sql("INSERT INTO wechat_mass_send (app_id, item_id, delivery_id, media_id, status, created_at, updated_at) "
                        + "VALUES (:app, 'item-1', 7, 'DRAFT-1', 'PENDING', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                .param("app", APP_ID).update();
        progress.put(WeChatMassSend.MASS_SEND, "sending"); // the node died while sendall was out

        DeliveryReceipt receipt = delivered(channel.deliver(dispatch(7, Action.PUBLISH, 2, null, progress, item("item-1", TITLE))));

        assertThat(receipt.remoteId()).isEqualTo("ARTICLE-1");
        assertThat(sendalls()).isZero();
        assertThat(progress.get(WeChatMassSend.MASS_SEND)).contains("unknown");
        assertThat(status("item-1")).isEqualTo("UNKNOWN");
    }

    @Test
    void neverPushesWhenMassSendIsOffWhichIsTheDefault() throws Exception {
        DeliveryProgress progress = DeliveryProgress.inMemory();

        publish(channel(), 7, "item-1", progress);

        assertThat(sendalls()).isZero();
        assertThat(progress.get(WeChatMassSend.MASS_SEND)).isEmpty();
    }

    // The part on its own: WeChatMassSend with no publication before it.

    private WeChatMassSend massSend() {
        return new WeChatMassSend(WeChatTestSupport.CHANNEL, WeChatTestSupport.settings("mass-send", "true"),
                WeChatTestSupport.wx(wechat.baseUrl()), new WeChatStore(jdbc),
                new WeChatErrors(WeChatTestSupport.CHANNEL, SECRET), clock);
    }

    private static Dispatch published(DeliveryProgress progress) {
        return dispatch(7, Action.PUBLISH, 2, null, progress, item("item-1", TITLE));
    }

    @Test
    void readsEveryPushStateEarlierVersionsWroteToProgressAndToTheTable() {
        assertThat(Stream.of("sending", "sent:34182", "sent:", "sent", "skipped-quota", "unknown", "failed", "already")
                .map(WeChatMassSend.State::ofProgress)).containsExactly(WeChatMassSend.State.PENDING,
                WeChatMassSend.State.SENT, WeChatMassSend.State.SENT, WeChatMassSend.State.SENT,
                WeChatMassSend.State.SKIPPED_QUOTA, WeChatMassSend.State.UNKNOWN, WeChatMassSend.State.FAILED,
                WeChatMassSend.State.ALREADY);
        assertThat(WeChatMassSend.State.ofProgress("something-newer")).as("never pushed again")
                .isEqualTo(WeChatMassSend.State.UNKNOWN);

        WeChatStore store = new WeChatStore(jdbc);
        for (String status : List.of("PENDING", "SENT", "SKIPPED_QUOTA", "UNKNOWN", "FAILED")) {
            jdbc.sql("INSERT INTO wechat_mass_send (app_id, item_id, delivery_id, media_id, status, created_at, updated_at) "
                            + "VALUES (:app, :item, 7, 'DRAFT-1', :status, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                    .param("app", APP_ID).param("item", "row-" + status).param("status", status).update();
            assertThat(store.massSend(APP_ID, "row-" + status).orElseThrow().status().name()).isEqualTo(status);
        }
    }

    @Test
    void anAttemptThatStoppedAfterTheOutcomeWasRecordedTakesItFromTheTableWithoutPushing() {
        jdbc.sql("INSERT INTO wechat_mass_send (app_id, item_id, delivery_id, media_id, status, created_at, updated_at) "
                        + "VALUES (:app, 'item-1', 7, 'DRAFT-1', 'SKIPPED_QUOTA', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                .param("app", APP_ID).update();
        DeliveryProgress progress = DeliveryProgress.inMemory();
        progress.put(WeChatMassSend.MASS_SEND, "sending");

        massSend().pushToFollowers(published(progress), "DRAFT-1", LIVE);

        assertThat(progress.get(WeChatMassSend.MASS_SEND)).contains("skipped-quota");
        assertThat(status("item-1")).isEqualTo("SKIPPED_QUOTA");
        assertThat(sendalls()).isZero();
    }

    @Test
    void weChatsAlreadyPushedAnswerCountsAsSentAndIsNotAFailure() {
        wechat.stubFor(post(urlPathEqualTo(SENDALL))
                .willReturn(okJson("{\"errcode\":45065,\"errmsg\":\"clientmsgid exist\"}")));
        DeliveryProgress progress = DeliveryProgress.inMemory();

        massSend().pushToFollowers(published(progress), "DRAFT-1", LIVE);

        assertThat(progress.get(WeChatMassSend.MASS_SEND)).contains("sent:");
        assertThat(status("item-1")).isEqualTo("SENT");
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aPushRetriedTooFastMayBeUnderWaySoItIsUnknownAndNeverMadeAgain() {
        wechat.stubFor(post(urlPathEqualTo(SENDALL))
                .willReturn(okJson("{\"errcode\":45066,\"errmsg\":\"same clientmsgid retry too fast\"}")));
        DeliveryProgress progress = DeliveryProgress.inMemory();
        WeChatMassSend massSend = massSend();

        massSend.pushToFollowers(published(progress), "DRAFT-1", LIVE);
        massSend.pushToFollowers(published(progress), "DRAFT-1", LIVE);

        assertThat(progress.get(WeChatMassSend.MASS_SEND)).contains("unknown");
        assertThat(status("item-1")).isEqualTo("UNKNOWN");
        assertThat(sendalls()).isEqualTo(1);
    }

    @Test
    void withoutTheDraftsMediaIdNothingIsPushedAndTheDeliverySaysSo() {
        DeliveryProgress progress = DeliveryProgress.inMemory();

        massSend().pushToFollowers(published(progress), null, LIVE);

        assertThat(progress.get(WeChatMassSend.MASS_SEND)).contains("failed");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM wechat_mass_send").query(Long.class).single()).isZero();
        assertThat(warnings()).contains("no draft media id");
    }
}
