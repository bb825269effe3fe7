package org.tongfa.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tongfa.TongfaApplication;
import org.tongfa.support.ServiceProcess;
import org.tongfa.support.TestDatabases;

/**
 * Tongfa started in the benchmark's JVM: a fresh H2 database in a temp directory (or a given PostgreSQL
 * database, see {@link Database}), a random port, one webhook channel per sink path and a {@code bench}
 * column that targets them all. Everything is passed as command-line arguments so that it wins over
 * {@code config/application.yml}. Delivery settings (poll interval, lease, retries, breaker) are the
 * configured defaults.
 *
 * <p>Two instances in one JVM cannot be two nodes of one Quartz cluster: the cluster needs one scheduler
 * name, and Quartz registers its job store's connection provider JVM-wide under that name, so both nodes'
 * Quartz would use the data source of the one started last (tried: scheduled releases then fail with
 * "Connection is closed"). Several nodes are separate processes ({@link #process}, through
 * {@code support/ServiceProcess}).
 */
final class TongfaInstance implements AutoCloseable {

    /** The database a benchmark runs on: {@code --database h2|postgresql}. */
    enum Database {
        /** A file database of the instance's own, in its temp directory. */
        H2,
        /** A fresh database on the embedded PostgreSQL server the tests use (started on first use). */
        POSTGRESQL;

        static Database parse(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "h2" -> H2;
                case "postgresql", "postgres" -> POSTGRESQL;
                default -> throw new IllegalArgumentException("--database must be h2 or postgresql, not " + name);
            };
        }

        /** A JDBC URL of a fresh, empty database, or {@code null} for H2 (each instance makes its own). */
        String freshUrl() {
            return this == H2 ? null : TestDatabases.postgresUrl();
        }

