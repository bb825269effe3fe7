package org.tongfa.channel.website;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.DeliveryLedger;
import org.tongfa.delivery.DeliveryStatus;
import org.tongfa.item.ItemService;
import org.tongfa.item.ItemView;
import org.tongfa.support.ItemRequests;
import org.tongfa.support.TestDatabases;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The legal duty, checked as a reader's browser sees it: the site's pages load in a real headless
 * Chromium (Debian's {@code chromium}, which the {@code ./test} command installs, driven by Playwright
 * with its own browser download switched off) and axe-core (vendored under
 * {@code src/test/resources/axe/}, MPL-2.0) finds no serious or critical violation on the home,
 * column, item, withdrawn and search pages, in the standard and the elder-friendly mode.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "tongfa.node-id=a11y-test",
        "tongfa.api.tokens.editor=test-token",
        "tongfa.delivery.poll-interval=200ms",
})
class SiteAccessibilityIntegrationTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path dir;
    // Pages link their stylesheet and each other absolutely (tongfa.public-base-url), so the service
    // must run at the address the pages name: a port chosen here rather than a random one.
    static final int port;
    static Playwright playwright;
    static BrowserContext browser;
    static Page page;

    static {
        try {
            dir = Files.createTempDirectory("tongfa-a11y");
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                port = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabases::h2Url);
        registry.add("tongfa.data-directory", () -> dir.toString());
        registry.add("server.port", () -> port);
        registry.add("tongfa.public-base-url", () -> "http://localhost:" + port);
        registry.add("tongfa.channels.archive.directory", () -> dir.resolve("archive").toString());
    }

    @Autowired
    ItemService items;
    @Autowired
    DeliveryLedger ledger;

    @BeforeAll
    static void startBrowser() throws IOException {
        assertThat(CHROMIUM).as("Chromium (apt-get install chromium; the ./test command does it)").exists();
        String axe;
        try (InputStream in = SiteAccessibilityIntegrationTest.class.getResourceAsStream("/axe/axe.min.js")) {
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        // Without the networking flags Chromium keeps dialling out on these machines and fails.
        browser = playwright.chromium().launchPersistentContext(dir.resolve("profile"),
                new BrowserType.LaunchPersistentContextOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                        .setViewportSize(1280, 900)
                        .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                                "--disable-sync", "--disable-dev-shm-usage")));
        browser.setDefaultNavigationTimeout(30_000);
        browser.setDefaultTimeout(60_000);
        // Injected through the DevTools protocol into every document before its own scripts run, so a
        // page's Content-Security-Policy, which the page keeps, cannot keep the checker out.
        browser.addInitScript(axe);
        page = browser.pages().isEmpty() ? browser.newPage() : browser.pages().get(0);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    private ItemView publish(String title) {
        ItemView item = items.create(ItemRequests.news(title, List.of()), "test");
        items.publish(item.id(), null, "test");
        awaitDelivered(item.id(), Action.PUBLISH);
        return item;
    }

    private void awaitDelivered(String itemId, Action action) {
        await().atMost(Duration.ofSeconds(15)).until(() -> ledger.forItem(itemId).stream().anyMatch(d ->
                d.channel().equals("website") && d.action() == action && d.status() == DeliveryStatus.DELIVERED));
    }

    /** The serious and critical axe violations on the page at {@code path}, as readable lines. */
    private List<String> violations(String path) {
        var response = page.navigate("http://localhost:" + port + path);
        assertThat(response).as(path + " answered").isNotNull();
        return violationsOnCurrentPage(path);
    }

    private List<String> violationsOnCurrentPage(String path) {
        Object result = page.evaluate("""
                async () => {
                  if (typeof axe === 'undefined') return JSON.stringify({error: 'axe-core was not injected'});
                  try {
                    const r = await axe.run(document, {resultTypes: ['violations']});
                    return JSON.stringify(r.violations);
                  } catch (e) {
                    return JSON.stringify({error: String(e)});
                  }
                }
                """);
        JsonNode violations = JsonMapper.builder().build().readTree((String) result);
        assertThat(violations.isArray()).as("axe ran on " + path + ": " + result).isTrue();
        return violations.valueStream()
                .filter(v -> List.of("serious", "critical").contains(v.path("impact").asString()))
                .map(v -> v.path("impact").asString() + " " + v.path("id").asString() + ": " + v.path("help").asString()
                        + " at " + v.path("nodes").valueStream().map(n -> n.path("target").toString()).toList())
                .toList();
    }

    @Test
    void everyKindOfPageHasNoSeriousOrCriticalViolationInEitherMode() {
        ItemView item = publish("关于开展2026年中小企业数字化转型试点工作的通知");
        ItemView withdrawn = publish("将被撤回的信息");
        items.retract(withdrawn.id(), "test");
        awaitDelivered(withdrawn.id(), Action.RETRACT);

        for (String mode : List.of("", "elder/")) {
            for (String path : List.of("", "columns/news/", "items/" + item.id() + ".html",
                    "items/" + withdrawn.id() + ".html")) {
                String full = "/site/" + mode + path;
                assertThat(violations(full)).as(full).isEmpty();
            }
        }
        page.navigate("http://localhost:" + port + "/site/elder/items/" + withdrawn.id() + ".html");
        assertThat(page.locator("h1").innerText()).isEqualTo("此信息已撤回");
        assertThat(page.locator("body").getAttribute("class")).isEqualTo("elder");
    }

    @Test
    void theSearchFormFindsAPublishedItemAndEverySearchPageHasNoSeriousOrCriticalViolation() {
        ItemView item = publish("关于开展智能制造试点示范工作的通知");
        page.navigate("http://localhost:" + port + "/site/search");
        page.getByLabel("搜索本站信息").fill("智能制造");
        page.keyboard().press("Enter");
        page.waitForURL("**/site/search?q=*");
        assertThat(page.locator("[role=status]").innerText()).startsWith("找到 1 条");
        assertThat(page.locator("ol.search-results mark").first().innerText()).isEqualTo("智能制造");
        assertThat(page.locator("ol.search-results a").first().getAttribute("href")).endsWith("/site/items/" + item.id() + ".html");

        for (String mode : List.of("", "elder/")) {
            for (String query : List.of("", "?q=%E6%99%BA%E8%83%BD%E5%88%B6%E9%80%A0", "?q=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%AA",
                    "?q=" + "%E5%AD%97".repeat(101), "?q=%E9%80%9A%E7%9F%A5&page=99")) {
                String full = "/site/" + mode + "search" + query;
                assertThat(violations(full)).as(full).isEmpty();
            }
        }
    }

    @Test
    void theCheckItselfCatchesAnImageWithoutAlternativeText() {
        page.navigate("data:text/html;charset=utf-8,<html><body><main><img src='x.png'></main></body></html>");
        assertThat(violationsOnCurrentPage("a bad page")).anySatisfy(v -> assertThat(v).contains("image-alt"));
    }

    @Test
    void theSkipLinkAppearsOnFocusAndLeadsToTheMainContent() {
        publish("焦点测试");
        page.navigate("http://localhost:" + port + "/site/");
        Locator skip = page.locator("a.skip");
        assertThat(skip.boundingBox().x).as("hidden until focused").isNegative();
        page.keyboard().press("Tab");
        assertThat(page.evaluate("() => document.activeElement.textContent.trim()")).isEqualTo("跳到主要内容");
        assertThat(skip.boundingBox().x).as("visible when focused").isGreaterThanOrEqualTo(0);
        assertThat(skip.evaluate("e => getComputedStyle(e).outlineStyle")).as("visible focus").isEqualTo("solid");
        assertThat(page.locator("header").evaluate("e => getComputedStyle(e).backgroundColor"))
                .as("the stylesheet is applied").isEqualTo("rgb(138, 28, 28)");
    }
}
