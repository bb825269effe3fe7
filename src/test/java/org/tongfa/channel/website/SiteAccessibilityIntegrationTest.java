package org.tongfa.channel.website;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Media;
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
import org.tongfa.item.ItemRequest;
import org.tongfa.support.ItemRequests;
import org.tongfa.support.SampleItems;
import org.tongfa.support.TestDatabases;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.tongfa.support.TestColumns;
import org.tongfa.support.TestCallers;

/**
 * The legal duty, checked as a reader's browser sees it: the site's pages load in a real headless
 * Chromium (Debian's {@code chromium}, which the {@code ./test} command installs, driven by Playwright
 * with its own browser download switched off) and axe-core (vendored under
 * {@code src/test/resources/axe/}, MPL-2.0) finds no violation of any impact on any kind of page (home,
 * column, long policy with tables, withdrawn, 404, 联系我们, 网站地图, the leaving notice) in every
 * mode (standard, 长者模式, 繁体版) and in the print view; the pages reflow at 320 px; and the reading
 * tools work, with JavaScript and without.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        TestColumns.UNREVIEWED,
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
    static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage");
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
                        .setArgs(ARGS));
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
        ItemView item = items.create(ItemRequests.news(title, List.of()), TestCallers.EDITOR);
        items.publish(item.id(), null, TestCallers.EDITOR);
        awaitDelivered(item.id(), Action.PUBLISH);
        return item;
    }

    private void awaitDelivered(String itemId, Action action) {
        await().atMost(Duration.ofSeconds(15)).until(() -> ledger.forItem(itemId).stream().anyMatch(d ->
                d.channel().equals("website") && d.action() == action && d.status() == DeliveryStatus.DELIVERED));
    }

    /** The axe violations, of any impact, on the page at {@code path}, as readable lines. */
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
                .map(v -> v.path("impact").asString() + " " + v.path("id").asString() + ": " + v.path("help").asString()
                        + " at " + v.path("nodes").valueStream().map(n -> n.path("target").toString()).toList())
                .toList();
    }

    private ItemView publish(ItemRequest request) {
        ItemView item = items.create(request, TestCallers.EDITOR);
        items.publish(item.id(), null, TestCallers.EDITOR);
        awaitDelivered(item.id(), Action.PUBLISH);
        return item;
    }

    @Test
    void everyKindOfPageHasNoViolationInAnyModeNorInThePrintView() {
        ItemView policy = publish(SampleItems.policy());
        publish(SampleItems.budget());
        ItemView withdrawn = publish("将被撤回的信息");
        items.retract(withdrawn.id(), "测试撤回", TestCallers.EDITOR);
        awaitDelivered(withdrawn.id(), Action.RETRACT);
        page.navigate("http://localhost:" + port + "/site/items/" + policy.id() + ".html");
        String leave = page.locator(".body a[href*='/leave/']").first().getAttribute("href")
                .replace("http://localhost:" + port + "/site/", "");

        for (String mode : List.of("", "elder/", "hant/")) {
            for (String path : List.of("", "columns/policies/", "items/" + policy.id() + ".html",
                    "items/" + withdrawn.id() + ".html", "no-such-page.html", "contact.html", "sitemap.html", leave)) {
                String full = "/site/" + mode + path;
                assertThat(violations(full)).as(full).isEmpty();
            }
        }
        page.navigate("http://localhost:" + port + "/site/elder/items/" + withdrawn.id() + ".html");
        assertThat(page.locator("h1").innerText()).isEqualTo("此信息已撤回");
        assertThat(page.locator("body").getAttribute("class")).isEqualTo("elder");
        var missing = page.navigate("http://localhost:" + port + "/site/elder/no-such-page.html");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.headers()).doesNotContainKey("content-disposition");
        assertThat(page.locator("header nav a").allInnerTexts()).contains("首页", "政策文件");

        try {
            page.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.PRINT));
            for (String path : List.of("/site/items/" + policy.id() + ".html", "/site/elder/items/" + policy.id() + ".html")) {
                assertThat(violations(path)).as("print " + path).isEmpty();
                assertThat(page.locator("header").evaluate("e => getComputedStyle(e).backgroundColor"))
                        .as("no red or black header on paper").isEqualTo("rgba(0, 0, 0, 0)");
                assertThat(page.locator("header .site a").evaluate("e => getComputedStyle(e).color"))
                        .as("the site's name printed in black").isEqualTo("rgb(0, 0, 0)");
                for (String hidden : List.of("header nav", "form.search", ".tools", ".crumbs", ".topbar")) {
                    assertThat(page.locator(hidden).isVisible()).as(hidden + " on paper").isFalse();
                }
                assertThat(page.locator(".body table").first().isVisible()).isTrue();
            }
        } finally {
            page.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.SCREEN));
        }
    }

    @Test
    void pagesReflowAt320PixelsAndTableRowHeadersKeepWholeWordsAt390() {
        ItemView policy = publish(SampleItems.policy());
        ItemView budget = publish(SampleItems.budget());
        try {
            page.setViewportSize(320, 640);
            for (String path : List.of("/site/", "/site/elder/", "/site/items/" + policy.id() + ".html",
                    "/site/elder/items/" + policy.id() + ".html", "/site/elder/items/" + budget.id() + ".html",
                    "/site/hant/items/" + budget.id() + ".html", "/site/elder/no-such-page.html")) {
                page.navigate("http://localhost:" + port + path);
                assertThat(page.evaluate("() => document.documentElement.scrollWidth")).as("width of " + path)
                        .isEqualTo(320);
            }
            // The wide table scrolls in its own box, which a keyboard can reach.
            Locator box = page.locator(".table-scroll").first();
            page.navigate("http://localhost:" + port + "/site/elder/items/" + budget.id() + ".html");
            assertThat((Integer) box.evaluate("e => e.scrollWidth - e.clientWidth")).isPositive();
            assertThat(box.getAttribute("tabindex")).isEqualTo("0");

            page.setViewportSize(390, 844);
            page.navigate("http://localhost:" + port + "/site/elder/items/" + budget.id() + ".html");
            Number fontSize = (Number) page.locator(".body tbody th").first()
                    .evaluate("e => parseFloat(getComputedStyle(e).fontSize)");
            List<?> widths = (List<?>) page.locator(".body tbody th")
                    .evaluateAll("es => es.map(e => e.getBoundingClientRect().width)");
            assertThat(widths).hasSize(5);
            for (Object width : widths) {
                assertThat(((Number) width).doubleValue()).as("a row header holds several characters a line")
                        .isGreaterThanOrEqualTo(4 * fontSize.doubleValue());
            }
            page.navigate("http://localhost:" + port + "/site/elder/items/" + policy.id() + ".html");
            assertThat(page.locator("main h1").boundingBox().height).as("the elder title on a phone")
                    .isLessThan(844 / 4.0);
        } finally {
            page.setViewportSize(1280, 900);
        }
    }

    @Test
    void theReadingToolsWorkWithJavaScriptAndWithoutAndAreRemembered() throws IOException {
        ItemView policy = publish(SampleItems.policy());
        String url = "http://localhost:" + port + "/site/items/" + policy.id() + ".html";
        page.navigate(url);
        assertThat(page.locator("#tf-print").isVisible()).as("打印 once the script runs").isTrue();
        assertThat(page.locator("#tf-speak").isVisible()).as("朗读 where speech synthesis exists")
                .isEqualTo(page.evaluate("() => 'speechSynthesis' in window"));
        assertThat(page.locator("#tf-speak").getAttribute("aria-pressed")).as("off by default").isEqualTo("false");
        double normal = fontSize(page);
        page.locator("label[for=tf-font-l]").click();
        assertThat(fontSize(page)).isGreaterThan(normal);
        page.locator("label[for=tf-contrast]").click();
        assertThat(page.locator("body").evaluate("e => getComputedStyle(e).backgroundColor")).isEqualTo("rgb(0, 0, 0)");
        page.navigate("http://localhost:" + port + "/site/");
        assertThat(page.locator("#tf-font-l").isChecked()).as("remembered from page to page").isTrue();
        assertThat(page.locator("#tf-contrast").isChecked()).isTrue();
        page.evaluate("() => localStorage.clear()");

        try (BrowserContext plain = playwright.chromium().launchPersistentContext(dir.resolve("profile-nojs"),
                new BrowserType.LaunchPersistentContextOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                        .setJavaScriptEnabled(false).setArgs(ARGS))) {
            Page noScript = plain.pages().isEmpty() ? plain.newPage() : plain.pages().get(0);
            noScript.navigate(url);
            assertThat(noScript.locator("#tf-print").isVisible()).as("nothing shown that cannot work").isFalse();
            assertThat(noScript.locator("#tf-speak").isVisible()).isFalse();
            double before = fontSize(noScript);
            noScript.locator("label[for=tf-font-l]").click();
            assertThat(fontSize(noScript)).as("字体 大 without JavaScript").isGreaterThan(before);
            noScript.locator("label[for=tf-spacing-w]").click();
            noScript.locator("label[for=tf-contrast]").click();
            assertThat(noScript.locator("body").evaluate("e => getComputedStyle(e).backgroundColor"))
                    .isEqualTo("rgb(0, 0, 0)");
            noScript.navigate("http://localhost:" + port + "/site/elder/");
            assertThat(noScript.locator("main h2").first().isVisible()).isTrue();
        }
    }

    private static double fontSize(Page on) {
        return ((Number) on.locator("main .body p").first().evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
                .doubleValue();
    }

    @Test
    void anUrgentRepealedDocumentWithItsMetadataHasNoViolationInAnyMode() {
        org.tongfa.item.ItemRequest r = ItemRequests.news("关于暂停受理部分专项资金申报的紧急通知", List.of());
        org.tongfa.item.ItemRequest urgent = new org.tongfa.item.ItemRequest(r.title(), r.summary(), r.body(),
                r.author(), r.department(), r.column(), r.disclosure(), r.indexNumber(), r.documentNumber(),
                r.coverAssetId(), r.tags(), org.tongfa.item.Priority.URGENT, null, null, r.overrides(), r.related(),
                r.channels(), java.time.LocalDate.of(2024, 3, 15), new org.tongfa.item.ItemRequest.Validity(
                        org.tongfa.item.ValidityStatus.REPEALED, java.time.LocalDate.of(2025, 1, 1)), "工业、交通");
        ItemView item = items.create(urgent, TestCallers.EDITOR);
        items.publish(item.id(), null, TestCallers.EDITOR);
        awaitDelivered(item.id(), Action.PUBLISH);

        for (String mode : List.of("", "elder/")) {
            for (String path : List.of("", "columns/news/", "items/" + item.id() + ".html")) {
                String full = "/site/" + mode + path;
                assertThat(violations(full)).as(full).isEmpty();
            }
        }
        page.navigate("http://localhost:" + port + "/site/items/" + item.id() + ".html");
        assertThat(page.locator("article .priority-note").innerText()).isEqualTo("【紧急】");
        assertThat(page.locator("dl.meta").innerText()).contains("成文日期", "主题分类", "有效性");
    }

    @Test
    void theSearchFormFindsAPublishedItemAndEverySearchPageHasNoViolationOfAnyImpact() {
        ItemView item = publish("关于开展智能制造试点示范工作的通知");
        page.navigate("http://localhost:" + port + "/site/search");
        page.getByLabel("搜索本站信息").fill("智能制造");
        page.keyboard().press("Enter");
        page.waitForURL("**/site/search?q=*");
        assertThat(page.locator("[role=status]").innerText()).startsWith("找到 1 条");
        assertThat(page.locator("ol.search-results mark").first().innerText()).isEqualTo("智能制造");
        assertThat(page.locator("ol.search-results a").first().getAttribute("href")).endsWith("/site/items/" + item.id() + ".html");

        for (String mode : List.of("", "elder/", "hant/")) {
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
