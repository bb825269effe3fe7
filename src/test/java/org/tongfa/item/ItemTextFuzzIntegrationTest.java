package org.tongfa.item;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.io.WireFeedInput;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tongfa.delivery.Delivery;
import org.tongfa.delivery.DeliveryLedger;
import org.tongfa.delivery.DeliveryStatus;
import org.tongfa.support.TestDatabases;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.tongfa.support.TestColumns;

/**
 * Random and hostile text in every text field of the item API, creates and edits alike: control
 * characters, unpaired surrogates, noncharacters, 4-byte emoji, bidi and zero-width characters, XML and
 * HTML metacharacters, SQL quotes, and values just under and just over each limit. Every answer is
 * either a 4xx problem naming the field (and nothing stored) or the item is stored; every stored item
 * is then published and shows, with its title intact, on every channel: the website's pages, the RSS,
 * Atom and JSON feeds (parsed strictly), the lobby screen's feed.json, the webhook's JSON and the drop
 * folder's item.json; and no page or feed ever answers 5xx.
 *
 * <p>The seed is fixed and printed; run another with {@code -Dtongfa.fuzz.seed=<n>}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        TestColumns.UNREVIEWED,
        "tongfa.node-id=fuzz",
        "tongfa.api.tokens.editor=" + ItemTextFuzzIntegrationTest.TOKEN,
        "tongfa.delivery.poll-interval=200ms",
        "tongfa.columns.news.channels=archive,website,feeds,display,partner",
        "tongfa.channels.partner.type=webhook",
        "tongfa.channels.partner.secret=fuzz-secret",
        "tongfa.channels.partner.allow-private-network=true",
        "tongfa.channels.feeds.items=1000",
        "tongfa.screens.lobby.key=" + ItemTextFuzzIntegrationTest.SCREEN_KEY,
})
class ItemTextFuzzIntegrationTest {

    static final String TOKEN = "fuzz-token";
    static final String SCREEN_KEY = "fuzz-screen-key-0123456789abcdef";
    static final long SEED = Long.getLong("tongfa.fuzz.seed", 20260802L);
    static final int CREATES = 40;
    static final int UPDATES = 16;
    static final List<String> CHANNELS = List.of("archive", "website", "feeds", "display", "partner");
    /** Every character outside ASCII travels as a JSON escape, so an unpaired surrogate arrives as it is. */
    static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    static final WireMockServer partner = new WireMockServer(wireMockConfig().dynamicPort());
    static final Path dir;

    static {
        partner.start();
        partner.stubFor(post("/hook").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"p-1\"}")));
        try {
            dir = Files.createTempDirectory("tongfa-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabases::h2Url);
        registry.add("tongfa.data-directory", dir::toString);
        registry.add("tongfa.channels.archive.directory", () -> dir.resolve("archive").toString());
        registry.add("tongfa.channels.partner.url", () -> partner.baseUrl() + "/hook");
    }

    @AfterAll
    static void stopPartner() {
        partner.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    DeliveryLedger ledger;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<String> serverErrors = new ArrayList<>();

    // ---- what the fuzzer writes ------------------------------------------------------------------

    /**
     * One text field of the request.
     *
     * @param path the field as errors[].field names it
     * @param limit its length limit, or 0 where a pattern or the catalogue decides
     * @param put sets a value into a valid request
     */
    record Field(String path, int limit, BiConsumer<Map<String, Object>, String> put) {
    }

    static final List<Field> FIELDS = List.of(
            new Field("title", 200, (i, v) -> i.put("title", v)),
            new Field("summary", 1000, (i, v) -> i.put("summary", v)),
            new Field("body", 200_000, (i, v) -> i.put("body", v)),
            new Field("author", 64, (i, v) -> i.put("author", v)),
            new Field("department", 128, (i, v) -> i.put("department", v)),
            new Field("column", 64, (i, v) -> i.put("column", v)),
            new Field("indexNumber", 64, (i, v) -> i.put("indexNumber", v)),
            new Field("documentNumber", 64, (i, v) -> i.put("documentNumber", v)),
            new Field("coverAssetId", 0, (i, v) -> i.put("coverAssetId", v)),
            new Field("tags[1]", 32, (i, v) -> i.put("tags", List.of("防汛", v))),
            new Field("overrides.partner.title", 200, (i, v) -> i.put("overrides", Map.of("partner", Map.of("title", v)))),
            new Field("overrides.partner.summary", 1000,
                    (i, v) -> i.put("overrides", Map.of("partner", Map.of("summary", v)))),
            new Field("overrides.display.title", 200, (i, v) -> i.put("overrides", Map.of("display", Map.of("title", v)))),
            new Field("overrides", 0, (i, v) -> i.put("overrides", Map.of(v, Map.of("title", "按渠道的标题")))),
            new Field("disclosure.reason", 500,
                    (i, v) -> i.put("disclosure", Map.of("type", "PROACTIVE", "reason", v))),
            new Field("related[0].itemId", 0,
                    (i, v) -> i.put("related", List.of(Map.of("itemId", v, "relation", "RELATED")))),
            new Field("channels[0]", 0, (i, v) -> i.put("channels", List.of(v))));

    static final String[] HOSTILE = {
        "<", ">", "&", "\"", "'", "]]>", "<![CDATA[x]]>", "</script><script>alert(1)</script>", "</title>",
        "\"><img src=x onerror=alert(1)>", "&#1;", "&#x0;", "&amp;", "&lt;b&gt;", "' OR '1'='1",
        "'; DROP TABLE item; --", "\\", "%_", "${jndi:ldap://x}", "{{7*7}}", "\u00a0", "\u3000", "",
    };

    final Random random = new Random(SEED);

    private int codePoint(int kind) {
        return switch (kind) {
            case 0 -> random.nextInt(0x20); // C0, tab and line breaks among them
            case 1 -> 0x7f + random.nextInt(0x21); // DEL and C1
            case 2 -> random.nextBoolean() ? 0xd800 + random.nextInt(0x400) : 0xdc00 + random.nextInt(0x400);
            case 3 -> new int[] {0xfffe, 0xffff, 0xfdd0, 0xfdef, 0x1fffe, 0x10ffff}[random.nextInt(6)];
            case 4 -> new int[] {0x1f600, 0x1f468, 0x20000, 0x1d11e, 0x1f1e8}[random.nextInt(5)];
            case 5 -> new int[] {0x202e, 0x202d, 0x200f, 0x200e, 0x2066, 0x2069, 0x061c}[random.nextInt(7)];
            default -> new int[] {0x200b, 0x200c, 0x200d, 0xfeff, 0x2060}[random.nextInt(5)];
        };
    }

    private String piece() {
        int kind = random.nextInt(9);
        if (kind < 7) {
            int cp = codePoint(kind);
            // Code points that are surrogates are added as single chars: an unpaired surrogate.
            return cp >= 0xd800 && cp <= 0xdfff ? String.valueOf((char) cp) : new String(Character.toChars(cp));
        }
        return kind == 7 ? HOSTILE[random.nextInt(HOSTILE.length)] : "👨\u200d👩\u200d👧";
    }

    /** A hostile value for a field: pieces in ordinary text, or a value at or just over its limit. */
    private String value(Field field) {
        if (field.limit() > 0 && random.nextInt(8) == 0) {
            int length = field.limit() + (random.nextBoolean() ? 0 : 1);
            if (field.path().equals("body")) {
                return "<p>" + "a".repeat(length - 7) + "</p>";
            }
            return (field.path().equals("indexNumber") ? "1" : "字").repeat(length);
        }
        StringBuilder value = new StringBuilder(random.nextBoolean() ? "正常文字" : "");
        int pieces = 1 + random.nextInt(3);
        for (int p = 0; p < pieces; p++) {
            value.append(piece()).append(random.nextBoolean() ? "文" : "");
        }
        return field.path().equals("body") && random.nextBoolean() ? "<p>" + value + "</p>" : value.toString();
    }

    private static Map<String, Object> validItem(int n) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("title", "模糊测试第" + n + "条");
        item.put("summary", "摘要");
        item.put("body", "<p>正文</p>");
        item.put("author", "王五");
        item.put("department", "市工业和信息化局");
        item.put("column", "news");
        item.put("disclosure", new LinkedHashMap<>(Map.of("type", "PROACTIVE")));
        item.put("indexNumber", "11440100-2026-" + n);
        item.put("tags", List.of("防汛"));
        return item;
    }

    // ---- HTTP ------------------------------------------------------------------------------------

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                serverErrors.add(response.request().method() + " " + response.uri() + " -> " + response.statusCode()
                        + " " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + TOKEN);
    }

    private HttpResponse<String> write(String method, String path, Map<String, Object> item) {
        return send(api(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(item))));
    }

    private HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    private long itemTotal() {
        return JSON.readTree(send(api("/api/v1/items?size=1").GET()).body()).path("total").asLong();
    }

    // ---- the run ---------------------------------------------------------------------------------

    /** A stored item: the version to find everywhere and the title each channel must show. */
    record Stored(String id, int version, Map<String, String> titles, String what) {
    }

    @Test
    void hostileTextIsRefusedByNameOrStoredAndEveryStoredItemRendersOnEveryChannel() throws Exception {
        System.out.println("ItemTextFuzzIntegrationTest seed=" + SEED + " (rerun: -Dtongfa.fuzz.seed=" + SEED + ")");
        long started = System.nanoTime();
        long before = itemTotal();
        List<Stored> stored = new ArrayList<>();
        int refused = 0;
        int created = 0;
        for (int n = 0; n < CREATES + UPDATES; n++) {
            boolean update = n >= CREATES;
            Field field = FIELDS.get(random.nextInt(FIELDS.size()));
            String value = value(field);
            Map<String, Object> item = validItem(n);
            field.put().accept(item, value);
            String what = "case " + n + " (seed " + SEED + "): " + (update ? "PUT " : "POST ") + field.path() + " = "
                    + describe(value);
            String id = null;
            boolean published = false;
            HttpResponse<String> response;
            if (update) {
                id = JSON.readTree(write("POST", "/api/v1/items", validItem(n)).body()).path("id").asString();
                created++;
                published = n % 2 == 0;
                if (published) {
                    assertThat(send(api("/api/v1/items/" + id + "/publish").POST(HttpRequest.BodyPublishers.noBody()))
                            .statusCode()).as(what).isEqualTo(202);
                }
                response = write("PUT", "/api/v1/items/" + id, item);
            } else {
                response = write("POST", "/api/v1/items", item);
            }
            int status = response.statusCode();
            assertThat(status).as("%s answered %s", what, response.body()).isIn(200, 201, 400, 422);
            if (status >= 400) {
                refused++;
                assertThat(response.headers().firstValue("Content-Type").orElse("")).as(what)
                        .startsWith("application/problem+json");
                List<String> named = JSON.readTree(response.body()).path("errors").valueStream()
                        .map(e -> e.path("field").asString()).toList();
                assertThat(named).as("%s: the problem %s names the field", what, response.body())
                        .anySatisfy(f -> assertThat(f.equals(field.path())
                                || field.path().equals("overrides") && f.startsWith("overrides")).isTrue());
                if (update) {
                    JsonNode kept = JSON.readTree(send(api("/api/v1/items/" + id).GET()).body());
                    assertThat(kept.path("version").asInt()).as(what).isEqualTo(1);
                    if (!published) {
                        assertThat(send(api("/api/v1/items/" + id + "/publish")
                                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).as(what).isEqualTo(202);
                    }
                    stored.add(stored(kept, what));
                }
                continue;
            }
            JsonNode saved = JSON.readTree(response.body());
            id = saved.path("id").asString();
            created += update ? 0 : 1;
            if (!published) {
                HttpResponse<String> publish = send(api("/api/v1/items/" + id + "/publish")
                        .POST(HttpRequest.BodyPublishers.noBody()));
                assertThat(publish.statusCode()).as("%s: publishing answered %s", what, publish.body()).isEqualTo(202);
            }
            stored.add(stored(saved, what));
        }
        assertThat(itemTotal()).as("a refused request stored nothing (seed %d)", SEED).isEqualTo(before + created);
        System.out.printf("ItemTextFuzzIntegrationTest: %d items published, %d requests refused (%d ms)%n",
                stored.size(), refused, (System.nanoTime() - started) / 1_000_000);

        stored.forEach(this::awaitDeliveredEverywhere);
        System.out.printf("ItemTextFuzzIntegrationTest: delivered everywhere (%d ms)%n",
                (System.nanoTime() - started) / 1_000_000);

        checkWebsite(stored);
        checkFeeds(stored);
        checkDisplay(stored);
        checkWebhook(stored);
        checkFolder(stored);
        System.out.printf("ItemTextFuzzIntegrationTest: checked every channel (%d ms)%n",
                (System.nanoTime() - started) / 1_000_000);
        assertThat(serverErrors).as("answers with 5xx (seed %d)", SEED).isEmpty();
    }

    private static Stored stored(JsonNode item, String what) {
        Map<String, String> titles = new HashMap<>();
        for (String channel : CHANNELS) {
            String override = item.path("overrides").path(channel).path("title").asString("");
            titles.put(channel, override.isBlank() ? item.path("title").asString() : override);
        }
        return new Stored(item.path("id").asString(), item.path("version").asInt(), titles, what);
    }

    private void awaitDeliveredEverywhere(Stored item) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            List<Delivery> deliveries = ledger.forItem(item.id()).stream()
                    .filter(d -> d.itemVersion() == item.version()).toList();
            for (Delivery d : deliveries) {
                if (d.status() == DeliveryStatus.FAILED || d.status() == DeliveryStatus.DEAD) {
                    fail("%s: delivery to %s is %s: %s", item.what(), d.channel(), d.status(), d.lastError());
                }
            }
            assertThat(deliveries).as("%s: %s", item.what(), deliveries)
                    .filteredOn(d -> d.status() == DeliveryStatus.DELIVERED)
                    .extracting(Delivery::channel).containsAll(CHANNELS);
        });
    }

    private void checkWebsite(List<Stored> stored) {
        for (String home : List.of("/site/", "/site/elder/")) {
            assertThat(get(home).statusCode()).isEqualTo(200);
        }
        String next = "/site/columns/news/";
        int pages = 0;
        while (next != null) {
            HttpResponse<String> page = get(next);
            assertThat(page.statusCode()).as(next).isEqualTo(200);
            Document doc = Jsoup.parse(page.body(), "http://localhost:" + port + next);
            onlyTheSitesOwnScript(doc, next);
            String href = doc.select("a[rel=next]").attr("abs:href");
            next = href.isEmpty() ? null : URI.create(href).getPath();
            pages++;
        }
        assertThat(pages).isGreaterThanOrEqualTo(stored.size() / 20);
        for (Stored item : stored) {
            for (String mode : List.of("", "elder/", "hant/")) {
                HttpResponse<String> page = get("/site/" + mode + "items/" + item.id() + ".html");
                assertThat(page.statusCode()).as(item.what()).isEqualTo(200);
                Document doc = Jsoup.parse(page.body());
                if (!mode.equals("hant/")) { // the 繁体版 shows the title converted
                    assertThat(doc.select("h1").first().wholeText()).as(item.what()).isEqualTo(item.titles().get("website"));
                }
                onlyTheSitesOwnScript(doc, item.what() + " " + mode);
            }
        }
    }

    /** The one script is the site's reading tools, from a file; nothing an editor typed becomes a script. */
    private static void onlyTheSitesOwnScript(Document doc, String what) {
        assertThat(doc.select("script")).as(what).allSatisfy(script -> {
            assertThat(script.attr("src")).endsWith("/site/site.js");
            assertThat(script.data()).isEmpty();
        });
        assertThat(doc.select("[onclick], [onerror], [onload], [onmouseover]")).as(what).isEmpty();
    }

    private void checkFeeds(List<Stored> stored) throws Exception {
        for (String scope : List.of("all", "columns/news")) {
            HttpResponse<String> rss = get("/feeds/" + scope + ".rss");
            assertThat(rss.statusCode()).isEqualTo(200);
            Map<String, String> rssTitles = new HashMap<>();
            for (Item i : ((Channel) strict().build(new StringReader(rss.body()))).getItems()) {
                rssTitles.put(i.getLink(), i.getTitle());
            }
            HttpResponse<String> atom = get("/feeds/" + scope + ".atom");
            assertThat(atom.statusCode()).isEqualTo(200);
            Map<String, String> atomTitles = new HashMap<>();
            for (Entry e : ((Feed) strict().build(new StringReader(atom.body()))).getEntries()) {
                atomTitles.put(e.getAlternateLinks().stream().map(Link::getHref).findFirst().orElseThrow(), e.getTitle());
            }
            HttpResponse<String> json = get("/feeds/" + scope + ".json");
            assertThat(json.statusCode()).isEqualTo(200);
            Map<String, String> jsonTitles = new HashMap<>();
            JSON.readTree(json.body()).path("items")
                    .forEach(i -> jsonTitles.put(i.path("url").asString(), i.path("title").asString()));
            for (Stored item : stored) {
                String url = "http://localhost:8080/site/items/" + item.id() + ".html";
                assertThat(rssTitles.get(url)).as("%s in %s.rss", item.what(), scope).isEqualTo(item.titles().get("feeds"));
                assertThat(atomTitles.get(url)).as("%s in %s.atom", item.what(), scope).isEqualTo(item.titles().get("feeds"));
                assertThat(jsonTitles.get(url)).as("%s in %s.json", item.what(), scope).isEqualTo(item.titles().get("feeds"));
            }
        }
    }

    private static WireFeedInput strict() {
        WireFeedInput input = new WireFeedInput();
        input.setXmlHealerOn(false);
        return input;
    }

    private void checkDisplay(List<Stored> stored) {
        HttpResponse<String> feed = get("/display/screens/lobby/feed.json", "X-Screen-Key", SCREEN_KEY);
        assertThat(feed.statusCode()).isEqualTo(200);
        Map<String, String> titles = new HashMap<>();
        JSON.readTree(feed.body()).path("items").forEach(i -> titles.put(i.path("id").asString(), i.path("title").asString()));
        for (Stored item : stored) {
            assertThat(titles.get(item.id())).as("%s on the screen", item.what()).isEqualTo(item.titles().get("display"));
        }
    }

    private void checkWebhook(List<Stored> stored) {
        Map<String, JsonNode> sent = new HashMap<>();
        for (LoggedRequest request : partner.findAll(postRequestedFor(urlEqualTo("/hook")))) {
            JsonNode data = JSON.readTree(request.getBodyAsString()).path("data");
            sent.put(data.path("itemId").asString() + "/" + data.path("version").asInt(), data);
        }
        for (Stored item : stored) {
            JsonNode data = sent.get(item.id() + "/" + item.version());
            assertThat(data).as("%s sent to the webhook", item.what()).isNotNull();
            assertThat(data.path("title").asString()).as(item.what()).isEqualTo(item.titles().get("partner"));
        }
    }

    private void checkFolder(List<Stored> stored) throws IOException {
        for (Stored item : stored) {
            Path file = dir.resolve("archive").resolve(item.id() + "-v" + item.version()).resolve("item.json");
            assertThat(file).as(item.what()).isRegularFile();
            JsonNode document = JSON.readTree(Files.readString(file));
            assertThat(document.path("item").path("title").asString()).as(item.what())
                    .isEqualTo(item.titles().get("archive"));
        }
    }

    /** The value with every character outside printable ASCII as U+XXXX, shortened, for messages. */
    static String describe(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 120; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("<U+%04X>", (int) c));
            }
        }
        return (out.length() >= 120 ? out + "... (" + value.length() + " chars)" : out.toString());
    }
}
