package org.tongfa.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.tongfa.bench.TongfaInstance.Database;
import org.tongfa.bench.WebhookSink.Arrival;
import org.tongfa.bench.WebhookSink.Mode;

/**
 * Fan-out benchmark: publishes items through the REST API of an in-process Tongfa (or, with
 * {@code --nodes N}, of N Tongfa processes sharing one PostgreSQL database, each item created and published
 * through the nodes in turn) to K webhook channels served by a local sink, and prints deliveries per second, publish-to-delivered latency per
 * channel, and the rate of a bare OkHttp loop against the same sink (the ceiling).
 *
 * <p>Not a test (Surefire never runs it, and it asserts nothing). Run it with
 * <pre>mvn -o -q -B -Pbench test-compile exec:exec [-Dbench.args="--items 200 --channels 5 --rate 20 --seconds 10"]</pre>
 *
 * <p>Scenarios, each in a fresh Tongfa (a fresh database: its own H2 file, or with {@code --database postgresql}
 * a new database on the embedded PostgreSQL server the tests use) after a short warm-up:
 * <ol>
 *   <li>ceiling: K clients x 4 threads of bare OkHttp posting a body Tongfa sent to the sink;</li>
 *   <li>burst: N items published as fast as possible to K channels;</li>
 *   <li>paced: {@code rate} items/s for {@code seconds} to K healthy channels;</li>
 *   <li>the same plus one more channel whose receiver answers 500;</li>
 *   <li>the same plus one more channel whose receiver hangs past the channel's 2s timeout;</li>
 *   <li>the paced baseline once more, last, since run order alone moves p99.</li>
 * </ol>
 * Latency is from the moment before the publish request is sent to the moment the sink receives the
 * webhook. Every loop has a count and a deadline, and a watchdog ends the JVM if the whole run overruns.
 */
public final class FanoutBenchmark {

    private static final PrintStream out = System.out;

    /** Command-line options, all optional. */
    record Options(int items, int channels, double rate, int seconds, int warmup, int publishers,
            double ceilingSeconds, int maxSeconds, Database database, Nodes nodes, List<Database> databases) {

        /** These options on {@code other}, one of {@link #databases}. */
        Options on(Database other) {
            return new Options(items, channels, rate, seconds, warmup, publishers, ceilingSeconds, maxSeconds, other,
                    nodes, databases);
        }

        static Options parse(String[] args) {
            Map<String, String> given = BenchRuns.arguments(args, Set.of("items", "channels", "rate", "seconds",
                    "warmup", "publishers", "ceiling-seconds", "max-seconds", "database", "nodes", "processes"),
                    Options::usage);
            // One database, or several in one run ("h2,postgresql" or "both"), each with every scenario.
            String named = given.getOrDefault("database", "h2");
            List<Database> databases = Arrays.stream((named.equalsIgnoreCase("both") ? "h2,postgresql" : named)
                    .split(",")).map(String::strip).map(Database::parse).distinct().toList();
            Database database = databases.get(0);
            Nodes nodes = null;
            for (Database d : databases) {
                nodes = Nodes.parse(given, d);
            }
            return new Options(
                    Integer.parseInt(given.getOrDefault("items", "200")),
                    Integer.parseInt(given.getOrDefault("channels", "5")),
                    Double.parseDouble(given.getOrDefault("rate", "20")),
                    Integer.parseInt(given.getOrDefault("seconds", "10")),
                    Integer.parseInt(given.getOrDefault("warmup", "200")),
                    Integer.parseInt(given.getOrDefault("publishers", "2")),
                    Double.parseDouble(given.getOrDefault("ceiling-seconds", "5")),
                    Integer.parseInt(given.getOrDefault("max-seconds", "300")),
                    database,
                    nodes,
                    databases);
        }

        static void usage() {
            out.println("""
                    FanoutBenchmark options (all optional):
                      --items N            items in the burst scenario (200)
                      --channels K         healthy webhook channels (5)
                      --rate R             items per second in the paced scenarios (20)
                      --seconds S          length of the paced scenarios (10)
                      --warmup W           items published and delivered before each measurement (200)
                      --publishers P       threads publishing the burst (2)
                      --ceiling-seconds C  length of the bare OkHttp loop (5)
                      --max-seconds M      watchdog: the JVM exits after M seconds whatever happens (300)
                      --database D         h2 or postgresql (embedded, a fresh database per scenario), or
                                           both in one run: h2,postgresql (or both), with a comparison last (h2)
                    """ + Nodes.USAGE);
        }
    }

