package org.tongfa.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.tongfa.TongfaApplication;
import org.tongfa.item.ItemService;
import org.tongfa.item.ItemView;
import org.tongfa.support.ItemRequests;
import org.tongfa.support.TestCallers;
import org.tongfa.support.TestColumns;

/**
 * The feed figures of issue 4, on one machine in one run: {@code 304} and {@code 200} responses per
 * second for {@code /feeds/all.rss}, each as a ratio to a bare JDK {@link HttpServer} answering the same
 * bytes with the same validators, and the time from publishing one item to its entry being served.
 *
 * <p>Run with {@code mvn -o -q -B -Pbench -Dbench.main=org.tongfa.bench.FeedBenchmark test-compile exec:exec}
 * (the profile passes {@code -Dsun.net.httpserver.nodelay=true}; without it the bare server stalls
 * 40 ms per response and the ratio means nothing). Options: {@code -Dbench.args="<seconds> <threads> <items>"},
 * default {@code 5 8 50}. Client, Tongfa and the bare server share the machine's cores, the same way
 * for both servers.
 */
public final class FeedBenchmark {

    private FeedBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int items = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        if (!"true".equals(System.getProperty("sun.net.httpserver.nodelay"))) {
            System.err.println("Start with -Dsun.net.httpserver.nodelay=true (the bench profile does)");
            System.exit(2);
        }
        Path dir = Files.createTempDirectory("tongfa-feed-bench-");
        try (ConfigurableApplicationContext tongfa = start(dir)) {
            String port = tongfa.getEnvironment().getProperty("local.server.port");
            String feedUrl = "http://127.0.0.1:" + port + "/feeds/all.rss";
            ItemService itemService = tongfa.getBean(ItemService.class);
            OkHttpClient client = client(threads);

            for (int i = 0; i < items; i++) {
                publish(itemService, "基准测试条目 " + i);
            }
            // Every entry, not just the last: deliveries run concurrently and may finish in any order,
            // and the validators must not change under the measurement.
            for (int i = 0; i < items; i++) {
                awaitInFeed(client, feedUrl, "基准测试条目 " + i + "<", Duration.ofSeconds(60));
            }
            Response first = client.newCall(new Request.Builder().url(feedUrl).build()).execute();
            byte[] body = first.body().bytes();
            String etag = first.header("ETag");
            String lastModified = first.header("Last-Modified");
            String contentType = first.header("Content-Type");
            String cacheControl = first.header("Cache-Control");
            String link = first.header("Link");
            first.close();

            HttpServer bare = bareServer(body, etag, lastModified, contentType, cacheControl, link);
            String bareUrl = "http://127.0.0.1:" + bare.getAddress().getPort() + "/feeds/all.rss";
            try {
                System.out.printf("feed: %d items, %d bytes; %d client threads, %.0f s per run%n", items, body.length,
                        threads, seconds);
                // Warm both servers (JIT, connection pools) before measuring.
                load(client, threads, feedUrl, null, 3);
                load(client, threads, bareUrl, null, 3);
                load(client, threads, feedUrl, etag, 3);
                load(client, threads, bareUrl, etag, 3);

                double tongfa304 = load(client, threads, feedUrl, etag, seconds);
                double bare304 = load(client, threads, bareUrl, etag, seconds);
                double tongfa200 = load(client, threads, feedUrl, null, seconds);
                double bare200 = load(client, threads, bareUrl, null, seconds);
                System.out.printf("%-6s %14s %14s %8s %8s%n", "status", "tongfa req/s", "bare req/s", "ratio", "target");
                System.out.printf("%-6s %14.0f %14.0f %7.0f%% %8s%n", "304", tongfa304, bare304, 100 * tongfa304 / bare304, ">=60%");
                System.out.printf("%-6s %14.0f %14.0f %7.0f%% %8s%n", "200", tongfa200, bare200, 100 * tongfa200 / bare200, ">=50%");
            } finally {
                bare.stop(0);
            }

            long[] visible = new long[5];
            for (int i = 0; i < visible.length; i++) {
                long start = System.nanoTime();
                String title = "时效测试 " + i;
                publish(itemService, title);
                awaitInFeed(client, feedUrl, title, Duration.ofSeconds(10));
                visible[i] = (System.nanoTime() - start) / 1_000_000;
            }
            Arrays.sort(visible);
            System.out.printf("publish -> entry served: median %d ms, max %d ms over %d publications (target < 1000 ms)%n",
                    visible[visible.length / 2], visible[visible.length - 1], visible.length);
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
        System.exit(0);
    }

