package org.tongfa.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tongfa.support.ServiceProcess;
import org.tongfa.support.TestDatabases;

/**
 * Issue 15, "several nodes for real": two service processes (separate JVMs, node ids {@code node-a}
 * and {@code node-b}) on one embedded PostgreSQL database, as the README's several-nodes set-up runs
 * them. The partners are WireMock webhooks; the pull channels (website, feeds) are served by each node.
 *
 * <p>The first test: a publication delivered on one node is served by the other node's {@code /site/},
 * {@code /feeds/} and lobby screen feed within the refresh interval, with the same ETags (and, but for
 * the screen feed's {@code generatedAt}, the same bytes). The second:
 * a burst to three webhooks and a batch of scheduled releases, node A killed ({@code kill -9}) while
 * it holds leased rows; node B must take those rows when their lease lapses (not before), every
 * delivery ends DELIVERED under one idempotency key per (item, channel), only the requests A had in
 * flight are sent again, each scheduled release happens once, and A, restarted, delivers again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralNodesIntegrationTest {

    private static final List<String> HOOKS = List.of("w1", "w2", "w3");
    /**
     * Short, and still valid: the shortest lease the service accepts (DeliveryBounds.MIN_LEASE), longer than
     * one attempt with its short retries (a 2 s webhook timeout, three tries, 200 + 400 ms back-off: 6.6 s),
     * so no live node's attempt is ever taken from it.
     */
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration REFRESH = Duration.ofSeconds(1);
    private static final String SCREEN_FEED = "/display/screens/lobby/feed.json";
    /** Configured, the same on both nodes: a generated key would differ between them. */
    private static final String SCREEN_KEY = "several-nodes-screen-key";
    private static final Pattern ITEM_ID = Pattern.compile("\"itemId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    private Path dir;
    private final WireMockServer wire = new WireMockServer(wireMockConfig().dynamicPort());
    private final HttpClient http = HttpClient.newHttpClient();
    private String databaseUrl;
    private JdbcClient db;
    private ServiceProcess a;
    private ServiceProcess b;
    private int counter;

    @BeforeAll
    void startTwoNodes(@TempDir Path dir) throws Exception {
        this.dir = dir;
        wire.start();
        for (String hook : HOOKS) {
            // Slow enough that the kill finds requests in flight and rows claimed but not yet sent.
            wire.stubFor(post("/" + hook).willReturn(okJson("{\"id\":\"" + hook + "\"}").withFixedDelay(600)));
        }
        databaseUrl = TestDatabases.postgresUrl();
        // Migrated once here, so the two nodes start side by side instead of waiting on Flyway's lock.
        db = JdbcClient.create(TestDatabases.migrated(databaseUrl));
        CompletableFuture<ServiceProcess> first = CompletableFuture.supplyAsync(() -> start("node-a", "a.log"));
        b = start("node-b", "b.log");
        a = first.join();
    }

    private ServiceProcess start(String node, String log) {
        List<String> args = new ArrayList<>(List.of(
                "--tongfa.delivery.poll-interval=200ms",
                "--tongfa.delivery.lease=" + LEASE.toSeconds() + "s",
                // A scheduled release the dead node had claimed is tried by the survivor after this.
                "--tongfa.scheduling.lease=" + LEASE.toSeconds() + "s",
                "--tongfa.channels.website.refresh-interval=" + REFRESH.toMillis() + "ms",
                "--tongfa.channels.feeds.refresh-interval=" + REFRESH.toMillis() + "ms",
                "--tongfa.display.refresh-interval=" + REFRESH.toMillis() + "ms",
                "--tongfa.screens.lobby.key=" + SCREEN_KEY,
                // No configured channel's call may outlast the hooks' 2 s, enabled or not, so the lease stays valid
                // however its bound is reckoned: the hub call, the news app and WeChat otherwise allow 10-15 s.
                "--tongfa.channels.feeds.timeout=2s", "--tongfa.channels.nanfang.timeout=2s",
                "--tongfa.channels.gzh.timeout=2s",
                "--logging.level.org.tongfa=WARN",
                // "released on schedule" and "is stale" are the scheduled releases' evidence
                "--logging.level.org.tongfa.item.ItemService=INFO"));
        for (String hook : HOOKS) {
            String p = "--tongfa.channels." + hook + ".";
            args.addAll(List.of(p + "type=webhook", p + "url=" + wire.baseUrl() + "/" + hook,
                    p + "secret=several-nodes-secret", p + "allow-private-network=true", p + "concurrency=2",
                    p + "timeout=2s"));
        }
        try {
            Path home = Files.createDirectories(dir.resolve(node));
            return ServiceProcess.start(home, node, log, databaseUrl, args);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() throws IOException {
        for (ServiceProcess node : new ServiceProcess[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
        wire.stop();
        if (dir == null) {
            return;
        }
        // Keep the nodes' logs where a failed CI run can be read.
        Path logs = Files.createDirectories(Path.of("target", "several-nodes-logs"));
        for (String node : List.of("node-a", "node-b")) {
            try (Stream<Path> files = Files.exists(dir.resolve(node)) ? Files.list(dir.resolve(node)) : Stream.empty()) {
                for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                    Files.copy(log, logs.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    @Order(1)
    void aPublicationDeliveredOnOneNodeIsServedByTheOtherWithinTheRefreshIntervalUnderTheSameETags() throws Exception {
        String pull = "[\"website\",\"feeds\",\"display\"]";
        String before = publish(a, pull, null);
        awaitDelivered(List.of(before), 3);
        // Both nodes have rendered the site and the feeds once, so what follows is a refresh on the one
        // that did not deliver, not its first rendering.
        for (ServiceProcess node : List.of(a, b)) {
            assertThat(get(node, "/site/items/" + before + ".html").statusCode()).isEqualTo(200);
            assertThat(get(node, "/feeds/all.atom").statusCode()).isEqualTo(200);
            assertThat(get(node, SCREEN_FEED).statusCode()).isEqualTo(200);
        }
        Map<ServiceProcess, Map<String, Double>> delivered = Map.of(a, deliveredCounts(a), b, deliveredCounts(b));

        String id = publish(a, pull, null);
        awaitDelivered(List.of(id), 3);
        Instant deliveredAt = Instant.now();
        for (String channel : List.of("website", "feeds", "display")) {
            ServiceProcess deliverer = deliveredCounts(a).getOrDefault(channel, 0.0) > delivered.get(a).getOrDefault(channel, 0.0)
                    ? a : b;
            ServiceProcess other = deliverer == a ? b : a;
            // Within the refresh interval, plus the one rendering that the first request after it does.
            await().atMost(REFRESH.plusSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> switch (channel) {
                case "website" -> get(other, "/site/items/" + id + ".html").statusCode() == 200;
                case "feeds" -> get(other, "/feeds/all.atom").body().contains(id);
                default -> get(other, SCREEN_FEED).body().contains(id);
            });
            System.out.printf("%s delivered on %s, served by %s %d ms later%n", channel, name(deliverer), name(other),
                    Duration.between(deliveredAt, Instant.now()).toMillis());
        }

        for (String path : List.of("/site/", "/site/items/" + id + ".html", "/site/columns/news/index.html",
                "/site/elder/items/" + id + ".html", "/feeds/all.atom", "/feeds/all.rss", "/feeds/all.json",
                "/feeds/columns/news.atom", SCREEN_FEED)) {
            HttpResponse<String> onA = get(a, path);
            HttpResponse<String> onB = get(b, path);
            assertThat(onA.statusCode()).as(path).isEqualTo(200);
            if (!path.equals(SCREEN_FEED)) {
                // A screen's feed says when it was generated; its tag leaves that out.
                assertThat(onB.body()).as("the same bytes from both nodes at " + path).isEqualTo(onA.body());
            }
            String etag = onA.headers().firstValue("ETag").orElseThrow(() -> new AssertionError(path + " has no ETag"));
            assertThat(onB.headers().firstValue("ETag")).as("the same ETag from both nodes at " + path).hasValue(etag);
            // A reader or a proxy that got the page from one node revalidates it at the other.
            assertThat(get(b, path, "If-None-Match", etag).statusCode()).as(path).isEqualTo(304);
            assertThat(get(a, path, "If-None-Match", etag).statusCode()).as(path).isEqualTo(304);
        }
    }

    @Test
    @Order(2)
    void nodeKilledInTheMiddleLeavesItsLeasedRowsToTheSurvivorWhenTheLeaseLapsesAndRejoins() throws Exception {
        String hooks = "[\"w1\",\"w2\",\"w3\"]";
        // A batch of scheduled releases, due one a second from before the kill to well after it.
        Instant firstDue = Instant.now().plusMillis(1500);
        List<String> scheduled = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            scheduled.add(publish(i % 2 == 0 ? a : b, hooks, firstDue.plusSeconds(i)));
        }
        List<String> burst = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            burst.add(publish(i % 2 == 0 ? a : b, hooks, null));
        }

        // In the middle: part of the burst and of the batch done, and rows claimed by A still open.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() ->
                db.sql("SELECT count(*) FROM delivery WHERE status = 'DELIVERED' AND item_id IN (:ids)")
                        .param("ids", burst).query(Long.class).single() >= 6
                && db.sql("SELECT count(*) FROM item WHERE status = 'PUBLISHED' AND id IN (:ids)")
                        .param("ids", scheduled).query(Long.class).single() >= 1
                && db.sql("SELECT count(*) FROM delivery WHERE status = 'IN_PROGRESS' AND lease_owner = 'node-a'")
                        .query(Long.class).single() >= 2);
        a.kill();
        // What A wrote before it died may still reach the receiver for a moment: later than this, only B sends.
        Instant settled = Instant.now().plusMillis(200);
        List<Held> held = db.sql("SELECT id, item_id, channel, attempts, lease_until FROM delivery "
                        + "WHERE status = 'IN_PROGRESS' AND lease_owner = 'node-a'")
                .query((rs, n) -> new Held(rs.getLong("id"), rs.getString("item_id"), rs.getString("channel"),
                        rs.getInt("attempts"), rs.getTimestamp("lease_until").toInstant()))
                .list();
        long deliveredAtKill = db.sql("SELECT count(*) FROM delivery WHERE status = 'DELIVERED' AND item_id IN (:ids)")
                .param("ids", burst).query(Long.class).single();
        long releasedAtKill = db.sql("SELECT count(*) FROM item WHERE status = 'PUBLISHED' AND id IN (:ids)")
                .param("ids", scheduled).query(Long.class).single();
        System.out.printf("node-a killed holding %d rows; %d of %d burst deliveries done, %d of %d scheduled items "
                + "released%n", held.size(), deliveredAtKill, burst.size() * 3, releasedAtKill, scheduled.size());
        assertThat(held).as("node A held rows when it was killed").isNotEmpty();
        assertThat(deliveredAtKill).as("killed in the middle, not after the burst").isLessThan(burst.size() * 3L);
        assertThat(releasedAtKill).as("killed before the last scheduled release").isLessThan(scheduled.size());

        List<String> all = new ArrayList<>(burst);
        all.addAll(scheduled);
        awaitDelivered(all, HOOKS.size());

        Map<String, List<LoggedRequest>> byKey = requestsByKey();
        for (Held row : held) {
            String key = "tf-" + row.itemId() + "-" + row.id();
            Integer attempts = db.sql("SELECT attempts FROM delivery WHERE id = ?").param(row.id()).query(Integer.class).single();
            assertThat(attempts).as("row %d taken again after the kill", row.id()).isGreaterThan(row.attempts());
            List<Instant> sent = byKey.getOrDefault(key, List.of()).stream().map(r -> r.getLoggedDate().toInstant()).toList();
            // A was dead, so B sent these; it waited for A's lease to lapse (WireMock logs to the millisecond).
            Instant lapsed = row.leaseUntil().minusMillis(1);
            assertThat(sent).as("row %d sent by the survivor once A's lease lapsed at %s", row.id(), row.leaseUntil())
                    .anySatisfy(at -> assertThat(at).isAfterOrEqualTo(lapsed));
            assertThat(sent).as("row %d not taken before A's lease lapsed at %s", row.id(), row.leaseUntil())
                    .noneSatisfy(at -> assertThat(at).isAfter(settled).isBefore(lapsed));
        }

        System.out.printf("node-b took node-a's %d rows %d-%d ms after the kill (lease %d s)%n", held.size(),
                firstSendAfter(held, byKey, settled).stream().mapToLong(Long::longValue).min().orElse(-1),
                firstSendAfter(held, byKey, settled).stream().mapToLong(Long::longValue).max().orElse(-1), LEASE.toSeconds());
        Set<String> heldKeys = new HashSet<>();
        held.forEach(row -> heldKeys.add("tf-" + row.itemId() + "-" + row.id()));
        assertOneKeyPerItemAndChannel(all, byKey);
        byKey.forEach((key, requests) -> {
            if (requests.size() > 1) {
                assertThat(heldKeys).as("%s sent again though node A did not hold it at the kill", key).contains(key);
                assertThat(requests.get(0).getLoggedDate().toInstant())
                        .as("%s was in flight at the kill", key).isBefore(settled);
                assertThat(requests).as("%s sent once by A, once by B", key).hasSize(2);
            }
        });

        String logA = Files.readString(a.dir().resolve("a.log"));
        String logs = logA + Files.readString(b.dir().resolve("b.log"));
        System.out.printf("scheduled releases: %d on node-a, the rest on node-b%n",
                scheduled.stream().filter(id -> logA.contains("Item " + id + " v1 released on schedule")).count());
        for (String id : scheduled) {
            assertThat(db.sql("SELECT count(*) FROM audit_entry WHERE action = 'RELEASE' AND item_id = ?").param(id)
                    .query(Long.class).single()).as("scheduled item %s released once", id).isEqualTo(1);
            assertThat(logs).as("no second release job ran for %s", id).doesNotContain("item " + id + " at")
                    .contains("Item " + id + " v1 released on schedule");
        }

        ServiceProcess survivor = b;
        a = start("node-a", "a-restarted.log");
        double before = deliveredCounts(a).values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(before).isZero();
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            after.add(publish(survivor, hooks, null));
        }
        awaitDelivered(after, HOOKS.size());
        assertThat(deliveredCounts(a).values().stream().mapToDouble(Double::doubleValue).sum())
                .as("the restarted node takes its share of the work").isPositive();
        // And it is back in the Quartz cluster: two live members (the dead instance's row is gone or stale).
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> db.sql(
                        "SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = 'tongfa' AND last_checkin_time > ?")
                .param(System.currentTimeMillis() - 10_000).query(Long.class).single() == 2);
        List<String> everything = new ArrayList<>(all);
        everything.addAll(after);
        assertOneKeyPerItemAndChannel(everything, requestsByKey());
    }

    /** For each held row, ms from {@code since} to its first request after then. */
    private static List<Long> firstSendAfter(List<Held> held, Map<String, List<LoggedRequest>> byKey, Instant since) {
        List<Long> delays = new ArrayList<>();
        for (Held row : held) {
            byKey.getOrDefault("tf-" + row.itemId() + "-" + row.id(), List.of()).stream()
                    .map(r -> r.getLoggedDate().toInstant()).filter(at -> at.isAfter(since)).findFirst()
                    .ifPresent(at -> delays.add(Duration.between(since, at).toMillis()));
        }
        return delays;
    }

    /** A row node A held at the kill. */
    private record Held(long id, String itemId, String channel, int attempts, Instant leaseUntil) {
    }

    /** Creates an item in the news column for {@code channels} and publishes it now or at {@code at}. */
    private String publish(ServiceProcess node, String channels, Instant at) throws Exception {
        int n = ++counter;
        String created = node.post("/api/v1/items", """
                {"title":"多节点 %d","body":"<p>第 %d 条</p>","department":"市工业和信息化局","column":"news",
                 "disclosure":{"type":"PROACTIVE"},"indexNumber":"11440100-2026-%05d","channels":%s}"""
                .formatted(n, n, n, channels));
        Matcher m = ID.matcher(created);
        assertThat(m.find()).as(created).isTrue();
        String id = m.group(1);
        node.post("/api/v1/items/" + id + "/publish", at == null ? "{}" : "{\"publishAt\":\"" + at + "\"}");
        return id;
    }

    private void awaitDelivered(List<String> items, int channels) {
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                long done = db.sql("SELECT count(*) FROM delivery WHERE status = 'DELIVERED' AND item_id IN (:ids)")
                        .param("ids", items).query(Long.class).single();
                return done == (long) items.size() * channels;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not delivered: items " + db.sql("SELECT id, status, scheduled_at FROM item "
                    + "WHERE id IN (:ids) AND status <> 'PUBLISHED'").param("ids", items).query().listOfRows()
                    + ", deliveries " + db.sql("SELECT id, item_id, channel, status, attempts, lease_owner, lease_until, "
                    + "last_error FROM delivery WHERE item_id IN (:ids) AND status <> 'DELIVERED'").param("ids", items)
                    .query().listOfRows(), e);
        }
    }

    /** Every webhook request received, by its idempotency key ({@code webhook-id}), oldest first. */
    private Map<String, List<LoggedRequest>> requestsByKey() {
        Map<String, List<LoggedRequest>> byKey = new HashMap<>();
        for (LoggedRequest r : wire.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()))) {
            byKey.computeIfAbsent(r.getHeader("webhook-id"), k -> new ArrayList<>()).add(r);
        }
        byKey.values().forEach(list -> list.sort((x, y) -> x.getLoggedDate().compareTo(y.getLoggedDate())));
        return byKey;
    }

    private void assertOneKeyPerItemAndChannel(List<String> items, Map<String, List<LoggedRequest>> byKey) {
        for (String hook : HOOKS) {
            Map<String, Set<String>> keysByItem = new HashMap<>();
            byKey.forEach((key, requests) -> requests.stream().filter(r -> r.getUrl().equals("/" + hook)).forEach(r -> {
                Matcher m = ITEM_ID.matcher(r.getBodyAsString());
                assertThat(m.find()).isTrue();
                keysByItem.computeIfAbsent(m.group(1), k -> new HashSet<>()).add(key);
            }));
            assertThat(keysByItem.keySet()).as("every item reached " + hook).containsAll(items);
            assertThat(keysByItem.values()).as("one idempotency key per item on " + hook)
                    .allSatisfy(keys -> assertThat(keys).hasSize(1));
        }
    }

    /** {@code tongfa_deliveries_total{outcome="delivered"}} by channel, as the node counts its own. */
    private Map<String, Double> deliveredCounts(ServiceProcess node) throws Exception {
        Map<String, Double> counts = new HashMap<>();
        Matcher m = Pattern.compile("tongfa_deliveries_total\\{([^}]*)} ([0-9.eE+-]+)")
                .matcher(node.get("/actuator/prometheus").body());
        while (m.find()) {
            Matcher channel = Pattern.compile("channel=\"([^\"]+)\"").matcher(m.group(1));
            if (m.group(1).contains("outcome=\"delivered\"") && channel.find()) {
                counts.merge(channel.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return counts;
    }

    /** A GET as a reader sends it (no token), with {@code headers} as name, value, name, value... */
    private HttpResponse<String> get(ServiceProcess node, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (path.startsWith(SCREEN_FEED)) {
            request.header("X-Screen-Key", SCREEN_KEY);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String name(ServiceProcess node) {
        return node == a ? "node-a" : "node-b";
    }
}