    /** What one scenario measured. */
    record Result(String name, int items, List<String> healthy, String extra, Map<String, long[]> latencyMicros,
            int delivered, int expected, int duplicates, int keyMismatches, int missing, int lostReleases, int foreignIds, double seconds,
            double publishRate, double publishCallP50Ms, double drainMs, String extraSummary, Map<String, Map<String, Long>> ledger) {

        double deliveriesPerSecond() {
            return delivered / seconds;
        }

        long[] all() {
            return latencyMicros.values().stream().flatMapToLong(Arrays::stream).sorted().toArray();
        }
    }

    private FanoutBenchmark() {
    }

    /** One database's headline figures, for the comparison of a run on several. */
    record Summary(Database database, double ceiling, Result burst, Result drain, double pacedP99a, double pacedP99b) {
    }

    public static void main(String[] args) throws Exception {
        Options given = Options.parse(args);
        Thread watchdog = BenchRuns.watchdog("FanoutBenchmark",
                given.maxSeconds() * given.databases().size());

        long started = System.nanoTime();
        Path logs = Path.of("target", "bench");
        Files.createDirectories(logs);
        List<String> healthy = IntStream.rangeClosed(1, given.channels()).mapToObj(i -> "ch" + i).toList();
        int pacedItems = (int) Math.round(given.rate() * given.seconds());
        int exit = 0;
        List<Summary> summaries = new ArrayList<>();
        try (WebhookSink sink = new WebhookSink(5_000)) {
            sink.mode("fail500", Mode.ERROR);
            sink.mode("hang", Mode.HANG);
            for (Database database : given.databases()) {
                summaries.add(run(given.on(database), sink, healthy, pacedItems, logs));
            }
            if (summaries.size() > 1) {
                compare(given, summaries);
            }
            out.printf(Locale.ROOT, "%nTotal run time %.0f s%n", (System.nanoTime() - started) / 1e9);
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        }
        watchdog.interrupt();
        out.flush();
        // Everything is closed; exit explicitly so that no stray non-daemon thread can keep the JVM up.
        System.exit(exit);
    }

    /** Every scenario on {@code o.database()}, and its report. */
    private static Summary run(Options o, WebhookSink sink, List<String> healthy, int pacedItems, Path logs)
            throws Exception {
        out.printf(Locale.ROOT, "Tongfa fan-out benchmark: %d cores, %s, %s, sink on 127.0.0.1:%d, Tongfa logs in %s%n",
                Runtime.getRuntime().availableProcessors(), o.database(), o.nodes(), sink.port(),
                logs.toAbsolutePath());
        Result burst = scenario("burst", sink, o, healthy, null, o.items(), 0, logs);
        Result drain = scenario("drain", sink, o, healthy, null, o.items(), 0, logs);
        double ceiling = ceiling(sink, o);
        Result paced = scenario("paced", sink, o, healthy, null, pacedItems, o.rate(), logs);
        Result failing = scenario("paced+500", sink, o, healthy, "fail500", pacedItems, o.rate(), logs);
        Result hanging = scenario("paced+hang", sink, o, healthy, "hang", pacedItems, o.rate(), logs);
        // The healthy baseline again, last: run order (JIT, page cache) moves p99 as much as the
        // failing channel might, so the comparison uses both baseline runs.
        Result again = scenario("paced-again", sink, o, healthy, null, pacedItems, o.rate(), logs);

        report(o, ceiling, List.of(burst, drain, paced, failing, hanging, again), paced, again, failing, hanging);
        return new Summary(o.database(), ceiling, burst, drain, pct(paced.all(), 0.99) / 1e3,
                pct(again.all(), 0.99) / 1e3);
    }

