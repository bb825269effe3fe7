package org.tongfa.bench;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.tongfa.TongfaApplication;
import org.tongfa.item.ItemRequest;
import org.tongfa.item.ItemService;
import org.tongfa.item.ItemView;
import org.tongfa.support.SampleItems;
import org.tongfa.support.TestCallers;
import org.tongfa.support.TestColumns;

/**
 * Renders the screenshots in {@code docs/screenshots/}: the home page, a column, the long policy page
 * with its tables, the same page in 长者模式, and the lobby screen, each at 1280 px and at 390 px, with
 * the sample content of {@link SampleItems} and the example identity of {@code config/application.yml}.
 * It starts the service in this JVM (fresh H2 database in a temporary directory), publishes the
 * items, and shoots with Playwright on Debian's headless Chromium ({@code /usr/bin/chromium}).
 *
 * <p>Run from the repository root: {@code mvn -o -q -B -Pbench -Dbench.main=org.tongfa.bench.SiteScreenshots
 * test-compile exec:exec}; optionally {@code -Dbench.args=<output directory>} (default {@code docs/screenshots}).
 */
public final class SiteScreenshots {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final String SCREEN_KEY = "screenshot-key-0123456789abcdef";

    private SiteScreenshots() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(output);
        Path dir = Files.createTempDirectory("tongfa-screenshots-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String base = "http://localhost:" + port;
        try (ConfigurableApplicationContext context = start(dir, port)) {
            ItemService items = context.getBean(ItemService.class);
            List<ItemRequest> requests = new ArrayList<>(SampleItems.lists());
            requests.add(SampleItems.budget());
            requests.add(SampleItems.policy());
            String policy = null;
            for (ItemRequest request : requests) {
                ItemView item = items.create(request, TestCallers.EDITOR);
                items.publish(item.id(), null, TestCallers.EDITOR);
                policy = item.id();
            }
            awaitPage(base + "/site/items/" + policy + ".html");

            Map<String, String> shots = new LinkedHashMap<>();
            shots.put("home", "/site/");
            shots.put("column", "/site/columns/policies/");
            shots.put("policy", "/site/items/" + policy + ".html");
            shots.put("policy-elder", "/site/elder/items/" + policy + ".html");
            shots.put("screen", "/display/screens/lobby#key=" + SCREEN_KEY);
            shoot(dir, output, base, shots);
        }
        System.out.println("screenshots written to " + output.toAbsolutePath());
        System.exit(0);
    }

    private static void shoot(Path dir, Path output, String base, Map<String, String> shots) {
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            for (int width : new int[] {1280, 390}) {
                int height = width == 1280 ? 900 : 844;
                try (BrowserContext browser = playwright.chromium().launchPersistentContext(dir.resolve("profile-" + width),
                        new BrowserType.LaunchPersistentContextOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                                .setViewportSize(width, height).setLocale("zh-CN")
                                // Without the networking flags Chromium keeps dialling out on these machines and fails.
                                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                                        "--no-first-run", "--disable-background-networking",
                                        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage")))) {
                    Page page = browser.pages().isEmpty() ? browser.newPage() : browser.pages().get(0);
                    for (Map.Entry<String, String> shot : shots.entrySet()) {
                        boolean screen = shot.getKey().equals("screen");
                        page.setViewportSize(width, screen && width == 1280 ? 720 : height);
                        page.navigate(base + shot.getValue());
                        if (screen) {
                            page.waitForSelector("#stage:not([hidden]) #title:not(:empty)",
                                    new Page.WaitForSelectorOptions().setTimeout(15_000));
                        }
                        Page.ScreenshotOptions options = new Page.ScreenshotOptions()
                                .setPath(output.resolve(shot.getKey() + "-" + width + ".png"));
                        // The long policy is shown down to its first table: that is what it is there to show.
                        if (shot.getKey().startsWith("policy")) {
                            double bottom = ((Number) page.evaluate("() => document.querySelector('.body table')"
                                    + ".getBoundingClientRect().bottom + window.scrollY + 16")).doubleValue();
                            options.setFullPage(true).setClip(0, 0, width, Math.min(bottom, 2400));
                        }
                        page.screenshot(options);
                    }
                }
            }
        }
    }

    private static ConfigurableApplicationContext start(Path dir, int port) {
        return new SpringApplicationBuilder(TongfaApplication.class).run(java.util.stream.Stream.concat(
                TestColumns.unreviewed().entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()),
                java.util.stream.Stream.of("--server.port=" + port,
                "--tongfa.public-base-url=http://localhost:" + port,
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--spring.datasource.username=sa",
                "--spring.datasource.password=",
                "--tongfa.data-directory=" + dir,
                "--tongfa.channels.archive.directory=" + dir.resolve("archive"),
                "--tongfa.node-id=screenshots",
                "--tongfa.api.tokens.editor=screenshots-token",
                "--tongfa.screens.lobby.key=" + SCREEN_KEY,
                "--logging.level.org.tongfa=WARN",
                "--logging.file.name=" + dir.resolve("tongfa.log"),
                "--logging.threshold.console=OFF",
                "--spring.main.log-startup-info=false")).toArray(String[]::new));
    }

    /** Waits until the site serves {@code url}: the website channel renders right after each delivery. */
    private static void awaitPage(String url) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 200) {
                return;
            }
            Thread.sleep(200); // a command, not a test: polls the running service
        }
        throw new IllegalStateException("the site never served " + url);
    }
}
