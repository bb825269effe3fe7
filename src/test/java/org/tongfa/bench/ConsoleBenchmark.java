package org.tongfa.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.tongfa.TongfaApplication;
import org.tongfa.console.delivery.CountingDataSource;
import org.tongfa.item.ItemService;
import org.tongfa.support.ItemRequests;
import org.tongfa.support.TestCallers;

/**
 * The console's speed with a full database: 10,000 items on 6 channels (60,000 ledger rows), measured
 * from outside over loopback HTTP with a signed-in session, as an editor's browser asks:
 *
 * <ul>
 *   <li>the home page, the item list, an item's editor and the delivery matrix: p50/p95/max of
 *       sequential requests after a warm-up (target p95 under 50 ms on 2 cores), and the SQL statements
 *       a request prepares on average ({@link CountingDataSource});</li>
 *   <li>a ledger change reaching an open matrix: the time from a retry request to the first
 *       server-sent event on {@code /console/deliveries/events?items=...} (the stream a matrix page opens
 *       for its rows) that carries the delivery's re-rendered cell (target under 1 s).</li>
 * </ul>
 *
 * The items are created through {@link ItemService} (so every table an item has is filled as in
 * production); their publication and deliveries are then written to the ledger in batches (publishing
 * 10,000 items through the channels would take an hour and measure the channels, not the console).
 *
 * <p>Run from the repository root: {@code mvn -o -q -B test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/test-cp.txt && java -Xmx1g -cp target/test-classes:target/classes:$(cat target/test-cp.txt)
 * org.tongfa.bench.ConsoleBenchmark [items] [requests]} (defaults 10000 and 300).
 */
public final class ConsoleBenchmark {