    /** The headline figures of each database side by side: the "in one run, on H2 and on PostgreSQL". */
    private static void compare(Options o, List<Summary> summaries) {
        out.println();
        out.println("=".repeat(100));
        out.printf(Locale.ROOT, "One run, %d cores, %s, K=%d webhook channels:%n", Runtime.getRuntime().availableProcessors(),
                o.nodes(), o.channels());
        out.printf(Locale.ROOT, "%-44s", "");
        summaries.forEach(x -> out.printf(Locale.ROOT, " %24s", x.database()));
        out.println();
        row(summaries, "ceiling, bare OkHttp loop, requests/s", x -> String.format(Locale.ROOT, "%.0f", x.ceiling()));
        row(summaries, "burst, deliveries/s (share; target 40%)", x -> String.format(Locale.ROOT, "%.0f (%.1f%%)",
                x.burst().deliveriesPerSecond(), 100 * x.burst().deliveriesPerSecond() / x.ceiling()));
        row(summaries, "drain, deliveries/s (share)", x -> String.format(Locale.ROOT, "%.0f (%.1f%%)",
                x.drain().deliveriesPerSecond(), 100 * x.drain().deliveriesPerSecond() / x.ceiling()));
        row(summaries, "burst, publish API items/s", x -> String.format(Locale.ROOT, "%.1f", x.burst().publishRate()));
        row(summaries, String.format(Locale.ROOT, "p99 at %.0f items/s, two runs (target 50 ms)", o.rate()),
                x -> String.format(Locale.ROOT, "%.1f / %.1f ms", x.pacedP99a(), x.pacedP99b()));
        row(summaries, "burst: duplicates, missing", x -> x.burst().duplicates() + ", " + x.burst().missing());
    }

    private static void row(List<Summary> summaries, String label, java.util.function.Function<Summary, String> cell) {
        out.printf(Locale.ROOT, "%-44s", label);
        summaries.forEach(x -> out.printf(Locale.ROOT, " %24s", cell.apply(x)));
        out.println();
    }

    // ---- scenarios -------------------------------------------------------------------------------

