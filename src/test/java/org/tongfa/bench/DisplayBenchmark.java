package org.tongfa.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.tongfa.TongfaApplication;
import org.tongfa.support.TestColumns;

/**
 * Lobby screens polling their feeds: N configured screens (default 10,000) each poll
 * {@code feed.json} with {@code If-None-Match} every P seconds (default 30, so about 333 requests/s),
 * open-loop at a fixed rate for D seconds (default 60), after one priming poll per screen. Halfway
 * through, one item is published to the screens' column, so every screen that polls afterwards gets
 * one {@code 200} with the new feed; the rest are {@code 304} ({@code --no-publish}: all {@code 304}). Prints latency percentiles (measured
 * from each request's scheduled start, so a stalled server cannot hide behind a slow client) and CPU.
 *
 * <p>Tongfa and the load run in this JVM: the figure to read is the CPU of Tomcat's request threads
 * ({@code http-nio-*}); the whole process (load generator included) is printed beside it.
 *
 * <pre>mvn -o -q -B -Pbench test-compile exec:exec -Dbench.main=org.tongfa.bench.DisplayBenchmark \
 *     -Dbench.args="--screens 10000 --poll 30 --duration 60 [--heartbeats] [--no-publish]"</pre>
 * {@code --heartbeats} also sends one heartbeat per poll, as the player does.
 */
public final class DisplayBenchmark {