    static final List<String> CHANNELS = List.of("archive", "website", "feeds", "display", "nanfang", "internal");
    private static final String TOKEN = "console-bench-token";
    private static final String PASSWORD = "Console-bench-pass-1";
    private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    private ConsoleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Path dir = Files.createTempDirectory("tongfa-console-bench-");
        HttpServer partner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        partner.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        partner.start();
        try (ConfigurableApplicationContext tongfa = start(dir, partner.getAddress().getPort())) {
            String base = "http://127.0.0.1:" + tongfa.getEnvironment().getProperty("local.server.port");
            long t = System.nanoTime();
            List<String> ids = seed(tongfa, items);
            System.out.printf("seeded %d items and %d deliveries in %.1f s%n", ids.size(), ids.size() * CHANNELS.size(),
                    (System.nanoTime() - t) / 1e9);
            HttpClient api = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> person = api.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/accounts"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"login":"zhangbian","displayName":"测试编辑","roles":{"DRAFTER":[],"REVIEWER":[],"SIGNER":[],"OPERATOR":[]},"password":"%s"}"""
                            .formatted(PASSWORD))).build(), HttpResponse.BodyHandlers.ofString());
            if (person.statusCode() != 201) {
                throw new IllegalStateException("account: " + person.statusCode() + " " + person.body());
            }
            HttpClient browser = signIn(base, "zhangbian");
            System.out.printf("%d items x %d channels; %d requests a page after a warm-up; load %.1f%n", ids.size(),
                    CHANNELS.size(), requests, load());
            String some = ids.get(ids.size() / 2);
            for (String[] page : new String[][] {{"home", "/console/"}, {"item list", "/console/items"},
                    {"editor", "/console/items/" + some}, {"delivery matrix", "/console/deliveries"}}) {
                measure(browser, page[0], base + page[1], requests);
            }
            liveMatrix(tongfa, base, browser, api);
        } finally {
            partner.stop(0);
        }
        System.exit(0);
    }

    static ConfigurableApplicationContext start(Path dir, int partnerPort) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("bench") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--spring.datasource.username=sa", "--spring.datasource.password=",
                // Hikari as always, counting the statements each page prepares.
                "--spring.datasource.type=" + CountingDataSource.class.getName(),
                "--tongfa.data-directory=" + dir,
                "--tongfa.node-id=console-bench",
                "--tongfa.api.tokens.bench=" + TOKEN,
                "--tongfa.api.token-roles.bench=DRAFTER,REVIEWER,CONFIDENTIALITY,SIGNER,OPERATOR,ADMIN",
                "--tongfa.channels.archive.directory=" + dir.resolve("archive"),
                "--tongfa.channels.internal.type=folder",
                "--tongfa.channels.internal.public=false",
                "--tongfa.channels.internal.directory=" + dir.resolve("internal"),
                "--tongfa.channels.nanfang.enabled=true",
                "--tongfa.channels.nanfang.url=http://127.0.0.1:" + partnerPort + "/nanfang",
                "--tongfa.channels.nanfang.allow-private-network=true",
                "--tongfa.channels.nanfang.secret=console-bench-secret-0123456789",
                "--tongfa.columns.news.channels=" + String.join(",", CHANNELS),
                "--tongfa.columns.news.review=none",
                "--logging.level.org.tongfa=WARN",
                "--logging.file.name=" + dir.resolve("tongfa.log"),
                "--logging.threshold.console=OFF",
                "--spring.main.log-startup-info=false"));
        return new SpringApplicationBuilder(TongfaApplication.class).run(args.toArray(String[]::new));
    }

    /**
     * {@code count} drafts through the item service, then: nine in ten published on every channel (one
     * delivery in fifty of those FAILED with an error), the rest left as drafts.
     */
    static List<String> seed(ConfigurableApplicationContext tongfa, int count) throws Exception {
        ItemService service = tongfa.getBean(ItemService.class);
        // Created by two threads, as two drafters would: the machine has two cores.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<java.util.concurrent.Future<String>> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String title = "关于第" + (i + 1) + "号工作动态的通报";
            created.add(pool.submit(() -> service.create(ItemRequests.news(title, CHANNELS), TestCallers.EDITOR).id()));
        }
        List<String> ids = new ArrayList<>();
        for (java.util.concurrent.Future<String> id : created) {
            ids.add(id.get());
        }
        pool.shutdown();
        DataSource data = tongfa.getBean(DataSource.class);
        Instant now = Instant.now();
        try (Connection connection = data.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement published = connection.prepareStatement("UPDATE item SET status = 'PUBLISHED', "
                    + "released_version = current_version, first_published_at = ?, last_published_at = ? WHERE id = ?");
                    PreparedStatement delivery = connection.prepareStatement("INSERT INTO delivery (item_id, item_version, "
                            + "channel, action, status, attempts, retry_from, next_attempt_at, last_error, remote_url, "
                            + "released_at, created_at, updated_at, delivered_at) VALUES (?, 1, ?, 'PUBLISH', ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < ids.size(); i++) {
                    if (i % 10 == 9) {
                        continue;
                    }
                    Timestamp at = Timestamp.from(now.minusSeconds((long) (ids.size() - i) * 60));
                    published.setTimestamp(1, at);
                    published.setTimestamp(2, at);
                    published.setString(3, ids.get(i));
                    published.addBatch();
                    for (int c = 0; c < CHANNELS.size(); c++) {
                        boolean failed = (i * CHANNELS.size() + c) % 50 == 7;
                        delivery.setString(1, ids.get(i));
                        delivery.setString(2, CHANNELS.get(c));
                        delivery.setString(3, failed ? "FAILED" : "DELIVERED");
                        delivery.setInt(4, failed ? 2 : 1);
                        delivery.setTimestamp(5, failed ? Timestamp.from(now.plusSeconds(600)) : at);
                        delivery.setString(6, failed ? "HTTP 502 from partner" : null);
                        delivery.setString(7, failed ? null : "http://localhost/site/items/" + ids.get(i) + ".html");
                        delivery.setTimestamp(8, at);
                        delivery.setTimestamp(9, at);
                        delivery.setTimestamp(10, at);
                        delivery.setTimestamp(11, failed ? null : at);
                        delivery.addBatch();
                    }
                    if (i % 500 == 0) {
                        published.executeBatch();
                        delivery.executeBatch();
                    }
                }
                published.executeBatch();
                delivery.executeBatch();
            }
            connection.commit();
        }
        return ids;
    }

    /** A cookie-keeping client signed in through the console's form, with the CSRF token of its session. */
    static HttpClient signIn(String base, String login) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String page = client.send(HttpRequest.newBuilder(URI.create(base + "/console/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = CSRF.matcher(page);
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the sign-in page");
        }
        HttpResponse<String> signedIn = client.send(HttpRequest.newBuilder(URI.create(base + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("login=" + login + "&password="
                        + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (signedIn.statusCode() != 302 || signedIn.headers().firstValue("Location").orElse("").contains("error")) {
            throw new IllegalStateException("sign-in refused: " + signedIn.headers().map());
        }
        return client;
    }

    private static void measure(HttpClient client, String what, String url, int requests) throws Exception {
        for (int i = 0; i < Math.max(50, requests / 3); i++) {
            get(client, url);
        }
        long[] nanos = new long[requests];
        int bytes = 0;
        long statements = CountingDataSource.byThread("http-nio-");
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            bytes = get(client, url).length();
            nanos[i] = System.nanoTime() - start;
        }
        statements = CountingDataSource.byThread("http-nio-") - statements;
        System.out.println(percentiles(what, nanos) + String.format("  %d kB  %.1f SQL statements a request  load %.1f",
                bytes / 1024, (double) statements / requests, load()));
    }

    private static String get(HttpClient client, String url) throws Exception {
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (page.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + page.statusCode());
        }
        return page.body();
    }

    /**
     * Opens the matrix's event stream, then retries failed deliveries one at a time through the API and
     * times each from the request to the first event line naming the delivery.
     */
    private static void liveMatrix(ConfigurableApplicationContext tongfa, String base, HttpClient browser, HttpClient api)
            throws Exception {
        DataSource data = tongfa.getBean(DataSource.class);
        List<Long> failed = new ArrayList<>();
        List<String> items = new ArrayList<>();
        try (Connection connection = data.getConnection();
                var rows = connection.createStatement().executeQuery(
                        "SELECT id, item_id FROM delivery WHERE status = 'FAILED' AND channel = 'internal' ORDER BY id DESC LIMIT 20")) {
            while (rows.next()) {
                failed.add(rows.getLong(1));
                items.add(rows.getString(2));
            }
        }
        ConcurrentHashMap<Long, Long> seen = new ConcurrentHashMap<>();
        // The stream's first message carries every watched cell: only what comes after a delivery's retry counts.
        ConcurrentHashMap<Long, Long> armed = new ConcurrentHashMap<>();
        HttpResponse<InputStream> stream = browser.send(HttpRequest.newBuilder(URI.create(base
                        // as the matrix page asks: the items its rows show
                        + "/console/deliveries/events?items=" + String.join(",", items)))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        if (stream.statusCode() != 200) {
            throw new IllegalStateException("event stream answered " + stream.statusCode());
        }
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    long at = System.nanoTime();
                    for (Long id : armed.keySet()) {
                        // The cell's element id names its item and channel (a delivered cell has no retry form).
                        String item = items.get(failed.indexOf(id));
                        if (at > armed.get(id) && line.contains(item) && line.contains("internal")) {
                            seen.putIfAbsent(id, at);
                        }
                    }
                }
            } catch (Exception closed) {
                // the stream ends with the benchmark
            }
        });
        Thread.sleep(500);
        long[] nanos = new long[failed.size()];
        for (int i = 0; i < failed.size(); i++) {
            long id = failed.get(i);
            long start = System.nanoTime();
            armed.put(id, start);
            HttpResponse<String> retried = api.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/deliveries/" + id + "/retry"))
                    .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (retried.statusCode() / 100 != 2) {
                throw new IllegalStateException("retry " + id + ": " + retried.statusCode() + " " + retried.body());
            }
            long deadline = start + TimeUnit.SECONDS.toNanos(10);
            while (!seen.containsKey(id) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            if (!seen.containsKey(id)) {
                throw new IllegalStateException("no event named delivery " + id + " within 10 s");
            }
            nanos[i] = seen.get(id) - start;
            Thread.sleep(200);
        }
        reader.cancel(true);
        System.out.println(percentiles("ledger change -> matrix event", nanos) + String.format("  load %.1f", load()));
    }

    private static String percentiles(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("%-32s n=%-4d p50 %7.2f ms  p95 %7.2f ms  max %7.2f ms", what, sorted.length,
                at(sorted, 0.50), at(sorted, 0.95), sorted[sorted.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