    private static Result scenario(String name, WebhookSink sink, Options o, List<String> healthy, String extra,
            int items, double rate, Path logs) throws Exception {
        List<String> channels = new ArrayList<>(healthy);
        if (extra != null) {
            channels.add(extra);
        }
        String what = rate > 0
                ? String.format(Locale.ROOT, "%d items at %.0f/s to %s", items, rate, channels)
                : String.format(Locale.ROOT, "%d items as fast as possible to %s", items, channels);
        out.printf(Locale.ROOT, "%n[%s] starting Tongfa; %s%n", name, what);
        // Before the clock starts: the first PostgreSQL database also starts the embedded server.
        String url = o.database().freshUrl();
        long t0 = System.nanoTime();
        List<TongfaInstance> cluster = start(o, name, channels, sink, logs, url);
        try {
            TongfaInstance tongfa = cluster.get(0);
            out.printf(Locale.ROOT, "[%s] Tongfa up in %.1f s (%s); warming up with %d items to the healthy channels%n",
                    name, (System.nanoTime() - t0) / 1e9, o.nodes(), o.warmup());

            // Warm-up: its own items, addressed to the healthy channels only, so a failing channel's
            // circuit breaker is still closed when the measurement starts.
            sink.reset();
            List<String> warm = new ArrayList<>();
            for (int i = 0; i < o.warmup(); i++) {
                warm.add(node(cluster, i).create(-1 - i, healthy));
            }
            // All at once from the first: publishing no longer touches Quartz, and its lock rows are in place
            // from start-up (QuartzDatabaseSetup), so the race on a fresh database that once lost a
            // publication's ledger rows, and made the first publication go alone here, cannot come back
            // unseen: an item PUBLISHED without ledger rows is counted below.
            publishBurst(cluster, warm, o.publishers(), 60);
            if (!awaitDeliveries(sink, healthy, Set.copyOf(warm), warm.size() * healthy.size(), 30)) {
                out.printf("[%s] warm-up incomplete; ledger %s%n", name, tongfa.ledgerCounts());
                tongfa.dumpUndelivered(out);
            }
            Thread.sleep(1_000);

            // Measurement: drafts first (not measured), then the publications.
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                ids.add(node(cluster, i).create(i, List.of()));
            }
            sink.reset();
            long[][] calls;
            if (name.equals("drain")) {
                // The ledger alone: the burst is queued while its channels are disabled, then they are
                // enabled together (the operator's path) and the clock runs from there.
                for (String channel : healthy) {
                    tongfa.disable(channel);
                }
                long[][] queued = publishBurst(cluster, ids, o.publishers(), 60);
                long released = System.nanoTime();
                for (String channel : healthy) {
                    tongfa.enable(channel);
                }
                calls = new long[ids.size()][];
                for (int i = 0; i < ids.size(); i++) {
                    calls[i] = new long[] {released, released};
                }
                out.printf(Locale.ROOT, "[%s] %d items queued with the channels disabled (%.1f s), then enabled%n",
                        name, ids.size(), (queued[queued.length - 1][1] - queued[0][0]) / 1e9);
            } else {
                calls = rate > 0 ? publishPaced(cluster, ids, rate, 60) : publishBurst(cluster, ids, o.publishers(), 60);
            }
            awaitDeliveries(sink, healthy, Set.copyOf(ids), ids.size() * healthy.size(), 30);
            // Room for a late duplicate to show up.
            Thread.sleep(500);
            Result result = analyse(name, sink.snapshot(), ids, calls, healthy, extra, tongfa.ledgerCounts(),
                    tongfa.publishedWithoutRows());
            out.printf(Locale.ROOT, "[%s] %d/%d deliveries, %.0f/s, p50 %.1f ms, p99 %.1f ms%n", name,
                    result.delivered(), result.expected(), result.deliveriesPerSecond(),
                    pct(result.all(), 0.50) / 1e3, pct(result.all(), 0.99) / 1e3);
            return result;
        } finally {
            for (TongfaInstance node : cluster) {
                node.close();
            }
        }
    }

    /**
     * The scenario's Tongfa: one instance in this JVM, or {@code --nodes} separate processes on the one
     * PostgreSQL database.
     */
    private static List<TongfaInstance> start(Options o, String name, List<String> channels, WebhookSink sink,
            Path logs, String url) throws Exception {
        if (!o.nodes().processes()) {
            return List.of(new TongfaInstance(channels, sink, logs.resolve(name + ".log").toAbsolutePath(), url));
        }
        return TongfaInstance.processes(o.nodes().count(), channels, sink, url,
                node -> logs.resolve(name + "-" + node + ".log").toAbsolutePath());
    }

    /** The node item {@code n} is created and published through: each in turn. */
    private static TongfaInstance node(List<TongfaInstance> cluster, int n) {
        return cluster.get(Math.floorMod(n, cluster.size()));
    }

    /** Publishes every item from a few threads as fast as the API answers; returns [sent, returned] nanos. */
    private static long[][] publishBurst(List<TongfaInstance> cluster, List<String> ids, int threads, int deadlineSeconds)
            throws Exception {
        long[][] calls = new long[ids.size()][2];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    calls[n][0] = System.nanoTime();
                    node(cluster, n).publish(ids.get(n));
                    calls[n][1] = System.nanoTime();
                    return null;
                }));
            }
            awaitAll(futures, deadlineSeconds);
        } finally {
            pool.shutdownNow();
        }
        return calls;
    }

    /** Publishes item i at start + i/rate from a small scheduler, so one slow call delays no other. */
    private static long[][] publishPaced(List<TongfaInstance> cluster, List<String> ids, double rate, int extraSeconds)
            throws Exception {
        long[][] calls = new long[ids.size()][2];
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            long period = Math.round(1e9 / rate);
            for (int i = 0; i < ids.size(); i++) {
                int n = i;
                futures.add(pool.schedule(() -> {
                    calls[n][0] = System.nanoTime();
                    node(cluster, n).publish(ids.get(n));
                    calls[n][1] = System.nanoTime();
                    return null;
                }, 20_000_000L + n * period, TimeUnit.NANOSECONDS));
            }
            awaitAll(futures, (int) Math.ceil(ids.size() / rate) + extraSeconds);
        } finally {
            pool.shutdownNow();
        }
        return calls;
    }

    private static void awaitAll(List<Future<?>> futures, int deadlineSeconds) throws Exception {
        long deadline = System.nanoTime() + deadlineSeconds * 1_000_000_000L;
        for (Future<?> f : futures) {
            long left = deadline - System.nanoTime();
            try {
                f.get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("publishing did not finish within " + deadlineSeconds + " s");
            }
        }
    }

    /** Waits until every (item, healthy channel) pair arrived at least once, or the deadline. */
    private static boolean awaitDeliveries(WebhookSink sink, List<String> healthy, Set<String> items, int expected,
            int deadlineSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + deadlineSeconds * 1_000_000_000L;
        Set<String> channels = Set.copyOf(healthy);
        while (System.nanoTime() < deadline) {
            long seen = sink.snapshot().stream()
                    .filter(a -> channels.contains(a.channel()) && items.contains(a.itemId()))
                    .map(a -> a.channel() + " " + a.itemId()).distinct().count();
            if (seen >= expected) {
                return true;
            }
            Thread.sleep(100);
        }
        out.printf("  (deadline: not every delivery arrived within %d s)%n", deadlineSeconds);
        return false;
    }

    private static Result analyse(String name, List<Arrival> arrivals, List<String> ids, long[][] calls,
            List<String> healthy, String extra, Map<String, Map<String, Long>> ledger, int lostReleases) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), i);
        }
        Map<String, List<Long>> latencies = new LinkedHashMap<>();
        healthy.forEach(c -> latencies.put(c, new ArrayList<>()));
        Map<String, List<Arrival>> byPair = new HashMap<>();
        int foreign = 0;
        long lastArrival = Long.MIN_VALUE;
        for (Arrival a : arrivals) {
            if (a.itemId() == null || !index.containsKey(a.itemId())) {
                foreign++;
                continue;
            }
            byPair.computeIfAbsent(a.channel() + " " + a.itemId(), k -> new ArrayList<>()).add(a);
        }
        int duplicates = 0;
        int keyMismatches = 0;
        int missing = 0;
        int delivered = 0;
        for (String channel : healthy) {
            for (String id : ids) {
                List<Arrival> got = byPair.get(channel + " " + id);
                if (got == null) {
                    missing++;
                    continue;
                }
                got.sort((x, y) -> Long.compare(x.nanos(), y.nanos()));
                Arrival first = got.get(0);
                delivered++;
                duplicates += got.size() - 1;
                // A different webhook-id for the same (item, channel) would defeat the receiver's dedup.
                if (got.stream().map(Arrival::webhookId).distinct().count() > 1) {
                    keyMismatches++;
                }
                latencies.get(channel).add((first.nanos() - calls[index.get(id)][0]) / 1_000);
                lastArrival = Math.max(lastArrival, first.nanos());
            }
        }
        long firstSent = Arrays.stream(calls).mapToLong(c -> c[0]).min().orElse(0);
        long lastSent = Arrays.stream(calls).mapToLong(c -> c[0]).max().orElse(0);
        double seconds = (lastArrival - firstSent) / 1e9;
        double publishRate = ids.size() > 1 ? (ids.size() - 1) / ((lastSent - firstSent) / 1e9) : 0;
        long[] publishCalls = Arrays.stream(calls).mapToLong(c -> (c[1] - c[0]) / 1_000).sorted().toArray();
        long lastReturned = Arrays.stream(calls).mapToLong(c -> c[1]).max().orElse(0);
        double drainMs = (lastArrival - lastReturned) / 1e6;
        Map<String, long[]> micros = new LinkedHashMap<>();
        latencies.forEach((c, l) -> micros.put(c, l.stream().mapToLong(Long::longValue).sorted().toArray()));

        String extraSummary = "";
        if (extra != null) {
            List<Arrival> calls2 = arrivals.stream().filter(a -> a.channel().equals(extra)).toList();
            long reached = calls2.stream().map(Arrival::itemId).distinct().count();
            Map<String, Set<String>> keysPerItem = calls2.stream().collect(Collectors.groupingBy(Arrival::itemId,
                    Collectors.mapping(Arrival::webhookId, Collectors.toSet())));
            long unstable = keysPerItem.values().stream().filter(s -> s.size() > 1).count();
            extraSummary = String.format(Locale.ROOT,
                    "%s: %d requests for %d of %d items (%d with more than one webhook-id); ledger %s",
                    extra, calls2.size(), reached, ids.size(), unstable, ledger.getOrDefault(extra, Map.of()));
        }
        return new Result(name, ids.size(), healthy, extra, micros, delivered, ids.size() * healthy.size(),
                duplicates, keyMismatches, missing, lostReleases, foreign, seconds, publishRate,
                pct(publishCalls, 0.5) / 1e3, drainMs, extraSummary, ledger);
    }

    // ---- ceiling ---------------------------------------------------------------------------------

    private static double ceiling(WebhookSink sink, Options o) throws Exception {
        byte[] body = sink.sampleBody();
        int threads = o.channels() * 4;
        out.printf(Locale.ROOT, "%n[ceiling] bare OkHttp: %d clients x 4 threads posting a %d-byte body Tongfa sent, "
                + "1 s warm-up then %.0f s%n", o.channels(), body.length, o.ceilingSeconds());
        try (BareOkHttpLoop loop = new BareOkHttpLoop(sink.ceilingUrl(), body, o.channels(), 4)) {
            loop.run(1.0, 1_000_000);
            BareOkHttpLoop.Outcome measured = loop.run(o.ceilingSeconds(), 5_000_000);
            out.printf(Locale.ROOT, "[ceiling] %d requests (%d failed) in %.2f s: %.0f/s%n", measured.ok(),
                    measured.failed(), measured.seconds(), measured.perSecond());
            return measured.perSecond();
        }
    }

    // ---- report ----------------------------------------------------------------------------------

    private static void report(Options o, double ceiling, List<Result> results, Result paced, Result again,
            Result failing, Result hanging) {
        out.println();
        out.println("=".repeat(100));
        out.printf(Locale.ROOT, "Fan-out benchmark, %d cores, %s, %s, K=%d webhook channels (concurrency 4, timeout 2s), "
                + "default delivery settings%n", Runtime.getRuntime().availableProcessors(), o.database(),
                o.nodes(), o.channels());
        out.println("=".repeat(100));
        out.printf(Locale.ROOT, "%-34s %6s %7s %9s %7s %8s %8s %8s %5s %5s%n", "scenario", "items", "deliv.",
                "deliv/s", "ceil%", "p50 ms", "p99 ms", "max ms", "dup", "miss");
        out.printf(Locale.ROOT, "%-34s %6s %7s %9.0f %7s %8s %8s %8s %5s %5s%n",
                "1 ceiling: bare OkHttp, " + o.channels() * 4 + " threads", "-", "-", ceiling, "100%", "-", "-", "-",
                "-", "-");
        int n = 2;
        for (Result r : results) {
            long[] all = r.all();
            out.printf(Locale.ROOT, "%-34s %6d %7d %9.0f %6.1f%% %8.1f %8.1f %8.1f %5d %5d%n",
                    n++ + " " + label(r, o), r.items(), r.delivered(), r.deliveriesPerSecond(),
                    100 * r.deliveriesPerSecond() / ceiling, pct(all, 0.5) / 1e3, pct(all, 0.99) / 1e3,
                    pct(all, 1.0) / 1e3, r.duplicates(), r.missing());
        }
        out.println();
        out.println("Publish-to-delivered per healthy channel, p50 / p99 ms:");
        out.printf(Locale.ROOT, "%-16s", "scenario");
        results.get(0).healthy().forEach(c -> out.printf(Locale.ROOT, " %15s", c));
        out.println();
        for (Result r : results) {
            out.printf(Locale.ROOT, "%-16s", r.name());
            r.latencyMicros().forEach((c, l) -> out.printf(Locale.ROOT, " %6.1f / %6.1f", pct(l, 0.5) / 1e3,
                    pct(l, 0.99) / 1e3));
            out.println();
        }
        out.println();
        for (Result r : results) {
            if (r.name().equals("drain")) {
                out.printf(Locale.ROOT, "%-16s queued while the channels were disabled; from enabling them to the last "
                        + "delivery %.2f s%n                 healthy channels: %d duplicates, %d missing, %d pairs with "
                        + "two webhook-ids, %d unknown requests%n", r.name(), r.seconds(), r.duplicates(), r.missing(),
                        r.keyMismatches(), r.foreignIds());
                continue;
            }
            out.printf(Locale.ROOT, "%-16s publish API %.1f items/s, call p50 %.1f ms, last delivery %.0f ms after "
                    + "the last publish returned%n                 healthy channels: %d "
                    + "duplicates, %d missing, %d pairs with two webhook-ids, %d unknown requests; %d items "
                    + "PUBLISHED without ledger rows%s%n", r.name(),
                    r.publishRate(), r.publishCallP50Ms(), r.drainMs(), r.duplicates(), r.missing(), r.keyMismatches(),
                    r.foreignIds(), r.lostReleases(), r.extra() == null ? "" : "\n                 " + r.extraSummary());
        }
        out.println();
        out.println("Targets:");
        Result burst = results.get(0);
        double ratio = burst.deliveriesPerSecond() / ceiling;
        out.printf(Locale.ROOT, "  fan-out rate >= 50%% of ceiling:            %.0f/s vs %.0f/s = %.1f%%  %s%n",
                burst.deliveriesPerSecond(), ceiling, 100 * ratio, verdict(ratio >= 0.5));
        Result drained = results.get(1);
        double drainRatio = drained.deliveriesPerSecond() / ceiling;
        out.printf(Locale.ROOT, "  issue 15: queued burst >= 40%% of ceiling:  %.0f/s vs %.0f/s = %.1f%%  %s%n",
                drained.deliveriesPerSecond(), ceiling, 100 * drainRatio, verdict(drainRatio >= 0.4));
        out.printf(Locale.ROOT, "  issue 15: burst >= 40%% of ceiling:         %.0f/s vs %.0f/s = %.1f%%  %s%n",
                burst.deliveriesPerSecond(), ceiling, 100 * ratio, verdict(ratio >= 0.4));
        double p99a = pct(paced.all(), 0.99) / 1e3;
        double p99b = pct(again.all(), 0.99) / 1e3;
        double worst = 0;
        for (Result r : List.of(paced, again)) {
            worst = Math.max(worst, r.latencyMicros().values().stream().mapToDouble(l -> pct(l, 0.99) / 1e3)
                    .max().orElse(0));
        }
        double p99 = (p99a + p99b) / 2;
        out.printf(Locale.ROOT, "  p99 < 250 ms at %.0f items/s to %d channels:  p99 %.1f / %.1f ms (two runs; worst "
                + "channel %.1f ms)  %s%n", o.rate(), o.channels(), p99a, p99b, worst,
                verdict(Math.max(p99a, p99b) < 250 && worst < 250));
        for (Result r : List.of(failing, hanging)) {
            double p = pct(r.all(), 0.99) / 1e3;
            double change = p / p99 - 1;
            out.printf(Locale.ROOT, "  %-41s healthy p99 %.1f ms vs %.1f ms (mean of the two baselines) = %+.1f%%  %s%n",
                    ("one channel " + (r.extra().equals("hang") ? "hanging" : "answering 500") + " moves p99 <= 20%:"),
                    p, p99, 100 * change, verdict(change <= 0.20));
        }
    }

    private static String label(Result r, Options o) {
        return switch (r.name()) {
            case "burst" -> "burst: " + r.items() + " items, max speed";
            case "drain" -> "drain: " + r.items() + " queued, released";
            case "paced" -> String.format(Locale.ROOT, "paced: %.0f/s x %ds", o.rate(), o.seconds());
            case "paced+500" -> "paced + 1 channel answering 500";
            case "paced+hang" -> "paced + 1 channel hanging";
            case "paced-again" -> "paced again (baseline, last)";
            default -> r.name();
        };
    }

    private static String verdict(boolean met) {
        return met ? "MET" : "MISSED";
    }

    /** Nearest-rank percentile of sorted values; 0 when there are none. */
    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

}
