package org.tongfa.channel.wechat;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.tongfa.channel.wechat.WeChatTestSupport.APP_ID;
import static org.tongfa.channel.wechat.WeChatTestSupport.CHANNEL;
import static org.tongfa.channel.wechat.WeChatTestSupport.SECRET;
import static org.tongfa.support.DeliveryResults.awaiting;
import static org.tongfa.support.DeliveryResults.delivered;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tongfa.channel.wechat.WeChatPublication.State;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.DeliveryFailure.Reason;
import org.tongfa.delivery.DeliveryProgress;
import org.tongfa.delivery.DeliveryReceipt;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.GiveUpException;
import org.tongfa.delivery.RetryLaterException;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestDatabases;

class WeChatPublicationTest {

    @RegisterExtension
    static final WireMockExtension wechat = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private static final String ARTICLE_URL = "https://mp.weixin.qq.com/s/article-1";
    private static final String SUBMIT = "/cgi-bin/freepublish/submit";
    private static final String GET = "/cgi-bin/freepublish/get";

    @TempDir
    Path tempDir;
    private final MutableClock clock = new MutableClock(NOW);
    private WeChatStore store;
    private WeChatPublication publication;

    @BeforeEach
    void setUp() {
        store = new WeChatStore(JdbcClient.create(TestDatabases.migrated(TestDatabases.h2Url())));
        WeChatChannelProperties settings = WeChatTestSupport.settings();
        var wx = WeChatTestSupport.wx(wechat.baseUrl());
        WeChatErrors errors = new WeChatErrors(CHANNEL, SECRET);
        WeChatCalls calls = new WeChatCalls(CHANNEL, errors, clock);
        WeChatArticles articles = new WeChatArticles(CHANNEL, settings,
                new WeChatMedia(CHANNEL, settings, wx, store, calls, clock, tempDir));
        publication = new WeChatPublication(CHANNEL, APP_ID, wx, store, errors, calls, articles,
                new WeChatMassSend(CHANNEL, settings, wx, store, errors, clock), clock);

        WeChatTestSupport.stubTokenAndUploads(wechat);
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/draft/add")).willReturn(okJson("{\"media_id\":\"DRAFT-1\"}")));
        wechat.stubFor(post(urlPathEqualTo(SUBMIT))
                .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\",\"publish_id\":\"2247503051\",\"msg_data_id\":1}")));
        stubJob(1);
    }

    private static void stubJob(int status) {
        wechat.stubFor(post(urlPathEqualTo(GET)).willReturn(okJson(
                "{\"publish_id\":\"2247503051\",\"publish_status\":" + status + ",\"article_id\":\"ARTICLE-1\","
                        + "\"article_detail\":{\"count\":1,\"item\":[{\"idx\":1,\"article_url\":\"" + ARTICLE_URL + "\"}]},"
                        + "\"fail_idx\":[]}")));
    }

    private static Dispatch attempt(DeliveryProgress progress, int attempt) {
        return WeChatTestSupport.dispatch(7, Action.PUBLISH, attempt, null, progress);
    }

    private static int calls(String path) {
        return wechat.findAll(postRequestedFor(urlPathEqualTo(path))).size();
    }

    private static DeliveryProgress progress(String... keysAndValues) {
        DeliveryProgress progress = DeliveryProgress.inMemory();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            progress.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return progress;
    }

    @Test
    void readsItsStateFromTheProgressKeysEarlierVersionsWrote() {
        String sent = NOW.toString();

        assertThat(State.of(progress())).isEqualTo(State.NEW);
        assertThat(State.of(progress(WeChatPublication.DRAFT, "DRAFT-1"))).isEqualTo(State.DRAFTED);
        assertThat(State.of(progress(WeChatPublication.DRAFT, "DRAFT-1", WeChatPublication.SUBMIT_SENT, "")))
                .as("a refused submit clears its time").isEqualTo(State.DRAFTED);
        assertThat(State.of(progress(WeChatPublication.DRAFT, "DRAFT-1", WeChatPublication.SUBMIT_SENT, sent)))
                .isEqualTo(State.SUBMIT_UNCONFIRMED);
        assertThat(State.of(progress(WeChatPublication.DRAFT, "DRAFT-1", WeChatPublication.SUBMIT_SENT, sent,
                WeChatPublication.PUBLISH_ID, "2247503051"))).isEqualTo(State.SUBMITTED);
        assertThat(State.of(progress(WeChatPublication.DRAFT, "", WeChatPublication.SUBMIT_SENT, "")))
                .as("a draft WeChat lost").isEqualTo(State.NEW);
    }

    @Test
    void savesTheDraftSubmitsItAndAwaitsTheJobThenDeliversOnceItIsPublished() throws Exception {
        DeliveryProgress progress = DeliveryProgress.inMemory();

        awaiting(publication.publish(attempt(progress, 1)));
        assertThat(State.of(progress)).isEqualTo(State.SUBMITTED);
        assertThat(progress.get(WeChatPublication.PUBLISH_ID)).contains("2247503051");
        assertThat(progress.get(WeChatPublication.SUBMIT_SENT)).contains(NOW.toString());
        assertThat(store.hasJob(APP_ID, "2247503051")).isTrue();

        stubJob(0);
        DeliveryReceipt receipt = delivered(publication.publish(attempt(progress, 2)));

        assertThat(receipt).isEqualTo(new DeliveryReceipt("ARTICLE-1", ARTICLE_URL));
        assertThat(calls("/cgi-bin/draft/add")).isEqualTo(1);
        assertThat(calls(SUBMIT)).isEqualTo(1);
    }

    @Test
    void aSubmitRefusedBecauseTheDraftIsGoneForgetsTheDraftSoTheNextAttemptBuildsANewOne() throws Exception {
        wechat.stubFor(post(urlPathEqualTo(SUBMIT))
                .willReturn(okJson("{\"errcode\":40007,\"errmsg\":\"invalid media_id\"}")));
        DeliveryProgress progress = DeliveryProgress.inMemory();

        GiveUpException refused = catchThrowableOfType(GiveUpException.class,
                () -> publication.publish(attempt(progress, 1)));

        assertThat(refused).hasMessageContaining("errcode 40007");
        assertThat(progress.get(WeChatPublication.DRAFT)).contains("");
        assertThat(progress.get(WeChatPublication.SUBMIT_SENT)).contains("");
        assertThat(State.of(progress)).isEqualTo(State.NEW);
    }

    @Test
    void aSubmitWeChatRefusedForNowKeepsTheDraftAndSubmitsAgainNextTime() throws Exception {
        wechat.stubFor(post(urlPathEqualTo(SUBMIT))
                .willReturn(okJson("{\"errcode\":45009,\"errmsg\":\"reach max api daily quota limit\"}")));
        DeliveryProgress progress = DeliveryProgress.inMemory();

        RetryLaterException later = catchThrowableOfType(RetryLaterException.class,
                () -> publication.publish(attempt(progress, 1)));

        assertThat(later.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(State.of(progress)).isEqualTo(State.DRAFTED);
        assertThat(progress.get(WeChatPublication.DRAFT)).contains("DRAFT-1");
    }

    @Test
    void checksBackLessOftenWhileTheJobIsStillPublishing() throws Exception {
        DeliveryProgress progress = DeliveryProgress.inMemory();
        awaiting(publication.publish(attempt(progress, 1)));

        assertThat(awaiting(publication.publish(attempt(progress, 2))).checkAgainIn()).isEqualTo(Duration.ofMinutes(2));
        assertThat(awaiting(publication.publish(attempt(progress, 4))).checkAgainIn()).isEqualTo(Duration.ofMinutes(8));
        assertThat(awaiting(publication.publish(attempt(progress, 9))).checkAgainIn()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void takesAJobsOutcomeFromTheCallbacksRecordWithoutPolling() throws Exception {
        store.savePublishResult(APP_ID, "2247503051", new WeChatStore.PublishResult(0, "ARTICLE-9", ARTICLE_URL, null), NOW);

        WeChatPublication.JobStatus status = publication.jobStatus("2247503051").orElseThrow();

        assertThat(status).isEqualTo(new WeChatPublication.JobStatus(0, "ARTICLE-9", ARTICLE_URL, null));
        assertThat(calls(GET)).isZero();
    }

    @Test
    void pollsWithinTheDailyQuotaAndKeepsAFinalOutcome() throws Exception {
        stubJob(0);

        assertThat(publication.jobStatus("2247503051")).contains(
                new WeChatPublication.JobStatus(0, "ARTICLE-1", ARTICLE_URL, null));
        assertThat(publication.jobStatus("2247503051")).isPresent();
        assertThat(calls(GET)).as("the second answer came from the database").isEqualTo(1);

        LocalDate today = LocalDate.of(2026, 3, 1);
        while (store.takeCall(APP_ID, "freepublish/get", today, WeChatPublication.POLL_QUOTA_PER_DAY)) {
            // spend the rest of today's quota
        }
        assertThat(publication.jobStatus("other-job")).isEmpty();
        assertThat(calls(GET)).isEqualTo(1);
    }

    @Test
    void givesUpOnAJobWithNoOutcomeAfterADay() throws Exception {
        DeliveryProgress progress = DeliveryProgress.inMemory();
        awaiting(publication.publish(attempt(progress, 1)));
        clock.advance(WeChatPublication.GIVE_UP_WAITING_AFTER.plusMinutes(1));

        GiveUpException gaveUp = catchThrowableOfType(GiveUpException.class, () -> publication.publish(attempt(progress, 20)));

        assertThat(gaveUp).hasMessageContaining("has no outcome after 24h");
    }
}
