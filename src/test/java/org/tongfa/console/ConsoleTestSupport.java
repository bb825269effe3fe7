package org.tongfa.console;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tongfa.TongfaApplication;
import org.tongfa.support.TestDatabases;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Spring context and the one Chromium every console test shares: extend it and add no
 * properties of your own (each different set of properties starts another context and costs the suite
 * seconds). The service runs at a fixed port (the website's pages link absolutely to
 * {@code tongfa.public-base-url}) with the default columns and their review chains, a webhook channel
 * {@code nanfang} (南方+) on the {@code news} column answered by {@link #partner} (WireMock, reset before each
 * test to answer 200), retries far apart (so a retry in a test is the one the test asks for), and one person
 * per role, created through the admin API at the first test:
 *
 * <table>
 *   <tr><th>login</th><th>name</th><th>role</th></tr>
 *   <tr><td>{@value #DRAFTER}</td><td>李拟稿</td><td>DRAFTER</td></tr>
 *   <tr><td>{@value #REVIEWER}</td><td>王审核</td><td>REVIEWER</td></tr>
 *   <tr><td>{@value #SECRECY}</td><td>赵保密</td><td>CONFIDENTIALITY</td></tr>
 *   <tr><td>{@value #SIGNER}</td><td>陈签发</td><td>SIGNER</td></tr>
 *   <tr><td>{@value #OPERATOR}</td><td>刘运维</td><td>OPERATOR</td></tr>
 *   <tr><td>{@value #ADMIN}</td><td>周管理</td><td>ADMIN</td></tr>
 * </table>
 *
 * All share {@link #PASSWORD}. {@link #signIn(String)} opens a browser context of its own for a person
 * (cookies apart), signed in through the form; {@link #axe(Page)} lists the page's axe-core violations of
 * any impact. The API is at hand too ({@link #api}) with the configured token {@link #API_TOKEN} (every
 * role, every column), to set up data quickly.
 */
@SpringBootTest(classes = TongfaApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "tongfa.node-id=console-test",
        "tongfa.api.tokens.console-setup=" + ConsoleTestSupport.API_TOKEN,
        "tongfa.api.token-roles.console-setup=DRAFTER,REVIEWER,CONFIDENTIALITY,SIGNER,OPERATOR,ADMIN",
        "tongfa.delivery.poll-interval=100ms",
        "tongfa.delivery.short-retries=0",
        "tongfa.delivery.retry-schedule=0s,10m,10m",
        "tongfa.channels.nanfang.enabled=true",
        "tongfa.channels.nanfang.secret=console-test-secret-0123456789",
        "tongfa.channels.nanfang.allow-private-network=true",
        "tongfa.channels.nanfang.timeout=2s",
        "tongfa.columns.news.channels=archive,website,feeds,display,nanfang",
})
public abstract class ConsoleTestSupport {

    public static final String API_TOKEN = "console-setup-token";
    public static final String PASSWORD = "Console-test-pass-1";
    public static final String DRAFTER = "drafter1";
    public static final String REVIEWER = "reviewer1";
    public static final String SECRECY = "secrecy1";
    public static final String SIGNER = "signer1";
    public static final String OPERATOR = "operator1";
    public static final String ADMIN = "admin1";
    static final Map<String, String[]> PEOPLE = new LinkedHashMap<>();

    static {
        PEOPLE.put(DRAFTER, new String[] {"李拟稿", "DRAFTER"});
        PEOPLE.put(REVIEWER, new String[] {"王审核", "REVIEWER"});
        PEOPLE.put(SECRECY, new String[] {"赵保密", "CONFIDENTIALITY"});
        PEOPLE.put(SIGNER, new String[] {"陈签发", "SIGNER"});
        PEOPLE.put(OPERATOR, new String[] {"刘运维", "OPERATOR"});
        PEOPLE.put(ADMIN, new String[] {"周管理", "ADMIN"});
    }

    public static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage");
    protected static final Path DIR;
    protected static final int PORT;
    /** The 南方+ webhook partner. */
    protected static final WireMockServer partner = new WireMockServer(wireMockConfig().dynamicPort());
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static Playwright playwright;
    private static Browser browser;
    static String axeScript;
    private static boolean peopleCreated;
    private final List<BrowserContext> contexts = new ArrayList<>();

    static {
        try {
            DIR = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "console-tests-");
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                PORT = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        partner.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabases::h2Url);
        registry.add("tongfa.data-directory", () -> DIR.resolve("data").toString());
        registry.add("server.port", () -> PORT);
        registry.add("tongfa.public-base-url", () -> "http://localhost:" + PORT);
        registry.add("tongfa.channels.archive.directory", () -> DIR.resolve("archive").toString());
        registry.add("tongfa.channels.nanfang.url", () -> "http://localhost:" + partner.port() + "/nanfang");
    }

    @BeforeEach
    void consoleReady() {
        partner.resetAll();
        partner.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/nanfang")
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)));
        createPeople();
    }

    @org.junit.jupiter.api.AfterEach
    void closeContexts() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
    }

    @AfterAll
    static void keepBrowser() {
        // The browser is shared by every console test class and closed when the JVM ends.
    }

    private synchronized void createPeople() {
        if (peopleCreated) {
            return;
        }
        for (Map.Entry<String, String[]> person : PEOPLE.entrySet()) {
            String body = """
                    {"login":"%s","displayName":"%s","roles":{"%s":[]},"password":"%s"}"""
                    .formatted(person.getKey(), person.getValue()[0], person.getValue()[1], PASSWORD);
            HttpResponse<String> created = api("POST", "/api/v1/accounts", body);
            assertThat(created.statusCode()).as("account %s: %s", person.getKey(), created.body()).isIn(201, 409);
        }
        peopleCreated = true;
    }

    // ---- HTTP ---------------------------------------------------------------------------------------

    protected static String url(String path) {
        return "http://localhost:" + PORT + path;
    }

    /** A call to the API as the setup token; {@code body} is JSON or {@code null}. */
    protected static HttpResponse<String> api(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + API_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    // ---- the browser --------------------------------------------------------------------------------

    static synchronized Browser browser() {
        if (browser == null) {
            assertThat(CHROMIUM).as("Chromium (apt-get install chromium; the ./test command does it)").exists();
            try (InputStream in = ConsoleTestSupport.class.getResourceAsStream("/axe/axe.min.js")) {
                axeScript = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                    .setHeadless(true).setArgs(ARGS));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                browser.close();
                playwright.close();
            }));
        }
        return browser;
    }

    /** A fresh browser context (its own cookies) with axe-core injected into every document, closed after the test. */
    protected BrowserContext newContext() {
        BrowserContext context = browser().newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
                .setLocale("zh-CN").setTimezoneId("Asia/Shanghai"));
        context.setDefaultNavigationTimeout(30_000);
        context.setDefaultTimeout(15_000);
        // Injected through the DevTools protocol, so the console's Content-Security-Policy cannot keep it out.
        context.addInitScript(axeScript);
        contexts.add(context);
        return context;
    }

    /** A page of a new context, signed in as {@code login} through the sign-in form, on the home page. */
    protected Page signIn(String login) {
        Page page = newContext().newPage();
        page.navigate(url("/console/login"));
        page.getByLabel("登录名").fill(login);
        page.getByLabel("密码").fill(PASSWORD);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("登录")).click();
        page.waitForURL(url("/console/"));
        return page;
    }

    /** The axe-core violations of any impact on the page as it is now, one readable line each. */
    protected static List<String> axe(Page page) {
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
        JsonNode violations = JSON.readTree((String) result);
        assertThat(violations.isArray()).as("axe ran on " + page.url() + ": " + result).isTrue();
        return violations.valueStream()
                .map(v -> v.path("impact").asString() + " " + v.path("id").asString() + ": " + v.path("help").asString()
                        + " at " + v.path("nodes").valueStream().map(n -> n.path("target").toString()).toList())
                .toList();
    }

    /** Collects what the browser's console reports as errors (a CSP refusal shows up here). */
    protected static List<String> consoleErrors(Page page) {
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                errors.add(message.text());
            }
        });
        page.onPageError(errors::add);
        return errors;
    }
}