    private DisplayBenchmark() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (argv[i].startsWith("--")) {
                boolean flag = i + 1 >= argv.length || argv[i + 1].startsWith("--");
                opts.put(argv[i].substring(2), flag ? "true" : argv[++i]);
            }
        }
        int screens = Integer.parseInt(opts.getOrDefault("screens", "10000"));
        int poll = Integer.parseInt(opts.getOrDefault("poll", "30"));
        int duration = Integer.parseInt(opts.getOrDefault("duration", "60"));
        boolean heartbeats = opts.containsKey("heartbeats");
        boolean publishMidway = !opts.containsKey("no-publish");

        System.out.printf("Starting Tongfa with %,d screens...%n", screens);
        long startAt = System.nanoTime();
        ConfigurableApplicationContext app = start("tongfa-display-bench-", screens, poll);
        System.out.printf("Started in %.1f s%n", (System.nanoTime() - startAt) / 1e9);
        String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(8)).connectTimeout(Duration.ofSeconds(5)).build();
        try {
            for (int i = 0; i < 5; i++) {
                publish(http, base, "大厅信息 " + i);
            }
            awaitItems(http, base, 5);

            AtomicReferenceArray<String> etags = new AtomicReferenceArray<>(screens);
            System.out.printf("Priming: one poll per screen...%n");
            List<CompletableFuture<?>> priming = new ArrayList<>();
            for (int s = 0; s < screens; s++) {
                priming.add(poll(http, base, s, etags, heartbeats));
                if (priming.size() >= 64) {
                    CompletableFuture.allOf(priming.toArray(CompletableFuture[]::new)).join();
                    priming.clear();
                }
            }
            CompletableFuture.allOf(priming.toArray(CompletableFuture[]::new)).join();

            double rate = (double) screens / poll;
            long periodNanos = (long) (1e9 / rate);
            int total = (int) (duration * rate);
            long[] latencies = new long[total];
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger notModified = new AtomicInteger();
            AtomicInteger other = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            AtomicLong sent = new AtomicLong();
            System.out.printf("Measuring: %,d screens every %d s = %.0f requests/s for %d s (%,d requests)%s...%n",
                    screens, poll, rate, duration, total, heartbeats ? " + one heartbeat per poll" : "");

            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            Map<Long, Long> tomcatBefore = tomcatCpu(threads);
            long processBefore = os.getProcessCpuTime();
            long t0 = System.nanoTime() + 20_000_000L;
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            CompletableFuture<Void> finished = new CompletableFuture<>();
            ticker.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                // Send every request whose scheduled time has come (catches up after a late tick).
                while (sent.get() < total && t0 + sent.get() * periodNanos <= now) {
                    int n = (int) sent.getAndIncrement();
                    long intended = t0 + n * periodNanos;
                    if (publishMidway && n == total / 2) {
                        Executors.newSingleThreadExecutor().submit(() -> {
                            publish(http, base, "半程发布的新信息");
                            return null;
                        });
                    }
                    poll(http, base, n % screens, etags, heartbeats).whenComplete((status, error) -> {
                        latencies[n] = System.nanoTime() - intended;
                        if (error != null) {
                            other.incrementAndGet();
                        } else if (status == 200) {
                            ok.incrementAndGet();
                        } else if (status == 304) {
                            notModified.incrementAndGet();
                        } else {
                            other.incrementAndGet();
                        }
                        if (done.incrementAndGet() == total) {
                            finished.complete(null);
                        }
                    });
                }
            }, 0, 1, TimeUnit.MILLISECONDS);
            finished.get(duration + 60L, TimeUnit.SECONDS);
            long wall = System.nanoTime() - t0;
            ticker.shutdownNow();
            long processCpu = os.getProcessCpuTime() - processBefore;
            long tomcatCpu = 0;
            for (Map.Entry<Long, Long> after : tomcatCpu(threads).entrySet()) {
                tomcatCpu += after.getValue() - tomcatBefore.getOrDefault(after.getKey(), 0L);
            }
            Arrays.sort(latencies);
            System.out.printf("%nresponses: %,d (200: %,d, 304: %,d, other/errors: %,d) in %.1f s = %.0f/s%n", total,
                    ok.get(), notModified.get(), other.get(), wall / 1e9, total / (wall / 1e9));
            System.out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                    pct(latencies, 50), pct(latencies, 90), pct(latencies, 99), pct(latencies, 99.9),
                    latencies[latencies.length - 1] / 1e6);
            System.out.printf("CPU: Tomcat request threads %.1f%% of one core; whole JVM (load generator included) "
                    + "%.1f%% of one core (%d cores)%n", 100.0 * tomcatCpu / wall, 100.0 * processCpu / wall,
                    Runtime.getRuntime().availableProcessors());
        } finally {
            app.close();
            ((java.util.concurrent.ExecutorService) http.executor().orElseThrow()).shutdownNow();
        }
        System.exit(0);
    }

    /**
     * Tongfa in this JVM with {@code screens} screens {@code s0, s1, ...} (keys from {@link #key}), all
     * showing {@code notices} all day and polling every {@code poll} seconds, on a fresh H2 database in a
     * new temp directory; {@code extra} arguments are added last.
     */
    static ConfigurableApplicationContext start(String prefix, int screens, int poll, String... extra) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        StringBuilder config = new StringBuilder();
        for (int s = 0; s < screens; s++) {
            String p = "tongfa.screens.s" + s + ".";
            config.append(p).append("name=Screen ").append(s).append('\n')
                    .append(p).append("columns[0]=notices\n")
                    .append(p).append("dayparts[0]=DAILY 00:00-24:00\n")
                    .append(p).append("poll-seconds=").append(poll).append('\n')
                    .append(p).append("key=").append(key(s)).append('\n');
        }
        Path screensFile = dir.resolve("screens.properties");
        Files.writeString(screensFile, config);
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("bench") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--spring.datasource.username=sa", "--spring.datasource.password=",
                "--tongfa.data-directory=" + dir, "--tongfa.node-id=bench",
                "--tongfa.api.tokens.editor=bench",
                "--tongfa.channels.archive.directory=" + dir.resolve("archive"),
                "--tongfa.screens.lobby.key=bench-lobby-key-0123456789",
                "--spring.config.additional-location=file:" + screensFile,
                "--logging.file.name=" + dir.resolve("tongfa.log"), "--logging.threshold.console=OFF",
                "--logging.level.org.tongfa=WARN"));
        TestColumns.unreviewed().forEach((k, v) -> args.add("--" + k + "=" + v));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(TongfaApplication.class).web(WebApplicationType.SERVLET)
                .logStartupInfo(false).run(args.toArray(String[]::new));
    }

    /** Screen {@code s<screen>}'s key. */
    static String key(int screen) {
        return String.format("bench-screen-key-%08d", screen);
    }

    private static Map<Long, Long> tomcatCpu(ThreadMXBean threads) {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
            if (info.getThreadName().startsWith("http-nio-")) {
                cpu.put(info.getThreadId(), threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return cpu;
    }

    private static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static CompletableFuture<Integer> poll(HttpClient http, String base, int screen,
            AtomicReferenceArray<String> etags, boolean heartbeat) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/display/screens/s" + screen + "/feed.json"))
                .header("X-Screen-Key", key(screen)).timeout(Duration.ofSeconds(10)).GET();
        String etag = etags.get(screen);
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        CompletableFuture<Integer> polled = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> {
                    response.headers().firstValue("ETag").ifPresent(tag -> etags.set(screen, tag));
                    return response.statusCode();
                });
        if (!heartbeat) {
            return polled;
        }
        return polled.thenCompose(status -> http.sendAsync(HttpRequest.newBuilder(
                        URI.create(base + "/display/screens/s" + screen + "/heartbeat"))
                .header("X-Screen-Key", key(screen)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"showing\":null,\"shown\":[]}")).build(),
                HttpResponse.BodyHandlers.discarding()).thenApply(r -> status));
    }

    private static void publish(HttpClient http, String base, String title) throws IOException, InterruptedException {
        String json = "{\"title\":\"" + title + "\",\"summary\":\"请留意\",\"body\":\"<p>正文</p>\","
                + "\"department\":\"市工业和信息化局\",\"column\":\"notices\",\"disclosure\":{\"type\":\"PROACTIVE\"},"
                + "\"indexNumber\":\"BENCH-" + Math.abs(title.hashCode() % 100000) + "\"}";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/items"))
                .header("Authorization", "Bearer bench").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("create answered " + created.statusCode() + ": " + created.body());
        }
        String id = created.body().replaceAll("(?s).*?\"id\"\\s*:\\s*\"([0-9a-f-]{36})\".*", "$1");
        HttpResponse<String> published = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/items/" + id + "/publish"))
                .header("Authorization", "Bearer bench").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (published.statusCode() != 202) {
            throw new IllegalStateException("publish answered " + published.statusCode() + ": " + published.body());
        }
    }

    private static void awaitItems(HttpClient http, String base, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> feed = http.send(HttpRequest.newBuilder(URI.create(base + "/display/screens/s0/feed.json"))
                    .header("X-Screen-Key", key(0)).build(), HttpResponse.BodyHandlers.ofString());
            if (feed.body().split("\"id\"", -1).length - 1 >= count) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200); // a benchmark command, not a test: plain waiting is fine here
        }
        throw new IllegalStateException("the items did not reach the screens' feeds within 30 s");
    }
}
