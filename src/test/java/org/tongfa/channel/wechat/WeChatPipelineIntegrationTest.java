package org.tongfa.channel.wechat;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tongfa.channel.wechat.WeChatTestSupport.APP_ID;
import static org.tongfa.channel.wechat.WeChatTestSupport.SECRET;
import static org.tongfa.channel.wechat.WeChatTestSupport.TOKEN;
import static org.tongfa.channel.wechat.WeChatTestSupport.sign;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertySource;
import org.tongfa.asset.AssetStore;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.Delivery;
import org.tongfa.delivery.DeliveryLedger;
import org.tongfa.delivery.DeliveryStatus;
import org.tongfa.support.ImageBombs;
import org.tongfa.support.TestDatabases;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.tongfa.support.TestColumns;

/**
 * The WeChat channel in the real pipeline: an item created and published through the API travels the
 * Camel routes to a WeChat played by WireMock, waits for the publication job, and is completed by the
 * signed {@code PUBLISHJOBFINISH} callback, leaving its article URL in the ledger.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        TestColumns.UNREVIEWED,
        "tongfa.node-id=wechat-pipeline-test",
        "tongfa.api.tokens.editor=test-token",
        "tongfa.delivery.poll-interval=200ms",
        "tongfa.delivery.short-retry-delay=20ms",
})
class WeChatPipelineIntegrationTest {

    static final WireMockServer wire = new WireMockServer(wireMockConfig().dynamicPort());
    static final Path dir;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String ARTICLE_URL = "https://mp.weixin.qq.com/s/pipeline-article";
    private static final String SAFE_APP_ID = "wx00000000000000aa";

    static {
        wire.start();
        try {
            dir = Files.createTempDirectory("tongfa-wechat-pipeline");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabases::h2Url);
        registry.add("tongfa.data-directory", () -> dir.toString());
        registry.add("tongfa.channels.archive.directory", () -> dir.resolve("archive").toString());
        String p = "tongfa.channels.gzh.";
        registry.add(p + "type", () -> "wechat");
        // config/application.yml ships this channel disabled
        registry.add(p + "enabled", () -> "true");
        registry.add(p + "app-id", () -> APP_ID);
        registry.add(p + "secret", () -> SECRET);
        registry.add(p + "api-host", wire::baseUrl);
        registry.add(p + "callback-token", () -> TOKEN);
        registry.add(p + "timeout", () -> "2s");
        registry.add(p + "retry-schedule", () -> "0s,300ms,300ms");
        // A second account in safe mode (安全模式): it takes encrypted callbacks only.
        String safe = "tongfa.channels.gzhsafe.";
        registry.add(safe + "type", () -> "wechat");
        registry.add(safe + "app-id", () -> SAFE_APP_ID);
        registry.add(safe + "secret", () -> SECRET);
        registry.add(safe + "api-host", wire::baseUrl);
        registry.add(safe + "callback-token", () -> TOKEN);
        registry.add(safe + "encoding-aes-key", () -> WeChatTestSupport.AES_KEY);
    }

    @LocalServerPort
    int port;
    @Autowired
    AssetStore assets;
    @Autowired
    DeliveryLedger ledger;
    @Autowired
    JdbcClient jdbc;

    @AfterAll
    static void stopWire() {
        wire.stop();
    }

    @BeforeEach
    void stubWeChat() {
        wire.resetAll();
        wire.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
                .willReturn(okJson("{\"access_token\":\"ACCESS-TOKEN-1\",\"expires_in\":7200}")));
        wire.stubFor(post(urlPathEqualTo("/cgi-bin/media/uploadimg"))
                .willReturn(okJson("{\"url\":\"http://mmbiz.qpic.cn/mmbiz_png/pipeline/0\"}")));
        wire.stubFor(post(urlPathEqualTo("/cgi-bin/material/add_material"))
                .willReturn(okJson("{\"media_id\":\"THUMB-P\",\"url\":\"http://mmbiz.qpic.cn/thumb/p\"}")));
        wire.stubFor(post(urlPathEqualTo("/cgi-bin/draft/add")).willReturn(okJson("{\"media_id\":\"DRAFT-P\"}")));
        wire.stubFor(post(urlPathEqualTo("/cgi-bin/freepublish/submit"))
                .willReturn(okJson("{\"errcode\":0,\"errmsg\":\"ok\",\"publish_id\":\"880001\"}")));
    }

    @Test
    void publishesAnItemWithImagesAndCompletesItOnTheCallback() throws Exception {
        String image = assets.store(WeChatTestSupport.PNG, "dam.png", "test").id();
        String cover = assets.store(WeChatTestSupport.COVER, "cover.png", "test").id();
        Map<String, Object> item = item("汛期安全提示", "<p>注意安全</p><p><img src=\"/assets/" + image + "\" alt=\"堤坝\"></p>");
        item.put("coverAssetId", cover);
        String id = JSON.readTree(api("POST", "/api/v1/items", item).body()).get("id").asString();

        assertThat(api("POST", "/api/v1/items/" + id + "/publish", null).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> row(id).lastError() != null
                && row(id).lastError().contains("awaiting PUBLISHJOBFINISH"));
        assertThat(row(id).status()).isEqualTo(DeliveryStatus.PENDING);

        HttpResponse<String> callback = callback(TOKEN, finished("880001"));
        assertThat(callback.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> row(id).status() == DeliveryStatus.DELIVERED);
        Delivery delivered = row(id);
        assertThat(delivered.remoteUrl()).isEqualTo(ARTICLE_URL);
        assertThat(delivered.remoteId()).isEqualTo("ARTICLE-P");
        assertThat(wire.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/freepublish/submit")))).hasSize(1);
        assertThat(wire.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/freepublish/get")))).isEmpty();
        String draft = wire.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/draft/add"))).get(0).getBodyAsString();
        assertThat(draft).contains("http://mmbiz.qpic.cn/mmbiz_png/pipeline/0").doesNotContain("/assets/");
    }

    @Test
    void aDecompressionBombStoredBeforeUploadsWereCheckedFailsItsDeliveryOnceWithAClearReason() throws Exception {
        // 10000 x 10000 RGBA at 16 bits (800 MB decoded), put in the asset table directly: the upload
        // refuses it now, but a row stored before that check must not bring a node down either.
        byte[] bomb = ImageBombs.png(10_000, 10_000, 16, ImageBombs.RGBA, 1, 1_100_000);
        String cover = UUID.randomUUID().toString();
        jdbc.sql("INSERT INTO asset (id, sha256, content_type, size_bytes, width, height, filename, data, created_at, "
                        + "created_by) VALUES (:id, :sha, 'image/png', :size, 10000, 10000, 'bomb.png', :data, :now, 'legacy')")
                .param("id", cover).param("sha", WeChatTestSupport.sha256(bomb)).param("size", bomb.length)
                .param("data", bomb).param("now", OffsetDateTime.now(ZoneOffset.UTC)).update();
        Map<String, Object> item = item("汛期安全提示（封面）", "<p>注意安全</p>");
        item.put("coverAssetId", cover);
        String id = JSON.readTree(api("POST", "/api/v1/items", item).body()).get("id").asString();

        assertThat(api("POST", "/api/v1/items/" + id + "/publish", null).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> row(id).status() == DeliveryStatus.FAILED);

        Delivery failed = row(id);
        assertThat(failed.lastError()).contains("10000x10000").contains("replace it");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(wire.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/material/add_material")))).isEmpty();
        assertThat(wire.findAll(postRequestedFor(urlPathEqualTo("/cgi-bin/draft/add")))).isEmpty();
    }

    @Test
    void refusesCallbacksWithABadSignature() throws Exception {
        assertThat(callback("notTheToken", finished("880001")).statusCode()).isEqualTo(403);
    }

    @Test
    void answersTheHandshakeEchoWithoutAnApiTokenAsPlainTextThatIsNeverSniffed() throws Exception {
        String query = "signature=" + sign(TOKEN, "1700000000", "n2") + "&timestamp=1700000000&nonce=n2"
                + "&echostr=%3Cscript%3Ealert(1)%3C/script%3E";
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri("/wechat/gzh/callback?" + query)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("<script>alert(1)</script>");
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/plain"));
        assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void aReplayedCallbackIsRefusedTheSecondTime() throws Exception {
        String timestamp = Long.toString(java.time.Instant.now().getEpochSecond());
        String query = "signature=" + sign(TOKEN, timestamp, "replay42") + "&timestamp=" + timestamp + "&nonce=replay42";

        HttpResponse<String> first = postXml("/wechat/gzh/callback?" + query, finished("990001"));
        HttpResponse<String> again = postXml("/wechat/gzh/callback?" + query, finished("990001"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void safeModeAcceptsAnEncryptedPublishJobFinishedAndRefusesATamperedOne() throws Exception {
        jdbc.sql("INSERT INTO wechat_publish_job (app_id, publish_id, item_id, item_version, delivery_id, submitted_at) "
                        + "VALUES (:app, '770001', 'item-safe', 1, 424242, :now)")
                .param("app", SAFE_APP_ID).param("now", OffsetDateTime.now(ZoneOffset.UTC)).update();
        String timestamp = Long.toString(java.time.Instant.now().getEpochSecond());
        String body = WeChatTestSupport.encrypted(finished("770001"), SAFE_APP_ID);
        String encrypt = WeChatTestSupport.encryptOf(body);
        String tampered = body.replace(encrypt, new StringBuilder(encrypt).reverse().toString());

        HttpResponse<String> refused = postXml("/wechat/gzhsafe/callback?" + safeQuery(timestamp, "s1", encrypt), tampered);
        HttpResponse<String> plain = postXml("/wechat/gzhsafe/callback?signature=" + sign(TOKEN, timestamp, "s2")
                + "&timestamp=" + timestamp + "&nonce=s2", finished("770001"));
        HttpResponse<String> accepted = postXml("/wechat/gzhsafe/callback?" + safeQuery(timestamp, "s3", encrypt), body);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(plain.statusCode()).isEqualTo(403);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT article_url FROM wechat_publish_result WHERE app_id = :app AND publish_id = '770001'")
                .param("app", SAFE_APP_ID).query(String.class).optional()).hasValue(ARTICLE_URL);
    }

    private static String safeQuery(String timestamp, String nonce, String encrypt) {
        return "signature=" + sign(TOKEN, timestamp, nonce) + "&timestamp=" + timestamp + "&nonce=" + nonce
                + "&openid=oUser&encrypt_type=aes&msg_signature="
                + WeChatTestSupport.msgSignature(TOKEN, timestamp, nonce, encrypt);
    }

    private HttpResponse<String> postXml(String path, String xml) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(xml)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusesAnItemTooLongForWeChatUnlessItCarriesAWeChatOverride() throws Exception {
        String longTitle = "关于印发本市二〇二六年中小企业数字化转型试点城市建设工作实施方案的通知及其配套措施说明";
        HttpResponse<String> refused = api("POST", "/api/v1/items", item(longTitle, "<p>正文</p>"));

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode errors = JSON.readTree(refused.body()).get("errors");
        assertThat(errors.get(0).get("field").asString()).isEqualTo("title");
        assertThat(errors.get(0).get("message").asString()).contains("gzh").contains("32");

        Map<String, Object> withOverride = item(longTitle, "<p>正文</p>");
        withOverride.put("overrides", Map.of("gzh", Map.of("title", "中小企业数字化转型试点实施方案")));
        assertThat(api("POST", "/api/v1/items", withOverride).statusCode()).isEqualTo(201);
    }

    private Delivery row(String itemId) {
        return ledger.forItem(itemId).stream().filter(d -> d.channel().equals("gzh") && d.action() == Action.PUBLISH)
                .reduce((a, b) -> b).orElseThrow();
    }

    private static Map<String, Object> item(String title, String body) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("title", title);
        item.put("summary", "汛期提示");
        item.put("body", body);
        item.put("department", "市应急管理局");
        item.put("column", "news");
        item.put("disclosure", Map.of("type", "PROACTIVE"));
        item.put("indexNumber", "11440100-2026-00999");
        item.put("channels", List.of("gzh"));
        return item;
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> api(String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer test-token")
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> callback(String token, String xml) throws Exception {
        String timestamp = Long.toString(java.time.Instant.now().getEpochSecond());
        String query = "signature=" + sign(token, timestamp, "nonce1") + "&timestamp=" + timestamp + "&nonce=nonce1";
        return HTTP.send(HttpRequest.newBuilder(uri("/wechat/gzh/callback?" + query))
                .header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(xml)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String finished(String publishId) {
        return "<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[mphelper]]></FromUserName>"
                + "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[PUBLISHJOBFINISH]]></Event><PublishEventInfo><publish_id>" + publishId
                + "</publish_id><publish_status>0</publish_status><article_id><![CDATA[ARTICLE-P]]></article_id>"
                + "<article_detail><count>1</count><item><idx>1</idx><article_url><![CDATA[" + ARTICLE_URL
                + "]]></article_url></item></article_detail></PublishEventInfo></xml>";
    }
}
