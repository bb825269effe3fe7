package org.tongfa.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Lobby screens on the push stream: N configured screens (default 1,000) each trade their key for a
 * stream token and hold {@code /display/screens/<id>/events} open (server-sent events), as the player
 * does; then, R times (default 5), one EMERGENCY item is published and later retracted through the
 * REST API, and the time from the publish (or retract) call to each screen's receipt of the changed
 * feed is recorded (the call goes through the whole path: ledger, delivery worker, display channel, push). Prints p50/p95/max over the N screens for each round, and the service's threads
 * with every stream open (Tomcat's request threads are not held by an open stream).
 *
 * <p>Tongfa runs in this JVM ({@link DisplayBenchmark#start}: H2, default delivery settings, generated screens);
 * the N streams are real loopback connections, read by the JDK's HTTP client on 4 threads. Nothing here
 * is asserted.
 *
 * <pre>mvn -o -q -B -Pbench test-compile exec:exec -Dbench.main=org.tongfa.bench.PushBenchmark \
 *     -Dbench.args="--screens 1000 --rounds 5"</pre>
 */
public final class PushBenchmark {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    private PushBenchmark() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            opts.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        int screens = Integer.parseInt(opts.getOrDefault("screens", "1000"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "5"));

        System.out.printf("Starting Tongfa with %,d screens...%n", screens);
        ConfigurableApplicationContext app = DisplayBenchmark.start("tongfa-push-bench-", screens, 30,
                "--tongfa.display.max-streams=" + Math.max(2000, screens + 10));
        String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
                .connectTimeout(Duration.ofSeconds(10)).build();
        try {
            for (int i = 0; i < 3; i++) {
                publish(http, base, "大厅信息 " + i, "NORMAL");
            }
            // What each screen saw last: 1 NORMAL, 2 EMERGENCY; and when it first saw the mode a round waits for.
            AtomicLongArray seenAt = new AtomicLongArray(screens);
            int[] mode = new int[screens];
            AtomicInteger connected = new AtomicInteger();
            int[] waitingFor = {0};
            System.out.printf("Connecting %,d push streams...%n", screens);
            long connectStart = System.nanoTime();
            for (int s = 0; s < screens; s++) {
                int screen = s;
                // The request's future ends only with its stream: its first feed, counted below, says it is open.
                token(http, base, s).thenAccept(token -> http.sendAsync(
                        HttpRequest.newBuilder(URI.create(base + "/display/screens/s" + screen + "/events?token=" + token))
                                .header("Accept", "text/event-stream").GET().build(),
                        HttpResponse.BodyHandlers.fromLineSubscriber(new Lines(line -> {
                            if (!line.startsWith("data:")) {
                                return;
                            }
                            int now = line.contains("\"mode\":\"EMERGENCY\"") ? 2 : 1;
                            synchronized (mode) {
                                if (mode[screen] == 0) {
                                    connected.incrementAndGet();
                                }
                                if (mode[screen] != now && now == waitingFor[0]) {
                                    seenAt.set(screen, System.nanoTime());
                                }
                                mode[screen] = now;
                            }
                        })))).join();
                if ((s + 1) % 50 == 0 || s + 1 == screens) {
                    int opened = s + 1;
                    await(() -> connected.get() == opened, "the first feed of " + opened + " streams");
                }
            }
            System.out.printf("%,d streams open in %.1f s; threads now: %s%n%n", screens,
                    (System.nanoTime() - connectStart) / 1e9, threads());

            System.out.println("| round | change | screens reached | first ms | p50 ms | p95 ms | max ms |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (int round = 1; round <= rounds; round++) {
                for (int s = 0; s < screens; s++) {
                    seenAt.set(s, 0);
                }
                synchronized (mode) {
                    waitingFor[0] = 2;
                }
                String alarm = create(http, base, "暴雨红色预警 第" + round + "轮", "EMERGENCY");
                long published = System.nanoTime();
                post(http, base + "/api/v1/items/" + alarm + "/publish", 202);
                print(round, "emergency published", screens, seenAt, published);

                for (int s = 0; s < screens; s++) {
                    seenAt.set(s, 0);
                }
                synchronized (mode) {
                    waitingFor[0] = 1;
                }
                long retracted = System.nanoTime();
                post(http, base + "/api/v1/items/" + alarm + "/retract", "{\"reason\":\"警报解除\"}", 202);
                print(round, "emergency retracted", screens, seenAt, retracted);
            }
            System.out.printf("%nthreads with every stream open, after the rounds: %s%n", threads());
        } finally {
            app.close();
            clientThreads.shutdownNow();
        }
        System.exit(0);
    }

    /** Waits for every screen to have seen the change, then prints its round's row. */
    private static void print(int round, String change, int screens, AtomicLongArray seenAt, long from)
            throws InterruptedException {
        await(() -> {
            for (int s = 0; s < screens; s++) {
                if (seenAt.get(s) == 0) {
                    return false;
                }
            }
            return true;
        }, change + " on every screen");
        long[] ms = new long[screens];
        for (int s = 0; s < screens; s++) {
            ms[s] = seenAt.get(s) - from;
        }
        Arrays.sort(ms);
        // The first screen's time is the delivery path (API, ledger, worker, channel); the rest is the fan-out.
        System.out.printf("| %d | %s | %,d | %.0f | %.0f | %.0f | %.0f |%n", round, change, screens, ms[0] / 1e6,
                ms[screens / 2] / 1e6,
                ms[(int) Math.ceil(screens * 0.95) - 1] / 1e6, ms[screens - 1] / 1e6);
    }

    private static void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within 60 s: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(5); // a benchmark command, not a test: plain waiting is fine here
        }
    }

    /** Live threads by kind: Tomcat's request threads, the display push threads, all. */
    private static String threads() {
        int tomcat = 0;
        int push = 0;
        ThreadInfo[] all = ManagementFactory.getThreadMXBean().dumpAllThreads(false, false);
        for (ThreadInfo info : all) {
            if (info.getThreadName().startsWith("http-nio-")) {
                tomcat++;
            } else if (info.getThreadName().startsWith("display-")) {
                push++;
            }
        }
        return String.format("%d Tomcat (http-nio-*), %d display push, %d in the JVM (client included)", tomcat, push,
                all.length);
    }

    private static CompletableFuture<String> token(HttpClient http, String base, int screen) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/display/screens/s" + screen + "/stream-token"))
                        .header("X-Screen-Key", DisplayBenchmark.key(screen)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                    Matcher m = TOKEN.matcher(response.body());
                    if (response.statusCode() != 200 || !m.find()) {
                        throw new IllegalStateException("stream-token answered " + response.statusCode());
                    }
                    return m.group(1);
                });
    }

    private static void publish(HttpClient http, String base, String title, String priority)
            throws IOException, InterruptedException {
        post(http, base + "/api/v1/items/" + create(http, base, title, priority) + "/publish", 202);
    }

    /** A draft; returns its id. */
    private static String create(HttpClient http, String base, String title, String priority)
            throws IOException, InterruptedException {
        String json = "{\"title\":\"" + title + "\",\"summary\":\"请留意\",\"body\":\"<p>正文</p>\","
                + "\"department\":\"市应急管理局\",\"column\":\"notices\",\"disclosure\":{\"type\":\"PROACTIVE\"},"
                + "\"priority\":\"" + priority + "\",\"indexNumber\":\"BENCH-" + Math.abs(title.hashCode() % 100000) + "\"}";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/items"))
                .header("Authorization", "Bearer bench").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = ID.matcher(created.body());
        if (created.statusCode() != 201 || !id.find()) {
            throw new IllegalStateException("create answered " + created.statusCode() + ": " + created.body());
        }
        return id.group(1);
    }

    private static void post(HttpClient http, String url, int expected) throws IOException, InterruptedException {
        post(http, url, null, expected);
    }

    private static void post(HttpClient http, String url, String json, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer bench").header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Hands every line of a stream to a callback, as fast as it comes. */
    private record Lines(java.util.function.Consumer<String> onLine) implements Flow.Subscriber<String> {

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            onLine.accept(line);
        }

        @Override
        public void onError(Throwable error) {
            // a stream closed under the benchmark: the round waiting for it reports the timeout
        }

        @Override
        public void onComplete() {
        }
    }
}
