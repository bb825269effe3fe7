package org.tongfa.channel.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.tongfa.TongfaApplication;
import tools.jackson.databind.json.JsonMapper;
import org.tongfa.support.TestColumns;

/**
 * The kiosk player in a real headless Chromium (Debian's, driven by Playwright; the {@code ./test}
 * command installs it): it rotates the items of its feed, an EMERGENCY item takes over within one poll
 * interval, and when the service stops it keeps showing what it had with an offline mark, then
 * catches up when the service returns on the same address. With polls a minute apart, an emergency and
 * its retraction come down the push stream within two seconds; the header names the bureau and the
 * place, an emergency its issuer and time, a portrait screen fills its height, and the offline mark
 * never covers the item counter.
 */
class PlayerChromiumTest {

    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final String KEY = "chromium-test-key-0123456789";
    static final String TOKEN = "test-token";
    static final int POLL_SECONDS = 2;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    final String db = "jdbc:h2:mem:player-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    int port;
    ConfigurableApplicationContext app;
    Playwright playwright;
    BrowserContext browser;

    ConfigurableApplicationContext start(String... extra) {
        List<String> props = new java.util.ArrayList<>(List.of(
                "server.port=" + port,
                "spring.datasource.url=" + db,
                "spring.datasource.username=sa",
                "spring.datasource.password=",
                "tongfa.data-directory=" + dir.resolve("data"),
                "tongfa.channels.archive.directory=" + dir.resolve("archive"),
                "tongfa.api.tokens.editor=" + TOKEN,
                "tongfa.node-id=player-test",
                "tongfa.delivery.poll-interval=200ms",
                "tongfa.screens.lobby.key=" + KEY,
                "tongfa.screens.lobby.poll-seconds=" + POLL_SECONDS,
                "tongfa.screens.lobby.item-seconds=3",
                "tongfa.screens.lobby.dayparts[0]=DAILY 00:00-24:00",
                "spring.quartz.properties.org.quartz.scheduler.instanceName=player-" + Integer.toHexString(db.hashCode())));
        TestColumns.unreviewed().forEach((k, v) -> props.add(k + "=" + v));
        for (String setting : extra) {
            // Given twice on the command line, a value would become a list: the extra one replaces the default.
            props.removeIf(p -> p.startsWith(setting.substring(0, setting.indexOf('=') + 1)));
            props.add(setting);
        }
        return new SpringApplicationBuilder(TongfaApplication.class)
                .run(props.stream().map(p -> "--" + p).toArray(String[]::new));
    }

