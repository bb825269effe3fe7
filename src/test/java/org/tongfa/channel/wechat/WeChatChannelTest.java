package org.tongfa.channel.wechat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.tongfa.channel.wechat.WeChatTestSupport.AES_KEY;
import static org.tongfa.channel.wechat.WeChatTestSupport.APP_ID;
import static org.tongfa.channel.wechat.WeChatTestSupport.CHANNEL;
import static org.tongfa.channel.wechat.WeChatTestSupport.SECRET;
import static org.tongfa.channel.wechat.WeChatTestSupport.TITLE;
import static org.tongfa.channel.wechat.WeChatTestSupport.TOKEN;
import static org.tongfa.channel.wechat.WeChatTestSupport.config;
import static org.tongfa.channel.wechat.WeChatTestSupport.dispatch;
import static org.tongfa.channel.wechat.WeChatTestSupport.dispatchWith;
import static org.tongfa.channel.wechat.WeChatTestSupport.msgSignature;
import static org.tongfa.channel.wechat.WeChatTestSupport.sign;
import static org.tongfa.support.DeliveryResults.awaiting;
import static org.tongfa.support.DeliveryResults.delivered;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.DeliveryFailure.Reason;
import org.tongfa.delivery.DeliveryProgress;
import org.tongfa.delivery.DeliveryReceipt;
import org.tongfa.delivery.DeliveryResult;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.GiveUpException;
import org.tongfa.delivery.RetryLaterException;
import org.tongfa.support.ImageBombs;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestDatabases;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WeChatChannelTest {

    @RegisterExtension
    static final WireMockExtension wechat = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ARTICLE_URL = "https://mp.weixin.qq.com/s/article-1";
    private static final String NOW_TS = Long.toString(NOW.getEpochSecond());

    private final MutableClock clock = new MutableClock(NOW);
    private JdbcClient jdbc;

    @BeforeEach
    void database() {
        jdbc = JdbcClient.create(TestDatabases.migrated(TestDatabases.h2Url()));
    }

    private WeChatChannel channel(String... extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("app-id", APP_ID);
        settings.put("secret", SECRET);
        settings.put("api-host", wechat.baseUrl());
        settings.put("callback-token", TOKEN);
        settings.put("timeout", "2s");
        for (int i = 0; i < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        return (WeChatChannel) new WeChatChannelFactory(jdbc, clock).create(config(settings));
    }

    private static void stubToken() {
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
                .willReturn(okJson("{\"access_token\":\"ACCESS-TOKEN-1\",\"expires_in\":7200}")));
    }

    private static void stubUploads() {
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/media/uploadimg"))
                .willReturn(okJson("{\"url\":\"http://mmbiz.qpic.cn/mmbiz_png/uploaded/0\"}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/material/add_material"))
                .willReturn(okJson("{\"media_id\":\"THUMB-1\",\"url\":\"http://mmbiz.qpic.cn/thumb/0\"}")));
    }

    private static void stubDraftAndSubmit() {
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/draft/add")).willReturn(okJson("{\"media_id\":\"DRAFT-1\"}")));
        // WeChat may answer publish_id as a string; WxJava would keep the quotes.
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/freepublish/submit"))
                .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\",\"publish_id\":\"2247503051\",\"msg_data_id\":1}")));
    }

    private static void stubPublished() {
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/freepublish/get")).willReturn(okJson(
                "{\"publish_id\":\"2247503051\",\"publish_status\":0,\"article_id\":\"ARTICLE-1\","
                        + "\"article_detail\":{\"count\":1,\"item\":[{\"idx\":1,\"article_url\":\"" + ARTICLE_URL + "\"}]},"
                        + "\"fail_idx\":[]}")));
    }

    private static void stubAll() {
        stubToken();
        stubUploads();
        stubDraftAndSubmit();
        stubPublished();
    }

    private static Dispatch publish(DeliveryProgress progress, int attempt) {
        return dispatch(7, Action.PUBLISH, attempt, null, progress);
    }

    /** Submits and returns the "awaiting" answer the first attempt ends with. */
    private static DeliveryResult.Awaiting submit(WeChatChannel channel, DeliveryProgress progress) {
        return awaiting(catchNothing(() -> channel.deliver(publish(progress, 1))));
    }

    /** A first attempt that fails before anything is submitted: the failure. */
    private static RetryLaterException submitFailing(WeChatChannel channel, DeliveryProgress progress) {
        return catchThrowableOfType(RetryLaterException.class, () -> channel.deliver(publish(progress, 1)));
    }

    private static int calls(String path) {
        return wechat.findAll(postRequestedFor(urlPathEqualTo(path))).size();
    }

    @Test
    void publishesOneArticleWithWeChatHostedImagesAndCoverAndPutsItsUrlOnTheReceipt() throws Exception {
        stubAll();
        WeChatChannel channel = channel();
        DeliveryProgress progress = DeliveryProgress.inMemory();

        DeliveryResult.Awaiting awaiting = submit(channel, progress);
        assertThat(awaiting.reason()).contains("PUBLISHJOBFINISH");
        assertThat(progress.get(WeChatPublication.PUBLISH_ID)).contains("2247503051");
        assertThat(progress.get(WeChatPublication.DRAFT)).contains("DRAFT-1");

        DeliveryReceipt receipt = delivered(channel.deliver(publish(progress, 2)));

        assertThat(receipt).isEqualTo(new DeliveryReceipt("ARTICLE-1", ARTICLE_URL));
        assertThat(calls("/cgi-bin/media/uploadimg")).isEqualTo(2);
        assertThat(calls("/cgi-bin/material/add_material")).isEqualTo(1);
        assertThat(calls("/cgi-bin/draft/add")).isEqualTo(1);
        assertThat(calls("/cgi-bin/freepublish/submit")).isEqualTo(1);
        assertThat(wechat.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/freepublish/submit"))).get(0).getBodyAsString())
                .contains("DRAFT-1");

        JsonNode article = JSON.readTree(wechat.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/draft/add")))
                .get(0).getBodyAsString()).get("articles").get(0);
        assertThat(article.get("title").asString()).isEqualTo(TITLE);
        assertThat(article.get("thumb_media_id").asString()).isEqualTo("THUMB-1");
        String content = article.get("content").asString();
        List<String> sources = new ArrayList<>();
        org.jsoup.Jsoup.parseBodyFragment(content).select("img").forEach(img -> sources.add(img.attr("src")));
        assertThat(sources).hasSize(2).allMatch(src -> src.startsWith("http://mmbiz.qpic.cn/"));
        assertThat(content).doesNotContain("tongfa.example").doesNotContain("<a ")
                .contains("国务院政策（https://www.gov.cn/zhengce）");
    }

    @Test
    void readTheOriginalLinksToTheItemsPageOnTheWebsite() throws Exception {
        stubAll();
        WeChatChannel linked = channel("source-url", "https://www.example.gov.cn/site/items/{itemId}.html");
        submit(linked, DeliveryProgress.inMemory());

        JsonNode article = JSON.readTree(wechat.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/draft/add")))
                .get(0).getBodyAsString()).get("articles").get(0);
        assertThat(article.get("content_source_url").asString())
                .isEqualTo("https://www.example.gov.cn/site/items/item-42.html");
    }

    @Test
    void refreshesAnInvalidatedTokenOnceAndSucceeds() {
        stubAll();
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token")).inScenario("token")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("second")
                .willReturn(okJson("{\"access_token\":\"ACCESS-TOKEN-1\",\"expires_in\":7200}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token")).inScenario("token")
                .whenScenarioStateIs("second")
                .willReturn(okJson("{\"access_token\":\"ACCESS-TOKEN-2\",\"expires_in\":7200}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/draft/add")).inScenario("draft")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("refreshed")
                .willReturn(okJson("{\"errcode\":40001,\"errmsg\":\"invalid credential, access_token is invalid\"}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/draft/add")).inScenario("draft")
                .whenScenarioStateIs("refreshed").willReturn(okJson("{\"media_id\":\"DRAFT-1\"}")));
        DeliveryProgress progress = DeliveryProgress.inMemory();

        submit(channel(), progress);

        assertThat(progress.get(WeChatPublication.PUBLISH_ID)).contains("2247503051");
        assertThat(calls("/cgi-bin/stable_token")).isEqualTo(2);
        var drafts = wechat.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/draft/add")));
        assertThat(drafts).hasSize(2);
        assertThat(drafts.get(1).getUrl()).contains("access_token=ACCESS-TOKEN-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"errcode-1", "http502html", "http503empty"})
    void retriesLaterOnBusyWeChatAndServerErrorsWithoutRetryingItself(String failure) {
        stubToken();
        stubUploads();
        var answer = switch (failure) {
            case "errcode-1" -> okJson("{\"errcode\":-1,\"errmsg\":\"system error\"}");
            case "http502html" -> aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                    .withBody("<html><body>502 Bad Gateway</body></html>");
            default -> aResponse().withStatus(503);
        };
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/draft/add")).willReturn(answer));

        RetryLaterException retry = submitFailing(channel(), DeliveryProgress.inMemory());

        assertThat(retry).isNotNull();
        // draft/add is not idempotent: after a busy answer the next attempt checks before adding again.
        assertThat(retry.reason()).isEqualTo(Reason.OUTCOME_UNKNOWN);
        assertThat(calls("/cgi-bin/draft/add")).isEqualTo(1);
    }

    @Test
    void defersUntilTheQuotaWindowOnDailyQuotaReached() {
        stubToken();
        stubUploads();
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/draft/add"))
                .willReturn(okJson("{\"errcode\":45009,\"errmsg\":\"reach max api daily quota limit\"}")));

        RetryLaterException retry = submitFailing(channel(), DeliveryProgress.inMemory());

        // 09:00 UTC is 17:00 in Beijing: the quota resets in 7 hours.
        assertThat(retry.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(retry.retryAfter()).hasValueSatisfying(
                wait -> assertThat(wait).isBetween(Duration.ofHours(7), Duration.ofHours(7).plusMinutes(2)));
        assertThat(calls("/cgi-bin/draft/add")).isEqualTo(1);
    }

    @Test
    void givesUpWithActionableTextWhenTheAccountIsNotAuthorised() {
        stubToken();
        stubUploads();
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/draft/add"))
                .willReturn(okJson("{\"errcode\":48001,\"errmsg\":\"api unauthorized\"}")));

        GiveUpException giveUp = catchThrowableOfType(GiveUpException.class,
                () -> channel().deliver(publish(DeliveryProgress.inMemory(), 1)));

        assertThat(giveUp.getMessage()).contains("48001").contains("认证").contains("not authorised");
        assertThat(calls("/cgi-bin/draft/add")).isEqualTo(1);
    }

    @Test
    void givesUpWithActionableTextWhenTheCallerIpIsNotWhitelisted() {
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
                .willReturn(okJson("{\"errcode\":40164,\"errmsg\":\"invalid ip 203.0.113.9, not in whitelist\"}")));

        GiveUpException giveUp = catchThrowableOfType(GiveUpException.class,
                () -> channel().deliver(publish(DeliveryProgress.inMemory(), 1)));

        assertThat(giveUp.getMessage()).contains("40164").contains("IP白名单").contains("whitelist");
        assertThat(calls("/cgi-bin/media/uploadimg")).isZero();
    }

    @Test
    void doesNotSubmitAgainAfterATimedOutSubmitThatWentThrough() {
        stubToken();
        stubUploads();
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/draft/add")).willReturn(okJson("{\"media_id\":\"DRAFT-1\"}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/freepublish/submit"))
                .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\",\"publish_id\":\"2247503051\"}").withFixedDelay(4000)));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/freepublish/batchget")).willReturn(okJson(
                "{\"total_count\":1,\"item_count\":1,\"item\":[{\"article_id\":\"ARTICLE-1\",\"update_time\":"
                        + NOW.getEpochSecond() + ",\"content\":{\"news_item\":[{\"title\":\"" + TITLE
                        + "\",\"url\":\"" + ARTICLE_URL + "\",\"is_deleted\":false}]}}]}")));
        WeChatChannel channel = channel("timeout", "1s");
        DeliveryProgress progress = DeliveryProgress.inMemory();

        RetryLaterException timedOut = submitFailing(channel, progress);
        assertThat(timedOut.reason()).isEqualTo(Reason.OUTCOME_UNKNOWN);
        assertThat(progress.get(WeChatPublication.PUBLISH_ID)).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        DeliveryReceipt receipt = delivered(catchNothing(() -> channel.deliver(publish(progress, 2))));

        assertThat(receipt).isEqualTo(new DeliveryReceipt("ARTICLE-1", ARTICLE_URL));
        assertThat(calls("/cgi-bin/freepublish/submit")).isEqualTo(1);
        assertThat(calls("/cgi-bin/draft/add")).isEqualTo(1);
    }

    @Test
    void waitsRatherThanSubmittingAgainWhileATimedOutSubmitIsNotYetListed() {
        stubToken();
        stubUploads();
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/draft/add")).willReturn(okJson("{\"media_id\":\"DRAFT-1\"}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/freepublish/submit"))
                .willReturn(okJson("{\"errcode\":0,\"publish_id\":\"1\"}").withFixedDelay(4000)));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/freepublish/batchget"))
                .willReturn(okJson("{\"total_count\":0,\"item_count\":0,\"item\":[]}")));
        WeChatChannel channel = channel("timeout", "1s");
        DeliveryProgress progress = DeliveryProgress.inMemory();
        submitFailing(channel, progress);

        clock.advance(Duration.ofMinutes(2));
        awaiting(catchNothing(() -> channel.deliver(publish(progress, 2))));

        assertThat(calls("/cgi-bin/freepublish/submit")).isEqualTo(1);
    }

    @Test
    void reusesCachedUploadsOnReDelivery() throws Exception {
        stubAll();
        WeChatChannel channel = channel();
        submit(channel, DeliveryProgress.inMemory());

        // A second delivery of the same item (a re-delivery or an update): nothing uploaded again,
        // even through a new channel instance, as after a restart.
        awaiting(catchNothing(() -> channel().deliver(dispatch(8, Action.PUBLISH, 1, null, DeliveryProgress.inMemory()))));

        assertThat(calls("/cgi-bin/media/uploadimg")).isEqualTo(2);
        assertThat(calls("/cgi-bin/material/add_material")).isEqualTo(1);
        assertThat(calls("/cgi-bin/draft/add")).isEqualTo(2);
    }

    @Test
    void resumesFromTheSavedDraftWithoutAddingItAgain() {
        stubAll();
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/freepublish/submit"))
                .willReturn(okJson("{\"errcode\":45011,\"errmsg\":\"api minute-quota reach limit\"}")));
        WeChatChannel channel = channel();
        DeliveryProgress progress = DeliveryProgress.inMemory();
        RetryLaterException refused = submitFailing(channel, progress);
        stubDraftAndSubmit();

        awaiting(catchNothing(() -> channel.deliver(publish(progress, 2))));

        assertThat(refused.retryAfter()).contains(Duration.ofMinutes(1));
        assertThat(calls("/cgi-bin/draft/add")).isEqualTo(1);
        assertThat(calls("/cgi-bin/freepublish/submit")).isEqualTo(2);
        assertThat(calls("/cgi-bin/freepublish/batchget")).isZero();
    }

    @Test
    void keepsTheSecretAndAccessTokensOutOfLogsAndMessages() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger ours = (Logger) LoggerFactory.getLogger("org.tongfa");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        Level before = ours.getLevel();
        ours.setLevel(Level.DEBUG);
        List<String> messages = new ArrayList<>();
        try {
            stubToken();
            stubUploads();
            wechat.stubFor(post(urlPathEqualTo("/cgi-bin/draft/add")).willReturn(okJson(
                    "{\"errcode\":40003,\"errmsg\":\"invalid openid\"}")));
            WeChatChannel channel = channel();
            messages.add(catchThrowableOfType(GiveUpException.class,
                    () -> channel.deliver(publish(DeliveryProgress.inMemory(), 1))).getMessage());
            wechat.stubFor(post(urlPathEqualTo("/cgi-bin/draft/add")).willReturn(okJson(
                    "{\"errcode\":-1,\"errmsg\":\"system error\"}")));
            messages.add(catchThrowableOfType(RetryLaterException.class,
                    () -> channel.deliver(publish(DeliveryProgress.inMemory(), 1))).getMessage());
            messages.add(channel.toString());
        } finally {
            root.detachAppender(appender);
            ours.setLevel(before);
        }
        appender.list.forEach(event -> messages.add(event.getFormattedMessage()));

        assertThat(appender.list).isNotEmpty();
        assertThat(String.join("\n", messages)).doesNotContain(SECRET).doesNotContain("ACCESS-TOKEN-1");
    }

    @Test
    void echoesTheHandshakeWhenSigned() {
        WeChatCallbacks callbacks = callbacks(channel(), new ArrayList<>());

        WeChatCallbacks.Answer answer = callbacks.handshake(CHANNEL, sign(TOKEN, "1700000000", "n0nce"),
                "1700000000", "n0nce", "echo-123");

        assertThat(answer).isEqualTo(new WeChatCallbacks.Answer(200, "echo-123"));
    }

    @Test
    void completesTheDeliveryFromAPublishJobFinishedEventWithoutPolling() throws Exception {
        stubToken();
        stubUploads();
        stubDraftAndSubmit();
        WeChatChannel channel = channel();
        DeliveryProgress progress = DeliveryProgress.inMemory();
        submit(channel, progress);
        List<String> woken = new ArrayList<>();

        WeChatCallbacks.Answer answer = callbacks(channel, woken).event(CHANNEL, sign(TOKEN, NOW_TS, "abc"),
                NOW_TS, "abc", finishedEvent("2247503051", 0).getBytes(StandardCharsets.UTF_8));
        DeliveryReceipt receipt = delivered(channel.deliver(publish(progress, 2)));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(woken).containsExactly(CHANNEL);
        assertThat(receipt).isEqualTo(new DeliveryReceipt("ARTICLE-1", ARTICLE_URL));
        assertThat(calls("/cgi-bin/freepublish/get")).isZero();
    }

    @Test
    void failsTheDeliveryInChineseAndEnglishWhenThePublishJobWasRejected() {
        stubToken();
        stubUploads();
        stubDraftAndSubmit();
        WeChatChannel channel = channel();
        DeliveryProgress progress = DeliveryProgress.inMemory();
        submit(channel, progress);
        callbacks(channel, new ArrayList<>()).event(CHANNEL, sign(TOKEN, NOW_TS, "2"), NOW_TS, "2",
                finishedEvent("2247503051", 4).getBytes(StandardCharsets.UTF_8));

        GiveUpException giveUp = catchThrowableOfType(GiveUpException.class,
                () -> channel.deliver(publish(progress, 2)));

        assertThat(giveUp.getMessage()).contains("平台审核不通过").contains("review rejected");
    }

    @Test
    void refusesASignedCallbackWithAStaleTimestampAndIgnoresJobsItDidNotSubmit() {
        stubAll();
        WeChatChannel channel = channel();
        List<String> woken = new ArrayList<>();
        WeChatCallbacks callbacks = callbacks(channel, woken);
        String stale = Long.toString(NOW.minus(Duration.ofMinutes(6)).getEpochSecond());

        WeChatCallbacks.Answer replayed = callbacks.event(CHANNEL, sign(TOKEN, stale, "n"), stale, "n",
                finishedEvent("2247503051", 0).getBytes(StandardCharsets.UTF_8));
        WeChatCallbacks.Answer byHand = callbacks.event(CHANNEL, sign(TOKEN, NOW_TS, "n"), NOW_TS, "n",
                finishedEvent("999", 0).getBytes(StandardCharsets.UTF_8));

        assertThat(replayed.status()).isEqualTo(403);
        assertThat(byHand.status()).isEqualTo(200);
        assertThat(woken).isEmpty();
        assertThat(new WeChatStore(jdbc).publishResult(APP_ID, "999")).isEmpty();
    }

    @Test
    void refusesCallbacksWithABadSignatureAndProcessesNothing() {
        stubAll();
        WeChatChannel channel = channel();
        List<String> woken = new ArrayList<>();
        WeChatCallbacks callbacks = callbacks(channel, woken);

        WeChatCallbacks.Answer event = callbacks.event(CHANNEL, sign("wrongToken", "1", "2"), "1", "2",
                finishedEvent("2247503051", 0).getBytes(StandardCharsets.UTF_8));
        WeChatCallbacks.Answer handshake = callbacks.handshake(CHANNEL, "0000", "1", "2", "echo");

        assertThat(event.status()).isEqualTo(403);
        assertThat(handshake.status()).isEqualTo(403);
        assertThat(woken).isEmpty();
        assertThat(new WeChatStore(jdbc).publishResult(APP_ID, "2247503051")).isEmpty();
    }

    @Test
    void refusesAReplayedCallbackEvenWithAnotherBody() {
        stubToken();
        stubUploads();
        stubDraftAndSubmit();
        WeChatChannel channel = channel();
        submit(channel, DeliveryProgress.inMemory());
        List<String> woken = new ArrayList<>();
        WeChatCallbacks callbacks = callbacks(channel, woken);
        String signature = sign(TOKEN, NOW_TS, "once");

        WeChatCallbacks.Answer first = callbacks.event(CHANNEL, signature, NOW_TS, "once",
                finishedEvent("2247503051", 0).getBytes(StandardCharsets.UTF_8));
        // Captured and sent again within the five minutes, with a forged outcome in the unsigned body.
        WeChatCallbacks.Answer replayed = callbacks.event(CHANNEL, signature, NOW_TS, "once",
                finishedEvent("2247503051", 4).getBytes(StandardCharsets.UTF_8));

        assertThat(first.status()).isEqualTo(200);
        assertThat(replayed.status()).isEqualTo(403);
        assertThat(replayed.body()).contains("replayed");
        assertThat(new WeChatStore(jdbc).publishResult(APP_ID, "2247503051"))
                .hasValueSatisfying(result -> assertThat(result.status()).isZero());
        assertThat(woken).containsExactly(CHANNEL);
    }

    @Test
    void forgetsRememberedCallbacksOnceTheirTimestampsCanNoLongerBeFresh() {
        WeChatCallbacks callbacks = callbacks(channel(), new ArrayList<>());
        byte[] byHand = finishedEvent("999", 0).getBytes(StandardCharsets.UTF_8);

        assertThat(callbacks.event(CHANNEL, sign(TOKEN, NOW_TS, "a"), NOW_TS, "a", byHand).status()).isEqualTo(200);
        assertThat(rememberedCallbacks()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(11));
        String later = Long.toString(clock.instant().getEpochSecond());
        assertThat(callbacks.event(CHANNEL, sign(TOKEN, later, "b"), later, "b", byHand).status()).isEqualTo(200);

        assertThat(rememberedCallbacks()).isEqualTo(1);
    }

    @Test
    void acceptsAnEncryptedCallbackInSafeModeAndRecordsThePublishResult() throws Exception {
        stubToken();
        stubUploads();
        stubDraftAndSubmit();
        WeChatChannel channel = channel("encoding-aes-key", AES_KEY);
        DeliveryProgress progress = DeliveryProgress.inMemory();
        submit(channel, progress);
        List<String> woken = new ArrayList<>();
        String body = WeChatTestSupport.encrypted(finishedEvent("2247503051", 0), APP_ID);
        String msgSignature = msgSignature(TOKEN, NOW_TS, "safe1", WeChatTestSupport.encryptOf(body));

        WeChatCallbacks.Answer answer = callbacks(channel, woken).event(CHANNEL, sign(TOKEN, NOW_TS, "safe1"), NOW_TS,
                "safe1", "aes", msgSignature, body.getBytes(StandardCharsets.UTF_8));
        DeliveryReceipt receipt = delivered(channel.deliver(publish(progress, 2)));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(woken).containsExactly(CHANNEL);
        assertThat(receipt).isEqualTo(new DeliveryReceipt("ARTICLE-1", ARTICLE_URL));
        assertThat(calls("/cgi-bin/freepublish/get")).isZero();
    }

    @Test
    void refusesATamperedOrPlainTextCallbackInSafeMode() {
        stubAll();
        WeChatChannel channel = channel("encoding-aes-key", AES_KEY);
        submit(channel, DeliveryProgress.inMemory());
        WeChatCallbacks callbacks = callbacks(channel, new ArrayList<>());
        String body = WeChatTestSupport.encrypted(finishedEvent("2247503051", 4), APP_ID);
        String encrypt = WeChatTestSupport.encryptOf(body);
        String msgSignature = msgSignature(TOKEN, NOW_TS, "safe2", encrypt);
        // One character of the ciphertext changed; the signature is the genuine one.
        char flipped = encrypt.charAt(10) == 'A' ? 'B' : 'A';
        String tampered = body.replace(encrypt, encrypt.substring(0, 10) + flipped + encrypt.substring(11));
        // For another account, under its own valid signature.
        String other = WeChatTestSupport.encrypted(finishedEvent("2247503051", 4), "wx00000000000000ff");
        String otherSignature = msgSignature(TOKEN, NOW_TS, "safe3", WeChatTestSupport.encryptOf(other));

        WeChatCallbacks.Answer tamperedAnswer = callbacks.event(CHANNEL, sign(TOKEN, NOW_TS, "safe2"), NOW_TS, "safe2",
                "aes", msgSignature, tampered.getBytes(StandardCharsets.UTF_8));
        // The plain-text signature is valid, but covers nothing of the body: refused in safe mode.
        WeChatCallbacks.Answer plain = callbacks.event(CHANNEL, sign(TOKEN, NOW_TS, "safe4"), NOW_TS, "safe4",
                finishedEvent("2247503051", 4).getBytes(StandardCharsets.UTF_8));
        WeChatCallbacks.Answer otherAccount = callbacks.event(CHANNEL, sign(TOKEN, NOW_TS, "safe3"), NOW_TS, "safe3",
                "aes", otherSignature, other.getBytes(StandardCharsets.UTF_8));

        assertThat(tamperedAnswer.status()).isEqualTo(403);
        assertThat(plain.status()).isEqualTo(403);
        assertThat(otherAccount.status()).isEqualTo(403);
        assertThat(new WeChatStore(jdbc).publishResult(APP_ID, "2247503051")).isEmpty();
    }

    @Test
    void pollsWithinTheDailyQuotaAndThenWaitsForTheCallback() {
        stubAll();
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/freepublish/get"))
                .willReturn(okJson("{\"publish_id\":\"2247503051\",\"publish_status\":1,\"fail_idx\":[]}")));
        WeChatChannel channel = channel();
        DeliveryProgress progress = DeliveryProgress.inMemory();
        submit(channel, progress);
        WeChatStore store = new WeChatStore(jdbc);
        for (int i = 1; i < WeChatPublication.POLL_QUOTA_PER_DAY; i++) {
            store.takeCall(APP_ID, "freepublish/get", java.time.LocalDate.of(2026, 3, 1), WeChatPublication.POLL_QUOTA_PER_DAY);
        }

        DeliveryResult.Awaiting stillPublishing = awaiting(catchNothing(() -> channel.deliver(publish(progress, 2))));
        DeliveryResult.Awaiting quotaSpent = awaiting(catchNothing(() -> channel.deliver(publish(progress, 3))));

        assertThat(stillPublishing.reason()).contains("still publishing");
        assertThat(quotaSpent.reason()).contains("quota");
        assertThat(quotaSpent.checkAgainIn()).isEqualTo(WeChatErrors.untilTomorrow(NOW));
        assertThat(calls("/cgi-bin/freepublish/get")).isEqualTo(1);
    }

    @Test
    void retractionDeletesThePublishedArticle() throws Exception {
        stubToken();
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/freepublish/delete")).withRequestBody(containing("ARTICLE-1"))
                .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));

        DeliveryReceipt receipt = delivered(channel().deliver(dispatch(9, Action.RETRACT, 1, "ARTICLE-1", DeliveryProgress.inMemory())));

        assertThat(receipt.remoteId()).isEqualTo("ARTICLE-1");
        assertThat(calls("/cgi-bin/freepublish/delete")).isEqualTo(1);
    }

    @Test
    void anUpdateKeepsThePublishedArticleUnderTheIgnorePolicy() throws Exception {
        DeliveryReceipt receipt = delivered(channel().deliver(dispatch(10, Action.UPDATE, 1, "ARTICLE-1", DeliveryProgress.inMemory())));

        assertThat(receipt.remoteId()).isEqualTo("ARTICLE-1");
        assertThat(wechat.getAllServeEvents()).isEmpty();
    }

    @Test
    void anUpdateDeletesAndPublishesAgainUnderTheRepublishPolicy() {
        stubAll();
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/freepublish/delete"))
                .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
        WeChatChannel channel = channel("update-policy", "republish");
        DeliveryProgress progress = DeliveryProgress.inMemory();

        awaiting(catchNothing(() -> channel.deliver(dispatch(11, Action.UPDATE, 1, "ARTICLE-0", progress))));
        catchNothing(() -> channel.deliver(dispatch(11, Action.UPDATE, 2, "ARTICLE-0", progress)));

        assertThat(calls("/cgi-bin/freepublish/delete")).isEqualTo(1);
        assertThat(calls("/cgi-bin/freepublish/submit")).isEqualTo(1);
    }

    @Test
    void anUpdateOfAnItemStillBeingPublishedWaitsAndNeverPublishesTwice() throws Exception {
        stubAll();
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/freepublish/get"))
                .willReturn(okJson("{\"publish_id\":\"2247503051\",\"publish_status\":1,\"fail_idx\":[]}")));
        WeChatChannel channel = channel();
        submit(channel, DeliveryProgress.inMemory());
        // The ledger superseded that waiting publication with version 2: an UPDATE with no confirmed article.
        DeliveryProgress update = DeliveryProgress.inMemory();

        awaiting(catchNothing(() -> channel.deliver(dispatch(12, Action.UPDATE, 1, null, update))));
        stubPublished();
        DeliveryReceipt receipt = delivered(channel.deliver(dispatch(12, Action.UPDATE, 2, null, update)));

        assertThat(receipt).isEqualTo(new DeliveryReceipt("ARTICLE-1", ARTICLE_URL));
        assertThat(calls("/cgi-bin/freepublish/submit")).isEqualTo(1);
        assertThat(calls("/cgi-bin/draft/add")).isEqualTo(1);
    }

    @Test
    void aRetractionOfAnItemWithdrawnWhilePublishingDeletesTheArticleOnceItIsOut() throws Exception {
        stubAll();
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/freepublish/delete"))
                .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
        WeChatChannel channel = channel();
        submit(channel, DeliveryProgress.inMemory());
        callbacks(channel, new ArrayList<>()).event(CHANNEL, sign(TOKEN, NOW_TS, "2"), NOW_TS, "2",
                finishedEvent("2247503051", 0).getBytes(StandardCharsets.UTF_8));

        DeliveryReceipt receipt = delivered(channel.deliver(dispatch(13, Action.RETRACT, 1, null, DeliveryProgress.inMemory())));

        assertThat(receipt.remoteId()).isEqualTo("ARTICLE-1");
        assertThat(wechat.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/freepublish/delete"))))
                .singleElement().satisfies(r -> assertThat(r.getBodyAsString()).contains("ARTICLE-1"));
    }

    @Test
    void aRetractionAfterAPolledPublicationSpendsNoFurtherPollQuota() throws Exception {
        stubAll();
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/freepublish/delete"))
                .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\"}")));
        WeChatChannel channel = channel();
        DeliveryProgress progress = DeliveryProgress.inMemory();
        submit(channel, progress);
        DeliveryReceipt published = delivered(channel.deliver(publish(progress, 2)));

        DeliveryReceipt retracted = delivered(channel.deliver(dispatch(14, Action.RETRACT, 1, published.remoteId(),
                DeliveryProgress.inMemory())));

        assertThat(retracted.remoteId()).isEqualTo("ARTICLE-1");
        assertThat(calls("/cgi-bin/freepublish/get")).isEqualTo(1);
        assertThat(calls("/cgi-bin/freepublish/delete")).isEqualTo(1);
    }

    @Test
    void aStoredDecompressionBombFailsTheDeliveryWithAClearReasonWithoutBeingDecoded() {
        stubAll();
        WeChatChannel channel = channel();
        // Stored before uploads were checked: 10000 x 10000 RGBA at 16 bits, 800 MB once decoded.
        byte[] bomb = ImageBombs.png(10_000, 10_000, 16, ImageBombs.RGBA, 1, 1_100_000);
        Throwable[] outcome = new Throwable[1];

        long allocated = WeChatImagesTest.allocatedBy(() -> {
            outcome[0] = catchThrowable(() -> channel.deliver(dispatchWith(20, WeChatTestSupport.PNG, bomb,
                    DeliveryProgress.inMemory())));
            return null;
        });

        assertThat(outcome[0]).isInstanceOf(GiveUpException.class).hasMessageContaining("10000x10000");
        assertThat(allocated).as("bytes allocated by the attempt").isLessThan(64L * 1024 * 1024);
        assertThat(calls("/cgi-bin/material/add_material")).isZero();
        assertThat(calls("/cgi-bin/draft/add")).isZero();
    }

    @Test
    void anInterruptDuringImagePreparationMeansRetryLaterAndKeepsTheInterrupt(@TempDir Path dir) throws Exception {
        stubAll();
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/media/uploadimg"))
                .willReturn(okJson("{\"url\":\"http://mmbiz.qpic.cn/mmbiz_png/slow/0\"}").withFixedDelay(1000)));
        Path cover = Files.write(dir.resolve("default-cover.png"), WeChatTestSupport.COVER);
        // A generous timeout: this test is about the interrupt, not about a slow machine.
        WeChatChannel channel = channel("default-cover", cover.toString(), "timeout", "30s");
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread delivering = new Thread(() -> {
            outcome.set(catchThrowable(() -> channel.deliver(dispatchWith(21, WeChatTestSupport.PNG, null,
                    DeliveryProgress.inMemory()))));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        }, "delivering");

        delivering.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> calls("/cgi-bin/media/uploadimg") == 1 || !delivering.isAlive());
        delivering.interrupt();
        delivering.join(Duration.ofSeconds(30).toMillis());

        assertThat(delivering.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(RetryLaterException.class).hasMessageContaining("interrupted");
        assertThat(stillInterrupted).isTrue();
        assertThat(calls("/cgi-bin/draft/add")).isZero();
    }

    private WeChatCallbacks callbacks(WeChatChannel channel, List<String> woken) {
        return new WeChatCallbacks(id -> id.equals(CHANNEL) ? Optional.of(channel) : Optional.empty(),
                new WeChatStore(jdbc), (channelId, step, remoteId) -> woken.add(channelId), clock,
                TransactionOperations.withoutTransaction());
    }

    private long rememberedCallbacks() {
        return jdbc.sql("SELECT COUNT(*) FROM wechat_callback_nonce").query(Long.class).single();
    }

    private static String finishedEvent(String publishId, int status) {
        return "<xml><ToUserName><![CDATA[gh_4d00ed8d6399]]></ToUserName>"
                + "<FromUserName><![CDATA[mphelper]]></FromUserName><CreateTime>1700000000</CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[PUBLISHJOBFINISH]]></Event>"
                + "<PublishEventInfo><publish_id>" + publishId + "</publish_id><publish_status>" + status
                + "</publish_status>"
                + (status == 0 ? "<article_id><![CDATA[ARTICLE-1]]></article_id><article_detail><count>1</count>"
                        + "<item><idx>1</idx><article_url><![CDATA[" + ARTICLE_URL + "]]></article_url></item>"
                        + "</article_detail>" : "<fail_idx>1</fail_idx>")
                + "</PublishEventInfo></xml>";
    }

    private static <T> T catchNothing(ThrowingSupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (Exception e) {
            throw new AssertionError("expected success, got " + e, e);
        }
    }

    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