    /** Tongfa on a fresh H2 file database in {@code dir}, default channels, its log in a file (also for SearchBenchmark). */
    static ConfigurableApplicationContext start(Path dir) {
        return new SpringApplicationBuilder(TongfaApplication.class).run(java.util.stream.Stream.concat(
                TestColumns.unreviewed().entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()),
                java.util.stream.Stream.of("--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("bench") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--spring.datasource.username=sa",
                "--spring.datasource.password=",
                "--tongfa.data-directory=" + dir,
                "--tongfa.channels.archive.directory=" + dir.resolve("archive"),
                "--tongfa.node-id=feed-bench",
                "--tongfa.api.tokens.editor=bench",
                "--logging.level.org.tongfa=WARN",
                "--logging.file.name=" + dir.resolve("tongfa.log"),
                "--logging.threshold.console=OFF",
                "--spring.main.log-startup-info=false")).toArray(String[]::new));
    }

    private static void publish(ItemService items, String title) {
        ItemView item = items.create(ItemRequests.news(title, List.of("feeds")), TestCallers.EDITOR);
        items.publish(item.id(), null, TestCallers.EDITOR);
    }

    private static void awaitInFeed(OkHttpClient client, String url, String title, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
                if (response.body().string().contains(title)) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException(title + " did not appear in " + url + " within " + limit);
    }

    /** A bare JDK server answering the same bytes and headers, with the same 304 rule. */
    private static HttpServer bareServer(byte[] body, String etag, String lastModified, String contentType,
            String cacheControl, String link) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/feeds/all.rss", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.getResponseHeaders().set("Last-Modified", lastModified);
            exchange.getResponseHeaders().set("Cache-Control", cacheControl);
            exchange.getResponseHeaders().set("Link", link);
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", contentType);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors() * 2));
        server.start();
        return server;
    }

    private static OkHttpClient client(int threads) {
        Duration timeout = Duration.ofSeconds(5);
        OkHttpClient.Builder builder = new OkHttpClient.Builder().callTimeout(timeout).proxy(Proxy.NO_PROXY)
                .connectionPool(new ConnectionPool(threads * 2, 1, TimeUnit.MINUTES)).retryOnConnectionFailure(false);
        return builder.build();
    }

    /** Responses per second with the expected status (304 with {@code ifNoneMatch}, else 200). */
    private static double load(OkHttpClient client, int threads, String url, String ifNoneMatch, double seconds)
            throws Exception {
        int expected = ifNoneMatch == null ? 200 : 304;
        AtomicLong ok = new AtomicLong();
        AtomicLong other = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                Request.Builder request = new Request.Builder().url(url);
                if (ifNoneMatch != null) {
                    request.header("If-None-Match", ifNoneMatch);
                }
                Request built = request.build();
                while (System.nanoTime() < deadline) {
                    try (Response response = client.newCall(built).execute()) {
                        response.body().bytes();
                        (response.code() == expected ? ok : other).incrementAndGet();
                    } catch (IOException e) {
                        other.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get((long) (seconds * 1000) + 30_000, TimeUnit.MILLISECONDS);
        }
        pool.shutdownNow();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (other.get() > 0) {
            System.out.printf("  (%s: %d responses other than %d)%n", url, other.get(), expected);
        }
        return ok.get() / elapsed;
    }
}
