package org.tongfa.channel.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.tongfa.channel.webhook.WebhookTestSupport.PREFIX;
import static org.tongfa.channel.webhook.WebhookTestSupport.SECRET;
import static org.tongfa.channel.webhook.WebhookTestSupport.config;
import static org.tongfa.channel.webhook.WebhookTestSupport.dispatch;
import static org.tongfa.channel.webhook.WebhookTestSupport.expectedSignature;
import static org.tongfa.channel.webhook.WebhookTestSupport.publish;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Dns;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import org.tongfa.net.PrivateNetworkGuard;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.DeliveryFailure.Reason;
import org.tongfa.delivery.DeliveryReceipt;
import org.tongfa.delivery.GiveUpException;
import org.tongfa.delivery.RetryLaterException;
import org.tongfa.net.PrivateNetworkGuard;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WebhookChannelTest {

    @RegisterExtension
    static final WireMockExtension receiver = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private static final String PATH = "/hooks/tongfa";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebhookChannelFactory factory =
            new WebhookChannelFactory(Clock.fixed(NOW, ZoneOffset.UTC), Dns.SYSTEM);
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeChannels() throws Exception {
        for (AutoCloseable channel : opened) {
            channel.close();
        }
    }

    /** A channel at the loopback receiver; loopback needs allow-private-network. */
    private WebhookChannel channel(String... extraSettings) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("url", "http://127.0.0.1:" + receiver.getPort() + PATH);
        settings.put("secret", SECRET);
        settings.put("allow-private-network", "true");
        for (int i = 0; i < extraSettings.length; i += 2) {
            settings.put(extraSettings[i], extraSettings[i + 1]);
        }
        WebhookChannel channel = (WebhookChannel) factory.create(config(settings));
        opened.add(channel);
        return channel;
    }

    private static List<LoggedRequest> received() {
        return receiver.findAll(postRequestedFor(urlEqualTo(PATH)));
    }

    private static LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = received();
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private static JsonNode body(LoggedRequest request) {
        return JSON.readTree(request.getBody());
    }

    private static void assertSignedWithTheSecret(LoggedRequest request) throws Exception {
        assertThat(request.getHeader("webhook-signature")).isEqualTo(expectedSignature(
                SECRET.getBytes(StandardCharsets.UTF_8), request.getHeader("webhook-id"),
                request.getHeader("webhook-timestamp"), request.getBody()));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    @Test
    void signsEachRequestSoTheReceiverCanVerifyIt() throws Exception {
        receiver.stubFor(post(PATH).willReturn(okJson("{\"id\":\"np-88\",\"url\":\"https://np.example/a/88\"}")));

        DeliveryReceipt receipt = channel().deliver(publish());

        assertThat(receipt).isEqualTo(new DeliveryReceipt("np-88", "https://np.example/a/88"));
        LoggedRequest request = onlyRequest();
        assertThat(request.getHeader("webhook-id")).isEqualTo("dlv-1001-key");
        assertThat(request.getHeader("webhook-timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader("User-Agent")).isEqualTo("Tongfa-Webhook/1");
        assertSignedWithTheSecret(request);

        JsonNode body = body(request);
        assertThat(body.get("type").asString()).isEqualTo("item.published");
        assertThat(body.get("timestamp").asString()).isEqualTo("2026-03-01T09:00:00Z");
        JsonNode data = body.get("data");
        assertThat(fieldNames(data)).isEqualTo(WebhookPayload.ITEM_FIELDS);
        assertThat(data.get("itemId").asString()).isEqualTo("item-42");
        assertThat(data.get("version").asInt()).isEqualTo(3);
        assertThat(data.get("title").asString()).isEqualTo("关于春季防汛工作的通知");
        assertThat(data.get("cover").get("url").asString()).isEqualTo("https://cdn.example/a1.png");
        assertThat(data.get("images").get(0).get("alt").asString()).isEqualTo("堤坝");
        assertThat(data.get("related").get(0).get("relation").asString()).isEqualTo("INTERPRETED_BY");
        assertThat(data.get("publishedAt").asString()).isEqualTo("2026-03-01T08:00:00Z");
        assertThat(data.get("expireAt").isNull()).isTrue();
    }

    @Test
    void aTamperedBodyNoLongerMatchesTheSignature() throws Exception {
        receiver.stubFor(post(PATH).willReturn(aResponse().withStatus(204)));
        channel().deliver(publish());
        LoggedRequest request = onlyRequest();

        byte[] tampered = request.getBodyAsString().replace("item-42", "item-43").getBytes(StandardCharsets.UTF_8);

        assertThat(request.getHeader("webhook-signature")).isNotEqualTo(expectedSignature(
                SECRET.getBytes(StandardCharsets.UTF_8), request.getHeader("webhook-id"),
                request.getHeader("webhook-timestamp"), tampered));
    }

    @Test
    void retriesAfterServerError() {
        receiver.stubFor(post(PATH).willReturn(aResponse().withStatus(500).withBody("database down")));

        RetryLaterException e = catchThrowableOfType(RetryLaterException.class, () -> channel().deliver(publish()));

        assertThat(e.getMessage()).contains("HTTP 500").contains("database down");
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.reason()).isEqualTo(Reason.TRANSIENT);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource({"408", "502", "503", "504"})
    void retriesOtherTransientStatuses(int status) {
        receiver.stubFor(post(PATH).willReturn(aResponse().withStatus(status)));

        RetryLaterException e = catchThrowableOfType(RetryLaterException.class, () -> channel().deliver(publish()));

        assertThat(e.getMessage()).contains("HTTP " + status);
    }

    @Test
    void honoursRetryAfterOn429() {
        receiver.stubFor(post(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

        RetryLaterException e = catchThrowableOfType(RetryLaterException.class, () -> channel().deliver(publish()));

        assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
        assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
    }

    @Test
    void honoursRetryAfterAsAnHttpDateOn503() {
        receiver.stubFor(post(PATH).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "Sun, 01 Mar 2026 09:05:00 GMT")));

        RetryLaterException e = catchThrowableOfType(RetryLaterException.class, () -> channel().deliver(publish()));

        assertThat(e.retryAfter()).contains(Duration.ofMinutes(5));
    }

    @Test
    void ignoresAnUnreadableRetryAfter() {
        receiver.stubFor(post(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "later")));

        RetryLaterException e = catchThrowableOfType(RetryLaterException.class, () -> channel().deliver(publish()));

        assertThat(e.retryAfter()).isEmpty();
    }

    @Test
    void goneDisablesTheChannel() {
        receiver.stubFor(post(PATH).willReturn(aResponse().withStatus(410)));

        GiveUpException e = catchThrowableOfType(GiveUpException.class, () -> channel().deliver(publish()));

        assertThat(e.reason()).isEqualTo(Reason.PARTNER_GONE);
        assertThat(e.getMessage()).contains("HTTP 410");
    }

    @Test
    void clientErrorGivesUpWithTheReceiversReason() {
        receiver.stubFor(post(PATH).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"about:blank\",\"title\":\"Unprocessable\",\"detail\":\"title too long\"}")));

        GiveUpException e = catchThrowableOfType(GiveUpException.class, () -> channel().deliver(publish()));

        assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
        assertThat(e.getMessage()).contains("HTTP 422").contains("title too long").doesNotContain(SECRET);
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "400 | application/json          | {\"message\":\"missing column\"}              | missing column",
            "400 | application/json          | {\"error\":\"bad_payload\"}                   | bad_payload",
            "400 | application/json          | {\"error\":{\"message\":\"nested reason\"}}   | nested reason",
            "401 | application/problem+json  | {\"title\":\"Invalid signature\"}             | Invalid signature",
            "403 | text/plain                | '  not\n allowed  '                           | not allowed",
            "404 | text/html                 | <html><body><h1>No such hook</h1></body></html> | No such hook"})
    void clientErrorReasonComesFromTheBody(int status, String type, String body, String reason) {
        receiver.stubFor(post(PATH).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", type).withBody(body)));

        GiveUpException e = catchThrowableOfType(GiveUpException.class, () -> channel().deliver(publish()));

        assertThat(e.getMessage()).contains("HTTP " + status).endsWith(": " + reason);
    }

    @Test
    void aLongTextReasonIsCutTo200Characters() {
        receiver.stubFor(post(PATH).willReturn(aResponse().withStatus(400).withBody("x".repeat(5000))));

        GiveUpException e = catchThrowableOfType(GiveUpException.class, () -> channel().deliver(publish()));

        String reason = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
        assertThat(reason).hasSize(200).endsWith("…");
    }

    @Test
    void timeoutIsRetriedWithOutcomeUnknown() {
        receiver.stubFor(post(PATH).willReturn(okJson("{\"id\":\"late\"}").withFixedDelay(3_000)));

        RetryLaterException e = catchThrowableOfType(RetryLaterException.class,
                () -> channel("timeout", "300ms").deliver(publish()));

        assertThat(e.reason()).isEqualTo(Reason.OUTCOME_UNKNOWN);
        assertThat(e.getMessage()).contains("timed out");
    }

    @Test
    void garbageResponseBodyStillDelivers() throws Exception {
        receiver.stubFor(post(PATH).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>thanks!</html>{not json")));

        assertThat(channel().deliver(publish())).isEqualTo(new DeliveryReceipt(null, null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty 202       | ''",
            "JSON array      | [1,2,3]",
            "JSON string     | \"ok\"",
            "id is an object | {\"id\":{\"x\":1},\"url\":true}"})
    void answersWithoutAUsableIdStillDeliver(String description, String body) throws Exception {
        receiver.stubFor(post(PATH).willReturn(aResponse().withStatus(202).withBody(body)));

        assertThat(channel().deliver(publish())).isEqualTo(new DeliveryReceipt(null, null));
    }

    @Test
    void connectionRefusedIsRetried() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        WebhookChannel channel = channel("url", "http://127.0.0.1:" + closedPort + PATH);

        RetryLaterException e = catchThrowableOfType(RetryLaterException.class, () -> channel.deliver(publish()));

        // Nothing left this machine, so the receiver cannot have acted.
        assertThat(e.reason()).isEqualTo(Reason.TRANSIENT);
        assertThat(e.getCause()).isInstanceOf(IOException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "RANDOM_DATA_THEN_CLOSE"})
    void aBrokenConnectionAfterSendingIsRetriedWithOutcomeUnknown(Fault fault) {
        receiver.stubFor(post(PATH).willReturn(aResponse().withFault(fault)));

        RetryLaterException e = catchThrowableOfType(RetryLaterException.class, () -> channel().deliver(publish()));

        assertThat(e.reason()).isEqualTo(Reason.OUTCOME_UNKNOWN);
        assertThat(received()).hasSize(1);
    }

    @Test
    void redirectIsNotFollowed() {
        receiver.stubFor(post(PATH).willReturn(aResponse().withStatus(307).withHeader("Location", "/elsewhere")));
        receiver.stubFor(post("/elsewhere").willReturn(okJson("{\"id\":\"wrong\"}")));

        GiveUpException e = catchThrowableOfType(GiveUpException.class, () -> channel().deliver(publish()));

        assertThat(e.getMessage()).contains("HTTP 307").contains("/elsewhere").contains(PREFIX + ".url");
        assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
        assertThat(received()).hasSize(1);
        receiver.verify(0, postRequestedFor(urlEqualTo("/elsewhere")));
    }

    @Test
    void sameDeliveryKeepsItsWebhookIdAcrossAttempts() throws Exception {
        receiver.stubFor(post(PATH).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        receiver.stubFor(post(PATH).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(okJson("{\"id\":\"np-1\"}")));
        WebhookChannel channel = channel();

        catchThrowableOfType(RetryLaterException.class, () -> channel.deliver(dispatch(Action.PUBLISH, 1, null)));
        DeliveryReceipt receipt = channel.deliver(dispatch(Action.PUBLISH, 2, null));

        assertThat(receipt.remoteId()).isEqualTo("np-1");
        List<LoggedRequest> requests = received();
        assertThat(requests).hasSize(2)
                .extracting(r -> r.getHeader("webhook-id")).containsOnly("dlv-1001-key");
        for (LoggedRequest request : requests) {
            assertSignedWithTheSecret(request);
        }
    }

    @Test
    void anIdempotencyKeyUnfitForAHeaderGivesUpWithoutSending() {
        org.tongfa.delivery.Dispatch odd = new org.tongfa.delivery.Dispatch(1002, "key with spaces\n", Action.PUBLISH,
                1, WebhookTestSupport.item(), null, assetId -> new byte[0]);

        GiveUpException e = catchThrowableOfType(GiveUpException.class, () -> channel().deliver(odd));

        assertThat(e.getMessage()).contains("1002").contains("webhook-id");
        assertThat(received()).isEmpty();
    }

    @Test
    void sendsOnlyConfiguredFields() throws Exception {
        receiver.stubFor(post(PATH).willReturn(aResponse().withStatus(204)));

        channel("fields", "tags,title").deliver(publish());

        JsonNode data = body(onlyRequest()).get("data");
        assertThat(fieldNames(data)).containsExactly("itemId", "version", "title", "tags");
        assertThat(data.get("tags").get(0).asString()).isEqualTo("防汛");
    }

    @Test
    void refusesLoopbackUnlessAllowed() throws Exception {
        receiver.stubFor(post(PATH).willReturn(okJson("{\"id\":\"np-2\"}")));
        // A host name, not a literal, so the refusal happens at resolution time as it would for rebinding.
        String url = "http://localhost:" + receiver.getPort() + PATH;

        GiveUpException e = catchThrowableOfType(GiveUpException.class,
                () -> channel("url", url, "allow-private-network", "false").deliver(publish()));

        assertThat(e.getMessage()).contains("localhost").contains(PREFIX + ".allow-private-network");
        assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
        assertThat(received()).isEmpty();

        assertThat(channel("url", url, "allow-private-network", "true").deliver(publish()).remoteId())
                .isEqualTo("np-2");
    }

    /**
     * Loopback written every way a URL can write it. Each is refused, at configuration or at
     * connection time, by the guard and naming its key (not by a resolver that happens to fail), and
     * the receiver on 127.0.0.1 never sees a request.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"127.0.0.1.", "localhost.", "2130706433", "0x7f.1", "0x7f000001", "0177.0.0.1",
            "017700000001", "127.1", "127.000.000.001", "[::1]", "[::127.0.0.1]", "[::ffff:127.0.0.1]",
            "[::ffff:0:127.0.0.1]", "[64:ff9b::7f00:1]", "[64:ff9b:1::7f00:1]", "[2002:7f00:1::1]", "0.0.0.0",
            "[::]"})
    void refusesLoopbackInAnySpelling(String host) {
        receiver.stubFor(post(PATH).willReturn(okJson("{\"id\":\"np-x\"}")));
        String url = "http://" + host + ":" + receiver.getPort() + PATH;
        Throwable refused = catchThrowable(() -> channel("url", url, "allow-private-network", "false").deliver(publish()));

        assertThat(refused).as(url).isNotNull();
        if (refused instanceof InvalidConfigurationException config) {
            assertThat(config.key()).isEqualTo(PREFIX + ".url");
        } else {
            assertThat(refused).isInstanceOf(GiveUpException.class)
                    .hasMessageContaining(PREFIX + ".allow-private-network");
        }
        assertThat(received()).isEmpty();
    }

    @Test
    void refusesAnIpLiteralAtConnectionTimeToo() throws Exception {
        // OkHttp skips Dns for IP literals, so the guard's sockets have to catch them, before connecting.
        PrivateNetworkGuard guard = new PrivateNetworkGuard(PREFIX + ".allow-private-network", Dns.SYSTEM);
        OkHttpClient client = guard.apply(new OkHttpClient.Builder(), false).build();
        Request request = new Request.Builder().url("http://127.0.0.1:" + receiver.getPort() + PATH)
                .post(RequestBody.create(new byte[0], MediaType.get("application/json"))).build();

        IOException e = catchThrowableOfType(IOException.class, () -> client.newCall(request).execute().close());

        assertThat(PrivateNetworkGuard.findRefusal(e)).isNotNull();
        assertThat(received()).isEmpty();
        client.connectionPool().evictAll();
    }

    @Test
    void retractionIsItsOwnSignedEvent() throws Exception {
        receiver.stubFor(post(PATH).willReturn(aResponse().withStatus(200)));

        DeliveryReceipt receipt = channel("fields", "title").deliver(dispatch(Action.RETRACT, 1, "np-88"));

        LoggedRequest request = onlyRequest();
        assertSignedWithTheSecret(request);
        JsonNode body = body(request);
        assertThat(body.get("type").asString()).isEqualTo("item.retracted");
        JsonNode data = body.get("data");
        assertThat(fieldNames(data)).containsExactly("itemId", "version", "previousRemoteId", "retractedAt");
        assertThat(data.get("previousRemoteId").asString()).isEqualTo("np-88");
        assertThat(data.get("retractedAt").asString()).isEqualTo("2026-03-01T09:00:00Z");
        // No id in the answer: the retracted item keeps the id it had.
        assertThat(receipt.remoteId()).isEqualTo("np-88");
    }

    @Test
    void updateCarriesPreviousRemoteId() throws Exception {
        receiver.stubFor(post(PATH).willReturn(okJson("{\"url\":\"https://np.example/a/88\"}")));

        DeliveryReceipt receipt = channel().deliver(dispatch(Action.UPDATE, 1, "np-88"));

        JsonNode body = body(onlyRequest());
        assertThat(body.get("type").asString()).isEqualTo("item.updated");
        assertThat(body.get("data").get("previousRemoteId").asString()).isEqualTo("np-88");
        assertThat(body.get("data").get("title").asString()).isEqualTo("关于春季防汛工作的通知");
        assertThat(receipt).isEqualTo(new DeliveryReceipt("np-88", "https://np.example/a/88"));
    }

    @Test
    void remoteIdFromNestedField() throws Exception {
        receiver.stubFor(post(PATH).willReturn(okJson(
                "{\"code\":0,\"data\":{\"article\":{\"id\":1234567,\"link\":\"https://portal.example/1234567\"}}}")));

        DeliveryReceipt receipt = channel("remote-id-field", "data.article.id", "remote-url-field", "data.article.link")
                .deliver(publish());

        assertThat(receipt).isEqualTo(new DeliveryReceipt("1234567", "https://portal.example/1234567"));
    }

    @Test
    void neverLogsTheSecretOrTheBody() throws Exception {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(WebhookChannel.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level previous = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(appender);
        try {
            receiver.stubFor(post(PATH).willReturn(okJson("{\"id\":\"np-3\"}")));
            channel().deliver(publish());
            receiver.stubFor(post(PATH).willReturn(aResponse().withStatus(400).withBody("no")));
            catchThrowableOfType(GiveUpException.class, () -> channel().deliver(publish()));
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(previous);
        }

        assertThat(appender.list).isNotEmpty().allSatisfy(event -> assertThat(event.getFormattedMessage())
                .doesNotContain(SECRET).doesNotContain("关于春季防汛工作的通知").doesNotContain("<p>正文</p>"));
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                .contains("Delivered 1001 to nanfang: HTTP 200");
    }
}
