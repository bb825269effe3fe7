package org.tongfa.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tongfa.web.ApiTestSupport.JSON;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tongfa.support.TestDatabases;
import org.tongfa.web.ApiTestSupport;
import tools.jackson.databind.JsonNode;
import org.tongfa.support.TestColumns;

/**
 * Every answer carries {@code X-Content-Type-Options: nosniff}, {@code X-Frame-Options: DENY} and
 * {@code Referrer-Policy}; site pages carry a Content-Security-Policy that still lets them render in a
 * real Chromium (style sheet, style attributes, images), everything else a {@code default-src 'none'}
 * one. Checked on site pages, feeds, the WeChat callback's echo, the API and refusals.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        TestColumns.UNREVIEWED,
        "tongfa.node-id=headers-test",
        "tongfa.api.tokens.editor=" + SecurityHeadersIntegrationTest.TOKEN,
        "tongfa.delivery.poll-interval=200ms",
        "tongfa.channels.gzh.enabled=true",
        "tongfa.channels.gzh.app-id=wx0123456789abcdef",
        "tongfa.channels.gzh.secret=not-used-here",
        "tongfa.channels.gzh.api-host=http://127.0.0.1:9",
        "tongfa.channels.gzh.callback-token=" + SecurityHeadersIntegrationTest.CALLBACK_TOKEN,
})
class SecurityHeadersIntegrationTest {

    static final String TOKEN = "headers-test-token";
    static final String CALLBACK_TOKEN = "callbacktoken";
    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final int PORT = freePort();
    static final Path DIR = tempDir();

    static String item;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        // The site links its style sheet and images absolutely: let them point at this very server.
        registry.add("tongfa.public-base-url", () -> "http://localhost:" + PORT);
        registry.add("spring.datasource.url", TestDatabases::h2Url);
        registry.add("tongfa.data-directory", () -> DIR.resolve("data").toString());
        registry.add("tongfa.channels.archive.directory", () -> DIR.resolve("archive").toString());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("tongfa-headers");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path));
    }

    static HttpRequest.Builder api(String path) {
        return to(path).header("Authorization", "Bearer " + TOKEN);
    }

    /** One item with a cover image and a styled paragraph, published and rendered on the website. */
    @BeforeEach
    void publishAnItemWithACoverAndAStyledParagraphOnce() {
        if (item != null) {
            return;
        }
        String boundary = "b-" + UUID.randomUUID();
        HttpResponse<String> upload = send(api("/api/v1/assets")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(ApiTestSupport.multipart(boundary, "file", "cover.png",
                        "image/png", ApiTestSupport.png(40, 30, 3)))));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        Map<String, Object> request = ApiTestSupport.validItem();
        request.put("coverAssetId", JSON.readTree(upload.body()).path("id").asString());
        request.put("body", "<p style=\"text-align: center\">居中的段落</p><p>正文</p>");
        HttpResponse<String> created = send(api("/api/v1/items").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        item = JSON.readTree(created.body()).path("id").asString();
        assertThat(send(api("/api/v1/items/" + item + "/publish").POST(HttpRequest.BodyPublishers.noBody()))
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode deliveries = JSON.readTree(send(api("/api/v1/items/" + item + "/deliveries").GET()).body());
            return Stream.of("website", "feeds").allMatch(channel -> deliveries.valueStream().anyMatch(
                    d -> d.path("channel").asString().equals(channel) && d.path("status").asString().equals("DELIVERED")));
        });
    }

    static void assertCommonHeaders(HttpResponse<String> response) {
        String what = response.request().method() + " " + response.uri().getRawPath() + " -> " + response.statusCode();
        assertThat(response.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
        assertThat(response.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
    }

    static String policy(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Security-Policy").orElseThrow(() -> new AssertionError(
                "no Content-Security-Policy on " + response.uri()));
    }

    @Test
    void sitePagesCarryAPolicyThatAllowsTheirStyleImagesOwnScriptAndSearchFormOnly() {
        for (String path : List.of("/site/", "/site/items/" + item + ".html", "/site/elder/", "/site/site.css",
                "/site/no-such-page.html", "/site/search?q=%E9%80%9A%E7%9F%A5", "/site/elder/search")) {
            HttpResponse<String> page = send(to(path).GET());
            assertThat(page.statusCode()).as(path).isIn(200, 404);
            assertCommonHeaders(page);
            assertThat(policy(page)).as(path).contains("default-src 'none'", "style-src 'self' http://localhost:" + PORT,
                    "img-src 'self' http://localhost:" + PORT, "frame-ancestors 'none'", "base-uri 'none'",
                    "script-src 'self' http://localhost:" + PORT + ";", "form-action 'self' http://localhost:" + PORT)
                    .doesNotContain("unsafe-eval", "script-src-attr", "form-action 'none'")
                    .doesNotContainPattern("script-src [^;]*'unsafe-inline'");
        }
        assertThat(send(to("/site/items/" + item + ".html").GET()).statusCode()).isEqualTo(200);
    }

    @Test
    void sitePagesRenderUnderTheirPolicyInChromium() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is installed by .ci/run");
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            BrowserContext browser = playwright.chromium().launchPersistentContext(DIR.resolve("profile"),
                    new BrowserType.LaunchPersistentContextOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                            .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                                    "--no-first-run", "--disable-background-networking",
                                    "--disable-component-update", "--disable-sync")));
            try {
                Page page = browser.pages().isEmpty() ? browser.newPage() : browser.pages().get(0);
                List<String> violations = new ArrayList<>();
                page.onConsoleMessage(message -> {
                    if (message.text().contains("Content Security Policy")) {
                        violations.add(message.text());
                    }
                });
                page.navigate("http://localhost:" + PORT + "/site/items/" + item + ".html");
                page.waitForLoadState();

                assertThat(page.evaluate("() => getComputedStyle(document.querySelector('header')).backgroundColor"))
                        .as("the style sheet applied").isEqualTo("rgb(138, 28, 28)");
                assertThat(page.evaluate("() => getComputedStyle(document.querySelector('main p[style]')).textAlign"))
                        .as("a style attribute the sanitiser kept applied").isEqualTo("center");
                assertThat(page.evaluate("() => { const i = document.querySelector('.cover img');"
                        + " return i.complete && i.naturalWidth; }")).as("the cover image loaded").isEqualTo(40);
                assertThat(violations).isEmpty();
            } finally {
                browser.close();
            }
        }
    }

    @Test
    void feedsCarryTheHeadersAndAPolicyOfNothing() {
        HttpResponse<String> feed = send(to("/feeds/all.rss").GET());
        assertThat(feed.statusCode()).isEqualTo(200);
        assertCommonHeaders(feed);
        assertThat(policy(feed)).isEqualTo(SecurityHeaders.NONE);
        assertThat(feed.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");

        HttpResponse<String> again = send(to("/feeds/all.rss").header("If-None-Match",
                feed.headers().firstValue("ETag").orElseThrow()).GET());
        assertThat(again.statusCode()).isEqualTo(304);
        assertCommonHeaders(again);
    }

    @Test
    void theCallbackHandshakeEchoCannotBeSniffedIntoAPage() throws Exception {
        String echo = "<script>alert(1)</script>";
        String timestamp = "1700000000";
        String nonce = "n1";
        String[] parts = {CALLBACK_TOKEN, timestamp, nonce};
        java.util.Arrays.sort(parts);
        String signature = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest(String.join("", parts).getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        HttpResponse<String> answer = send(to("/wechat/gzh/callback?signature=" + signature + "&timestamp=" + timestamp
                + "&nonce=" + nonce + "&echostr=" + java.net.URLEncoder.encode(echo, "UTF-8")).GET());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(echo);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertCommonHeaders(answer);
        assertThat(policy(answer)).isEqualTo(SecurityHeaders.NONE);
    }

    @Test
    void apiAnswersAndRefusalsCarryTheHeaders() {
        HttpResponse<String> list = send(api("/api/v1/items").GET());
        assertThat(list.statusCode()).isEqualTo(200);
        assertCommonHeaders(list);
        assertThat(policy(list)).isEqualTo(SecurityHeaders.NONE);
        assertThat(list.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("no-store"));

        HttpResponse<String> refused = send(to("/api/v1/items").GET());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertCommonHeaders(refused);

        HttpResponse<String> image = send(to("/assets/00000000-0000-4000-8000-000000000000").GET());
        assertThat(image.statusCode()).isEqualTo(404);
        assertCommonHeaders(image);
    }

    @Test
    void aRequestTheFirewallRejectsIs400ProblemJsonWithNosniff() {
        HttpResponse<String> rejected = send(to("/api;x/v1/items").GET());

        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(rejected.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(JSON.readTree(rejected.body()).path("status").asInt()).isEqualTo(400);
        assertThat(rejected.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
}