        @Override
        public String toString() {
            return this == H2 ? "H2" : "PostgreSQL (embedded)";
        }
    }

    static final String TOKEN = "bench";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final String BODY_TEXT = "<p>" + "The office announces the benchmark item; this paragraph stands in for "
            + "a press release of ordinary length, with a few sentences about a policy, its scope and the "
            + "departments concerned. ".repeat(4) + "</p>";

    private final Path dir;
    /** The in-process instance, or {@code null} when it is a separate process. */
    private final ConfigurableApplicationContext context;
    /** The separate process, or {@code null} when it runs in this JVM. */
    private final ServiceProcess process;
    private final JdbcClient jdbc;
    private final String token;
    private final URI base;
    private final HttpClient http;

    /**
     * @param channels the webhook channels of the {@code bench} column, in order
     * @param sink where every channel posts
     * @param log where Tongfa's own log goes (the console stays for the benchmark's table)
     */
    TongfaInstance(List<String> channels, WebhookSink sink, Path log) throws IOException {
        this(channels, sink, log, null);
    }

    /**
     * @param databaseUrl a PostgreSQL database ({@link Database#freshUrl()}), or {@code null} for an H2 file
     *     database of its own
     */
    TongfaInstance(List<String> channels, WebhookSink sink, Path log, String databaseUrl) throws IOException {
        this.dir = Files.createTempDirectory("tongfa-bench-");
        String url = databaseUrl != null ? databaseUrl
                : "jdbc:h2:file:" + dir.resolve("bench") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;QUERY_CACHE_SIZE=64" + System.getProperty("bench.h2-options", "");
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + (url.startsWith("jdbc:h2:") ? "sa" : "postgres"),
                "--spring.datasource.password=",
                "--tongfa.data-directory=" + dir,
                "--tongfa.node-id=bench",
                "--tongfa.api.tokens.editor=" + TOKEN,
                "--tongfa.channels.archive.directory=" + dir.resolve("archive"),
                "--logging.file.name=" + log,
                // Tongfa's log goes to the file above only; the console shows the benchmark.
                "--logging.threshold.console=OFF",
                "--spring.main.log-startup-info=false"));
        args.addAll(benchArguments(channels, sink));
        this.context = new SpringApplicationBuilder(TongfaApplication.class)
                .web(WebApplicationType.SERVLET)
                .logStartupInfo(false)
                .run(args.toArray(String[]::new));
        this.process = null;
        this.jdbc = context.getBean(JdbcClient.class);
        this.token = TOKEN;
        this.base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")
                + "/api/v1/items");
        this.http = client();
    }

    /**
     * Tongfa as a separate process, started as deployed ({@link ServiceProcess}: the service's JVM options),
     * on a PostgreSQL database several such nodes share.
     *
     * @param node its node id
     * @param log where its output goes
     * @param jdbc the shared database, for the benchmark's own counts
     */
    private TongfaInstance(List<String> channels, WebhookSink sink, Path log, String databaseUrl, String node,
            JdbcClient jdbc) throws IOException {
        this.dir = Files.createTempDirectory("tongfa-bench-" + node + "-");
        List<String> args = new ArrayList<>(benchArguments(channels, sink));
        // "released on schedule" tells which node released an item.
        args.add("--logging.level.org.tongfa.item.ItemService=INFO");
        this.context = null;
        this.process = ServiceProcess.start(dir, node, log.toAbsolutePath().toString(), databaseUrl, args);
        this.jdbc = jdbc;
        this.token = ServiceProcess.TOKEN;
        this.base = URI.create("http://127.0.0.1:" + process.port() + "/api/v1/items");
        this.http = client();
    }

    /** A separate process on the shared PostgreSQL database {@code databaseUrl}, already migrated. */
    static TongfaInstance process(List<String> channels, WebhookSink sink, Path log, String databaseUrl, String node,
            JdbcClient jdbc) throws IOException {
        return new TongfaInstance(channels, sink, log, databaseUrl, node, jdbc);
    }

    /**
     * {@code nodes} separate processes {@code node-1} ... on the PostgreSQL database {@code databaseUrl},
     * migrated once here so that they start side by side instead of waiting on Flyway's lock. If one does
     * not start, those that did are stopped and the failure is thrown.
     *
     * @param log where each node's output goes, by its node id
     */
    static List<TongfaInstance> processes(int nodes, List<String> channels, WebhookSink sink, String databaseUrl,
            java.util.function.Function<String, Path> log) throws IOException {
        JdbcClient shared = JdbcClient.create(TestDatabases.migrated(databaseUrl));
        List<java.util.concurrent.CompletableFuture<TongfaInstance>> starting = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            String node = "node-" + i;
            starting.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return process(channels, sink, log.apply(node), databaseUrl, node, shared);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        List<TongfaInstance> started = new ArrayList<>();
        RuntimeException failed = null;
        for (var f : starting) {
            try {
                started.add(f.join());
            } catch (RuntimeException e) {
                failed = e;
            }
        }
        if (failed != null) {
            for (TongfaInstance node : started) {
                node.close();
            }
            throw failed;
        }
        return started;
    }

    /** The settings both kinds share: the column, its webhook channels, the log level. */
    private static List<String> benchArguments(List<String> channels, WebhookSink sink) {
        List<String> args = new ArrayList<>(List.of(
                "--tongfa.public-base-url=http://localhost:8080",
                "--tongfa.channels.archive.enabled=false",
                "--tongfa.columns.bench.name=Bench",
                "--tongfa.columns.bench.channels=" + String.join(",", channels),
                "--tongfa.columns.bench.review=none",
                "--logging.level.org.tongfa=" + System.getProperty("bench.tongfa-log-level", "WARN")));
        for (String id : channels) {
            String p = "--tongfa.channels." + id + ".";
            args.add(p + "type=webhook");
            args.add(p + "url=" + sink.url(id));
            args.add(p + "secret=" + secret());
            args.add(p + "allow-private-network=true");
            args.add(p + "concurrency=4");
            args.add(p + "timeout=2s");
        }
        return args;
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static String secret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /**
     * Creates a draft in the {@code bench} column.
     *
     * @param channels the item's own channels, or empty for the column's
     * @return its id
     */
    String create(int n, List<String> channels) throws IOException, InterruptedException {
        String own = channels.isEmpty() ? ""
                : ",\"channels\":[" + String.join(",", channels.stream().map(c -> "\"" + c + "\"").toList()) + "]";
        String json = "{\"title\":\"Bench item " + n + "\",\"summary\":\"Item " + n + " of the fan-out benchmark\","
                + "\"body\":\"" + BODY_TEXT + "\",\"author\":\"Bench\",\"department\":\"Benchmark Office\","
                + "\"column\":\"bench\",\"disclosure\":{\"type\":\"PROACTIVE\"},\"indexNumber\":\"BENCH-" + n + "\""
                + own + "}";
        HttpResponse<String> response = send(HttpRequest.newBuilder(base)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("create answered " + response.statusCode() + ": " + response.body());
        }
        Matcher m = ID.matcher(response.body());
        if (!m.find()) {
            throw new IllegalStateException("create answered no id: " + response.body());
        }
        return m.group(1);
    }

    /** Publishes now; returns when Tongfa answered 202 (the ledger rows are committed by then). */
    void publish(String id) throws IOException, InterruptedException {
        publish(id, null);
    }

    /** Publishes at {@code at} (a scheduled release), or now when {@code null}; returns on Tongfa's 202. */
    void publish(String id, Instant at) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("items/" + id + "/publish"));
        if (at == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"publishAt\":\"" + at + "\"}"));
        }
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("publish " + id + " answered " + response.statusCode() + ": " + response.body());
        }
        if (System.getProperty("bench.debug") != null) {
            System.err.println("PUBLISHED " + id + " -> " + response.body());
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpRequest authorised = HttpRequest.newBuilder(request, (k, v) -> true)
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .build();
        return http.send(authorised, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Disables a channel as a 410 Gone would: its rows wait in the ledger. A separate process has no API
     * for it (only a partner's answer disables), so the benchmark writes the shared row a node's 410 writes,
     * which every node reads at its next claim.
     */
    void disable(String channel) {
        if (context != null) {
            context.getBean(org.tongfa.delivery.ChannelHealth.class).disable(channel, "benchmark: queue the burst");
            return;
        }
        jdbc.sql("INSERT INTO channel_state (channel, disabled, updated_at) SELECT :channel, FALSE, CURRENT_TIMESTAMP "
                        + "WHERE NOT EXISTS (SELECT 1 FROM channel_state WHERE channel = :channel)")
                .param("channel", channel).update();
        jdbc.sql("UPDATE channel_state SET disabled = TRUE, disabled_reason = 'benchmark: queue the burst', "
                        + "updated_at = CURRENT_TIMESTAMP WHERE channel = :channel")
                .param("channel", channel).update();
    }

    /**
     * Enables it again as an operator does, {@code POST /api/v1/channels/{id}/enable}: its route wakes on
     * this node, the other nodes see it at their next poll.
     */
    void enable(String channel) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                base.resolve("/api/v1/channels/" + channel + "/enable")).POST(HttpRequest.BodyPublishers.noBody()).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("enable " + channel + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** The instance's database, for a benchmark's own counts. */
    JdbcClient jdbc() {
        return jdbc;
    }

    /** Ledger rows by channel and status, to cross-check what the sink saw. */
    Map<String, Map<String, Long>> ledgerCounts() {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        jdbc
                .sql("SELECT channel, status, COUNT(*) AS n FROM delivery GROUP BY channel, status")
                .query((rs, i) -> counts.computeIfAbsent(rs.getString("channel"), c -> new TreeMap<>())
                        .put(rs.getString("status"), rs.getLong("n")))
                .list();
        return counts;
    }

    /** Prints the rows that are not DELIVERED, to explain a delivery that never arrived. */
    void dumpUndelivered(java.io.PrintStream out) {
        jdbc
                .sql("SELECT id, item_id, channel, status, attempts, next_attempt_at, lease_until, last_error "
                        + "FROM delivery WHERE status <> 'DELIVERED' ORDER BY id FETCH FIRST 20 ROWS ONLY")
                .query((rs, i) -> {
                    out.printf("  row %d %s %s %s attempts=%d next=%s lease=%s error=%s%n", rs.getLong(1),
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6),
                            rs.getString(7), rs.getString(8));
                    return null;
                })
                .list();
        jdbc
                .sql("SELECT i.id, i.status, (SELECT COUNT(*) FROM delivery d WHERE d.item_id = i.id) FROM item i "
                        + "ORDER BY i.created_at")
                .query((rs, i) -> {
                    out.printf("  item %s %s rows=%d%n", rs.getString(1), rs.getString(2), rs.getLong(3));
                    return null;
                })
                .list();
    }

    /** Items the API accepted and marked PUBLISHED that have no delivery row at all: lost releases. */
    int publishedWithoutRows() {
        return jdbc
                .sql("SELECT COUNT(*) FROM item i WHERE i.status = 'PUBLISHED' "
                        + "AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.item_id = i.id)")
                .query(Integer.class).single();
    }

    @Override
    public void close() throws IOException {
        if (context != null) {
            context.close();
        } else {
            process.terminate();
            try {
                if (!process.awaitExit(Duration.ofSeconds(30))) {
                    process.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.close();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