    @AfterEach
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (app != null) {
            app.close();
        }
    }

    String api(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return response.body();
    }

    String publish(String title, String priority) throws Exception {
        return publish(title, "摘要：" + title, "市工业和信息化局", priority);
    }

    String publish(String title, String summary, String department, String priority) throws Exception {
        String body = JSON.writeValueAsString(Map.of("title", title, "summary", summary, "body", "<p>正文</p>",
                "department", department, "column", "notices", "disclosure", Map.of("type", "PROACTIVE"),
                "indexNumber", "11440100-2026-" + Math.abs(title.hashCode() % 100000), "priority", priority));
        String id = JSON.readTree(api("POST", "/api/v1/items", body)).path("id").asString();
        api("POST", "/api/v1/items/" + id + "/publish", null);
        return id;
    }

    Page launch() {
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launchPersistentContext(dir.resolve("profile"),
                new BrowserType.LaunchPersistentContextOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                        .setViewportSize(1920, 1080)
                        .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                                "--disable-sync")));
        return browser.pages().isEmpty() ? browser.newPage() : browser.pages().get(0);
    }

    String state(Page page, String expression) {
        Object value = page.evaluate(expression);
        return value == null ? null : value.toString();
    }

    @Test
    void rotatesTakesOverForAnEmergencyAndKeepsPlayingWhileTheServiceIsDown() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("Chromium at " + CHROMIUM + " (the ./test command installs it)").isTrue();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        app = start();
        String first = publish("第一条：办事大厅开放时间调整", "NORMAL");
        String second = publish("第二条：医保业务迁至二楼办理", "NORMAL");

        Page page = launch();
        page.navigate("http://localhost:" + port + "/display/screens/lobby#key=" + KEY);

        // Rotation: both items come on screen in turn (3 s each).
        Set<String> seen = new HashSet<>();
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            seen.add(state(page, "() => document.body.dataset.itemId"));
            return seen.containsAll(Set.of(first, second));
        });
        assertThat(state(page, "() => document.body.dataset.mode")).isEqualTo("NORMAL");

        // Emergency: takes the screen over within one poll interval of being delivered.
        String alarm = publish("暴雨红色预警：请勿前往低洼地带", "EMERGENCY");
        await().atMost(Duration.ofSeconds(15)).until(() -> api("GET", "/api/v1/items/" + alarm + "/deliveries", null)
                .matches("(?s).*\"channel\":\"display\".*?\"status\":\"DELIVERED\".*"));
        long delivered = System.nanoTime();
        await().pollInSameThread().atMost(Duration.ofSeconds(POLL_SECONDS + 3)).pollInterval(Duration.ofMillis(100))
                .until(() -> "EMERGENCY".equals(state(page, "() => document.body.dataset.mode")));
        assertThat(Duration.ofNanos(System.nanoTime() - delivered)).isLessThan(Duration.ofSeconds(POLL_SECONDS + 3));
        assertThat(state(page, "() => document.getElementById('title').textContent")).isEqualTo("暴雨红色预警：请勿前往低洼地带");
        assertThat(state(page, "() => document.body.classList.contains('emergency')")).isEqualTo("true");
        assertThat(state(page, "() => getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(176, 0, 0)");

        // The service stops: the screen keeps its content and marks itself offline.
        app.close();
        app = null;
        await().pollInSameThread().atMost(Duration.ofSeconds(POLL_SECONDS * 3L + 5)).pollInterval(Duration.ofMillis(200))
                .until(() -> "false".equals(state(page, "() => document.body.dataset.online")));
        assertThat(state(page, "() => document.getElementById('offline').hidden")).isEqualTo("false");
        assertThat(state(page, "() => document.getElementById('title').textContent")).isEqualTo("暴雨红色预警：请勿前往低洼地带");
        // A reload while the service is down cannot fetch the page; the content lives in localStorage for
        // the running page and the next start of the player.
        assertThat(state(page, "() => localStorage.getItem('tongfa.display.lobby')")).contains(alarm);

        // The service returns on the same address: the screen catches up (the emergency is withdrawn).
        app = start();
        api("POST", "/api/v1/items/" + alarm + "/retract", "{\"reason\":\"警报解除\"}");
        await().pollInSameThread().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> "NORMAL".equals(state(page, "() => document.body.dataset.mode"))
                        && "true".equals(state(page, "() => document.body.dataset.online")));
        assertThat(state(page, "() => document.getElementById('offline').hidden")).isEqualTo("true");
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> Set.of(first, second).contains(state(page, "() => document.body.dataset.itemId")));
    }

    static final String TALL_KEY = "chromium-tall-key-0123456789";

    /** Whether two elements' boxes overlap on screen. */
    static boolean overlap(Page page, String a, String b) {
        return (Boolean) page.evaluate("([a, b]) => { const r = document.getElementById(a).getBoundingClientRect(), "
                + "s = document.getElementById(b).getBoundingClientRect(); "
                + "return r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom; }",
                List.of(a, b));
    }

    static double number(Page page, String expression) {
        return ((Number) page.evaluate(expression)).doubleValue();
    }

    @Test
    void pushesAnEmergencyAndItsRetractionWithinTwoSecondsAndShowsTheBureauTheIssuerAndAPortraitLayout() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("Chromium at " + CHROMIUM + " (the ./test command installs it)").isTrue();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // Polls a minute apart: whatever arrives within two seconds came down the push stream.
        app = start("tongfa.screens.lobby.poll-seconds=60", "tongfa.screens.lobby.location=市民服务中心一楼东侧",
                "tongfa.screens.tall.name=二楼竖屏", "tongfa.screens.tall.location=二楼电梯口",
                "tongfa.screens.tall.columns[0]=notices", "tongfa.screens.tall.orientation=portrait",
                "tongfa.screens.tall.poll-seconds=60", "tongfa.screens.tall.key=" + TALL_KEY,
                // Each of its items must come on screen to be measured: 4 s each rather than the default 15.
                "tongfa.screens.tall.item-seconds=4",
                "tongfa.site.name=某市工业和信息化局");
        String plain = publish("办事大厅周六上午开放", "", "市工业和信息化局", "NORMAL");
        String second = publish("医保业务迁至二楼办理", "自下周一起，医保窗口迁至二楼东侧，请提前预约。", "市医疗保障局", "NORMAL");

        Page page = launch();
        page.navigate("http://localhost:" + port + "/display/screens/lobby#key=" + KEY);
        Page tall = browser.newPage();
        tall.setViewportSize(1080, 1920);
        tall.navigate("http://localhost:" + port + "/display/screens/tall#key=" + TALL_KEY);
        for (Page p : List.of(page, tall)) {
            await().pollInSameThread().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "open".equals(state(p, "() => document.body.dataset.push"))
                            && Set.of(plain, second).contains(state(p, "() => document.body.dataset.itemId")));
        }

        // The header names the bureau and the screen's place, never its internal name.
        assertThat(state(page, "() => document.querySelector('header').textContent")).contains("某市工业和信息化局",
                "市民服务中心一楼东侧").doesNotContain("一楼办事大厅");
        assertThat(state(tall, "() => document.querySelector('header').textContent")).contains("某市工业和信息化局",
                "二楼电梯口").doesNotContain("二楼竖屏");

        // An item without a summary leaves no empty line; the title takes the room.
        await().pollInSameThread().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> plain.equals(state(tall, "() => document.body.dataset.itemId")));
        assertThat(state(tall, "() => getComputedStyle(document.getElementById('summary')).display")).isEqualTo("none");

        // Portrait: the text fills the screen's height below the header, and nothing spills past the footer.
        assertThat(state(tall, "() => document.body.classList.contains('portrait')")).isEqualTo("true");
        for (String id : List.of(plain, second)) {
            await().pollInSameThread().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> id.equals(state(tall, "() => document.body.dataset.itemId")));
            double main = number(tall, "() => document.querySelector('main').getBoundingClientRect().height");
            double box = number(tall, "() => document.getElementById('text').getBoundingClientRect().height");
            double copy = number(tall, "() => document.getElementById('copy').getBoundingClientRect().height");
            double fit = number(tall, "() => parseFloat(document.getElementById('copy').style.getPropertyValue('--fit'))");
            double copyBottom = number(tall, "() => document.getElementById('copy').getBoundingClientRect().bottom");
            double footerTop = number(tall, "() => document.querySelector('footer').getBoundingClientRect().top");
            assertThat(box / main).as("share of the height the text's box takes (" + id + ")").isGreaterThan(0.85);
            // The text grows until it fills its box, or until it is three times its base size (a short title).
            assertThat(copy / box > 0.6 || fit > 2.9).as("fills " + copy / box + " at " + fit + " (" + id + ")").isTrue();
            assertThat(copyBottom).isLessThanOrEqualTo(footerTop);
            assertThat(number(tall, "() => parseFloat(getComputedStyle(document.getElementById('title')).fontSize)"))
                    .as("portrait title size, px").isGreaterThan(100);
        }

        // Emergency: pushed, on screen within 2 s of delivery, with the issuing body and the time issued.
        String alarm = publish("暴雨红色预警：请勿前往低洼地带", "请市民减少外出，注意防范。", "市应急管理局", "EMERGENCY");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() ->
                api("GET", "/api/v1/items/" + alarm + "/deliveries", null)
                        .matches("(?s).*\"channel\":\"display\".*?\"status\":\"DELIVERED\".*"));
        long delivered = System.nanoTime();
        await().pollInSameThread().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> "EMERGENCY".equals(state(page, "() => document.body.dataset.mode")));
        assertThat(Duration.ofNanos(System.nanoTime() - delivered)).isLessThan(Duration.ofSeconds(2));
        assertThat(state(page, "() => document.getElementById('meta').textContent")).contains("发布机构：市应急管理局",
                "发布时间：");
        assertThat(state(page, "() => document.getElementById('banner').textContent")).contains("紧急通知", "某市工业和信息化局");
        await().pollInSameThread().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> "EMERGENCY".equals(state(tall, "() => document.body.dataset.mode")));

        // Its retraction is pushed as fast.
        api("POST", "/api/v1/items/" + alarm + "/retract", "{\"reason\":\"警报解除\"}");
        long retracted = System.nanoTime();
        await().pollInSameThread().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> "NORMAL".equals(state(page, "() => document.body.dataset.mode")));
        assertThat(Duration.ofNanos(System.nanoTime() - retracted)).isLessThan(Duration.ofSeconds(3));
        assertThat(state(page, "() => document.getElementById('meta').textContent")).isEmpty();

        // The service stops: the stream breaks, the screen finds out at once (not a minute later), keeps
        // playing its two items, and its offline mark sits beside the item counter, not over it.
        app.close();
        app = null;
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> "false".equals(state(page, "() => document.body.dataset.online")));
        assertThat(state(page, "() => document.getElementById('offline').hidden")).isEqualTo("false");
        await().pollInSameThread().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> !state(page, "() => document.getElementById('position').textContent").isEmpty());
        assertThat(state(page, "() => document.getElementById('position').textContent")).matches("[12] / 2");
        assertThat(overlap(page, "offline", "position")).isFalse();
        assertThat(Set.of(plain, second)).contains(state(page, "() => document.body.dataset.itemId"));
    }
}
