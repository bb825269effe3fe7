package org.tongfa.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.tongfa.TongfaApplication;

/**
 * Renders the console's screenshots in {@code docs/screenshots/console-*.png}: the home page, the item
 * list, the editor, the previews, the review page, the delivery matrix, the calendar, the accounts and
 * the audit trail, at 1280 px, with a few items written, reviewed and published through the API (the
 * default columns and their review chains). It starts the service in this JVM (fresh H2 database in a
 * temporary directory) and shoots with Playwright on Debian's headless Chromium.
 *
 * <p>Run from the repository root: {@code mvn -o -q -B test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/test-cp.txt && java -cp target/test-classes:target/classes:$(cat target/test-cp.txt)
 * org.tongfa.bench.ConsoleScreenshots [output directory]} (default {@code docs/screenshots}).
 */
public final class ConsoleScreenshots {

    private static final String TOKEN = "console-screenshots-token";
    private static final String OFFICE = "console-screenshots-office";
    private static final String LEADER = "console-screenshots-leader";
    private static final String PASSWORD = "Screenshot-pass-2026";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private ConsoleScreenshots() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(output);
        Path dir = Files.createTempDirectory("tongfa-console-screenshots-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String base = "http://localhost:" + port;
        try (ConfigurableApplicationContext context = start(dir, port)) {
            Api api = new Api(base);
            api.call("POST", "/api/v1/accounts", """
                    {"login":"liuxin","displayName":"刘欣","department":"办公室","roles":{"DRAFTER":[],"REVIEWER":[],"CONFIDENTIALITY":[],"SIGNER":[],"OPERATOR":[],"ADMIN":[]},"password":"%s"}"""
                    .formatted(PASSWORD), 201);
            String published = api.item("news", "市工业和信息化局召开2026年度中小企业数字化转型推进会",
                    "会议部署了下一阶段中小企业数字化转型工作，明确了试点城市建设的重点任务。");
            api.releaseThroughTheChain(published, List.of("office", "signer"));
            String policy = api.item("policies", "关于印发《市级工业互联网平台培育管理办法》的通知",
                    "为加快工业互联网平台培育，规范平台申报、评定和管理工作，制定本办法。");
            api.call("POST", "/api/v1/items/" + policy + "/submit", "{\"version\":1}", 200);
            String draft = api.item("notices", "关于开展2027年度专精特新中小企业申报工作的通知",
                    "申报时间为2027年1月5日至2月28日，逾期不予受理。");
            String returned = api.item("news", "我局开展安全生产大检查", "检查覆盖全市规模以上工业企业。");
            api.call("POST", "/api/v1/items/" + returned + "/submit", "{\"version\":1}", 200);
            api.call(OFFICE, "POST", "/api/v1/items/" + returned + "/review",
                    "{\"decision\":\"RETURN\",\"step\":\"office\",\"version\":1,\"opinion\":\"请补充检查的企业数量和发现的问题。\"}", 200);
            Thread.sleep(3_000);

            try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                    Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(Path.of("/usr/bin/chromium")).setHeadless(true)
                            .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                    "--disable-dev-shm-usage")))) {
                BrowserContext session = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
                        .setLocale("zh-CN").setTimezoneId("Asia/Shanghai"));
                Page page = session.newPage();
                page.navigate(base + "/console/login");
                shoot(page, output, "console-login");
                page.getByLabel("登录名").fill("liuxin");
                page.getByLabel("密码").fill(PASSWORD);
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登录")).click();
                page.waitForURL(base + "/console/");
                List<String[]> pages = new ArrayList<>(List.of(
                        new String[] {"console-home", "/console/"},
                        new String[] {"console-items", "/console/items"},
                        new String[] {"console-editor", "/console/items/" + draft},
                        new String[] {"console-history", "/console/items/" + published + "/history"},
                        new String[] {"console-preview", "/console/items/" + published + "/preview"},
                        new String[] {"console-review", "/console/items/" + policy + "/review"},
                        new String[] {"console-inbox", "/console/review"},
                        new String[] {"console-deliveries", "/console/deliveries"},
                        new String[] {"console-calendar", "/console/calendar"},
                        new String[] {"console-accounts", "/console/admin/accounts"},
                        new String[] {"console-channels", "/console/admin/channels"},
                        new String[] {"console-audit", "/console/admin/audit"}));
                for (String[] shot : pages) {
                    page.navigate(base + shot[1]);
                    page.waitForLoadState();
                    shoot(page, output, shot[0]);
                }
            }
        }
        System.exit(0);
    }

    private static void shoot(Page page, Path output, String name) {
        Path file = output.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(false));
        System.out.println("wrote " + file + " (" + page.url() + ")");
    }

    static ConfigurableApplicationContext start(Path dir, int port) {
        return new SpringApplicationBuilder(TongfaApplication.class).run(
                "--server.port=" + port,
                "--tongfa.public-base-url=http://localhost:" + port,
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("screens") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--spring.datasource.username=sa", "--spring.datasource.password=",
                "--tongfa.data-directory=" + dir,
                "--tongfa.channels.archive.directory=" + dir.resolve("archive"),
                "--tongfa.node-id=console-screenshots",
                "--tongfa.api.tokens.shots=" + TOKEN,
                "--tongfa.api.token-roles.shots=DRAFTER,REVIEWER,CONFIDENTIALITY,SIGNER,OPERATOR,ADMIN",
                // Nobody approves their own item and one person takes one step: one token per step.
                "--tongfa.api.tokens.office=" + OFFICE,
                "--tongfa.api.token-roles.office=REVIEWER",
                "--tongfa.api.tokens.leader=" + LEADER,
                "--tongfa.api.token-roles.leader=SIGNER",
                "--logging.level.org.tongfa=WARN",
                "--logging.file.name=" + dir.resolve("tongfa.log"),
                "--logging.threshold.console=OFF",
                "--spring.main.log-startup-info=false");
    }

    /** The REST API with the all-roles token. */
    private record Api(String base, HttpClient http) {

        Api(String base) {
            this(base, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        }

        String call(String method, String path, String json, int expected) throws Exception {
            return call(TOKEN, method, path, json, expected);
        }

        String call(String token, String method, String path, String json, int expected) throws Exception {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + ": " + answer.statusCode() + " " + answer.body());
            }
            return answer.body();
        }

        String item(String column, String title, String summary) throws Exception {
            org.tongfa.item.ItemRequest request = org.tongfa.support.ItemRequests.inColumn(
                    org.tongfa.support.ItemRequests.news(title, List.of("archive", "website", "feeds", "display")), column);
            String body = call("POST", "/api/v1/items", tools.jackson.databind.json.JsonMapper.builder().build()
                    .writeValueAsString(request), 201);
            Matcher id = ID.matcher(body);
            if (!id.find()) {
                throw new IllegalStateException("no id in " + body);
            }
            return id.group(1);
        }

        void releaseThroughTheChain(String id, List<String> steps) throws Exception {
            call("POST", "/api/v1/items/" + id + "/submit", "{\"version\":1}", 200);
            for (String step : steps) {
                call(step.equals("signer") ? LEADER : OFFICE, "POST", "/api/v1/items/" + id + "/review",
                        "{\"decision\":\"APPROVE\",\"step\":\"" + step + "\",\"version\":1,\"opinion\":\"同意\"}", 200);
            }
            call("POST", "/api/v1/items/" + id + "/publish", null, 202);
        }
    }
}
