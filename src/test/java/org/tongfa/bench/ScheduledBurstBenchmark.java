package org.tongfa.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tongfa.bench.TongfaInstance.Database;

/**
 * Scheduled releases at one instant (issue 15): N items scheduled through the REST API for the same
 * second a little ahead, on H2 or PostgreSQL, with one in-process Tongfa. It prints how many were
 * released, the time from the due second to the last release (target: all within 5 s), how many were
 * still SCHEDULED when the wait ended (missed), how many were released twice, and releases per second.
 *
 * <p>{@code --nodes N} (N > 1, PostgreSQL only) runs N separate Tongfa processes as deployed
 * ({@link TongfaInstance#process}) on one database: the drafts and the schedules are spread over the
 * nodes in turn, every node sweeps the due releases, and the report adds how many each node released
 * (its log's "released on schedule" lines). Not in one JVM: two in-process instances cannot be one
 * Quartz cluster (see {@link TongfaInstance}). {@code --processes} runs a single node as a process
 * too, to compare like with like.
 *
 * <p>A release's time is its {@code RELEASE} audit entry's, which the releasing transaction writes; the
 * database is fresh, so every item and audit entry in it is the benchmark's. The items are in a
 * {@code review: none} column with K webhook channels (default 1) to a local sink, so each release also
 * writes its ledger rows as in production; the deliveries themselves are not waited for.
 *
 * <p>Not a test (Surefire never runs it, and it asserts nothing). Run it with
 * <pre>mvn -o -q -B -Pbench -Dbench.main=org.tongfa.bench.ScheduledBurstBenchmark test-compile exec:exec \
 *     -Dbench.args="--items 1000 --database postgresql"</pre>
 * Every loop has a count and a deadline, and a watchdog ends the JVM if the whole run overruns.
 */
public final class ScheduledBurstBenchmark {

    private static final PrintStream out = System.out;
    /** Issue 15's target: every release within this long of the due second. */
    private static final Duration TARGET = Duration.ofSeconds(5);

    /** Command-line options, all optional. */
    record Options(int items, Database database, Nodes nodes, int channels, int publishers,
            int leadSeconds, int waitSeconds, int maxSeconds) {

        static Options parse(String[] args) {
            Map<String, String> given = BenchRuns.arguments(args, Set.of("items", "database", "nodes", "processes",
                    "channels", "publishers", "lead", "wait", "max-seconds"), Options::usage);
            Database database = Database.parse(given.getOrDefault("database", "h2"));
            Options o = new Options(
                    Integer.parseInt(given.getOrDefault("items", "1000")),
                    database,
                    Nodes.parse(given, database),
                    Integer.parseInt(given.getOrDefault("channels", "1")),
                    Integer.parseInt(given.getOrDefault("publishers", "2")),
                    Integer.parseInt(given.getOrDefault("lead", "0")),
                    Integer.parseInt(given.getOrDefault("wait", "60")),
                    Integer.parseInt(given.getOrDefault("max-seconds", "600")));
            if (o.items() < 1 || o.channels() < 1 || o.publishers() < 1 || o.waitSeconds() < 1) {
                throw new IllegalArgumentException("--items, --channels, --publishers and --wait must be at least 1");
            }
            return o;
        }

        static void usage() {
            out.println("""
                    ScheduledBurstBenchmark options (all optional):
                      --items N            items scheduled for the same second (1000)
                      --database D         h2 or postgresql (embedded, a fresh database) (h2)
                      --channels K         webhook channels of the column, to a local sink (1)
                      --publishers P       threads creating and scheduling the items through the API (2)
                      --lead S             seconds from the start of scheduling to the due second; 0 = from
                                           the time the drafts took (0)
                      --wait S             seconds after the due second before the still SCHEDULED count as
                                           missed (60)
                      --max-seconds M      watchdog: the JVM exits after M seconds whatever happens (600)
                    """ + Nodes.USAGE);
        }
    }

    private ScheduledBurstBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Thread watchdog = BenchRuns.watchdog("ScheduledBurstBenchmark", o.maxSeconds());

        int exit;
        try {
            exit = run(o);
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        }
        watchdog.interrupt();
        out.flush();
        // Everything is closed; exit explicitly so that no stray non-daemon thread can keep the JVM up.
        System.exit(exit);
    }

    private static int run(Options o) throws Exception {
        long started = System.nanoTime();
        Path logs = Path.of("target", "bench");
        Files.createDirectories(logs);
        List<String> channels = IntStream.rangeClosed(1, o.channels()).mapToObj(i -> "ch" + i).toList();
        out.printf(Locale.ROOT, "Tongfa scheduled-burst benchmark: %d cores, %s, %s, %d items due in one "
                        + "second, %d webhook channel(s); Tongfa logs in %s%n", Runtime.getRuntime().availableProcessors(),
                o.database(), o.nodes(), o.items(), o.channels(), logs.toAbsolutePath());
        try (WebhookSink sink = new WebhookSink(5_000)) {
            String url = o.database().freshUrl();
            long t0 = System.nanoTime();
            List<TongfaInstance> nodes = new ArrayList<>();
            try {
                if (o.nodes().processes()) {
                    nodes.addAll(TongfaInstance.processes(o.nodes().count(), channels, sink, url, node -> log(logs, node)));
                } else {
                    nodes.add(new TongfaInstance(channels, sink, logs.resolve("scheduled-burst.log").toAbsolutePath(),
                            url));
                }
                out.printf(Locale.ROOT, "[start] Tongfa up in %.1f s (%s)%n", (System.nanoTime() - t0) / 1e9, o.nodes());
                return measure(o, nodes, logs);
            } finally {
                for (TongfaInstance node : nodes) {
                    node.close();
                }
            }
        } finally {
            out.printf(Locale.ROOT, "%nTotal run time %.0f s%n", (System.nanoTime() - started) / 1e9);
        }
    }

    private static Path log(Path logs, String node) {
        return logs.resolve("scheduled-burst-" + node + ".log").toAbsolutePath();
    }

    private static int measure(Options o, List<TongfaInstance> nodes, Path logs) throws Exception {
        TongfaInstance tongfa = nodes.get(0);
        JdbcClient db = tongfa.jdbc();

        // Drafts first (not measured).
        long t0 = System.nanoTime();
        String[] ids = new String[o.items()];
        inParallel(o.items(), o.publishers(), 120, i -> ids[i] = nodes.get(i % nodes.size()).create(i, List.of()));
        double draftSeconds = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "[drafts] %d created in %.1f s (%.0f/s)%n", o.items(), draftSeconds,
                o.items() / draftSeconds);

        // Scheduling takes about as long as drafting: leave that twice over, plus 3 s, then the next whole second.
        int lead = o.leadSeconds() > 0 ? o.leadSeconds() : (int) Math.ceil(2 * draftSeconds) + 3;
        Instant due = Instant.ofEpochSecond(Instant.now().getEpochSecond() + lead + 1);
        t0 = System.nanoTime();
        long bound = Math.max(1, Duration.between(Instant.now(), due).toSeconds());
        inParallel(o.items(), o.publishers(), bound, i -> nodes.get(i % nodes.size()).publish(ids[i], due));
        double scheduleSeconds = (System.nanoTime() - t0) / 1e9;
        long scheduled = count(db, "SELECT COUNT(*) FROM item WHERE status = 'SCHEDULED'");
        Instant scheduledBy = Instant.now();
        out.printf(Locale.ROOT, "[schedule] %d scheduled through the API in %.1f s (%.0f/s) for %s, %d ms ahead%n",
                scheduled, scheduleSeconds, o.items() / scheduleSeconds, due,
                Duration.between(scheduledBy, due).toMillis());
        if (!scheduledBy.isBefore(due)) {
            out.printf("[schedule] scheduling ran past the due second: the figures would be meaningless; "
                    + "give a longer --lead (it was %d s)%n", lead);
            return 2;
        }
        if (scheduled != o.items()) {
            out.printf("[schedule] only %d of %d items are SCHEDULED; item states %s%n", scheduled, o.items(),
                    states(db));
            return 2;
        }

        // Wait for the releases: until none is SCHEDULED any more, or the wait ends.
        Instant waitEnd = due.plusSeconds(o.waitSeconds());
        long stillScheduled = scheduled;
        while (Instant.now().isBefore(waitEnd)) {
            stillScheduled = count(db, "SELECT COUNT(*) FROM item WHERE status = 'SCHEDULED'");
            if (stillScheduled == 0 && Instant.now().isAfter(due)) {
                break;
            }
            Thread.sleep(250);
        }
        // Room for a second release of the same item to show up.
        Thread.sleep(1_000);
        stillScheduled = count(db, "SELECT COUNT(*) FROM item WHERE status = 'SCHEDULED'");
        report(o, db, due, stillScheduled, tongfa);
        if (o.nodes().processes()) {
            List<String> byNode = new ArrayList<>();
            for (int i = 1; i <= o.nodes().count(); i++) {
                String text = Files.readString(log(logs, "node-" + i));
                byNode.add(String.format(Locale.ROOT, "node-%d %d", i,
                        text.lines().filter(l -> l.contains(" released on schedule ")).count()));
            }
            out.printf("releases by node    %s%n", String.join(", ", byNode));
        }
        return 0;
    }

    private static void report(Options o, JdbcClient db, Instant due, long missed, TongfaInstance tongfa) {
        List<Instant> releases = db.sql("SELECT occurred_at FROM audit_entry WHERE action = 'RELEASE' ORDER BY occurred_at")
                .query((rs, i) -> rs.getObject(1, OffsetDateTime.class).toInstant()).list();
        long releasedItems = count(db, "SELECT COUNT(DISTINCT item_id) FROM audit_entry WHERE action = 'RELEASE'");
        long twice = releases.size() - releasedItems;
        long published = count(db, "SELECT COUNT(*) FROM item WHERE status = 'PUBLISHED'");
        long[] lagMillis = releases.stream().mapToLong(at -> Duration.between(due, at).toMillis()).sorted().toArray();
        long early = releases.stream().filter(at -> at.isBefore(due)).count();
        long late = releases.stream().filter(at -> at.isAfter(due.plus(TARGET))).count();
        double lastSeconds = lagMillis.length == 0 ? 0 : lagMillis[lagMillis.length - 1] / 1e3;
        double spanSeconds = lagMillis.length < 2 ? 0 : (lagMillis[lagMillis.length - 1] - lagMillis[0]) / 1e3;

        out.println();
        out.println("=".repeat(100));
        out.printf(Locale.ROOT, "Scheduled burst, %d cores, %s, %s, %d items due at %s%n",
                Runtime.getRuntime().availableProcessors(), o.database(), o.nodes(), o.items(), due);
        out.println("=".repeat(100));
        out.printf(Locale.ROOT, "released            %d of %d items (%d PUBLISHED; item states %s)%n", releasedItems,
                o.items(), published, states(db));
        out.printf(Locale.ROOT, "due -> release      first %.3f s, p50 %.3f s, p99 %.3f s, last %.3f s%n",
                pctSeconds(lagMillis, 0), pctSeconds(lagMillis, 0.5), pctSeconds(lagMillis, 0.99), lastSeconds);
        out.printf(Locale.ROOT, "releases per second %.0f/s from the due second to the last release; %.0f/s from the "
                        + "first release to the last%n", lastSeconds > 0 ? releasedItems / lastSeconds : 0,
                spanSeconds > 0 ? releasedItems / spanSeconds : 0);
        out.printf(Locale.ROOT, "missed              %d still SCHEDULED %d s after the due second%n", missed,
                o.waitSeconds());
        out.printf(Locale.ROOT, "released twice      %d; released before the due second %d; later than %d s after "
                + "it %d%n", twice, early, TARGET.toSeconds(), late);
        out.printf("ledger rows         %s (deliveries not waited for)%n", tongfa.ledgerCounts());
        out.println();
        boolean met = releasedItems == o.items() && missed == 0 && twice == 0 && early == 0 && late == 0;
        out.printf(Locale.ROOT, "Target: %d items due in one second, all released within %d s, none missed, none "
                + "twice: last after %.3f s, %d missed, %d twice  %s%n", o.items(), TARGET.toSeconds(), lastSeconds,
                missed, twice, met ? "MET" : "MISSED");
    }

    /** One API call per index from {@code threads} threads; fails if they are not all done within the bound. */
    private static void inParallel(int count, int threads, long deadlineSeconds, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    call.run(n);
                    return null;
                }));
            }
            long deadline = System.nanoTime() + deadlineSeconds * 1_000_000_000L;
            for (Future<?> f : futures) {
                try {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    throw new IllegalStateException("the API calls did not finish within " + deadlineSeconds
                            + " s; give a longer --lead or fewer --items");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One API call for item {@code n}. */
    @FunctionalInterface
    private interface Call {
        void run(int n) throws Exception;
    }

    private static long count(JdbcClient db, String sql) {
        return db.sql(sql).query(Long.class).single();
    }

    private static Map<String, Long> states(JdbcClient db) {
        Map<String, Long> states = new TreeMap<>();
        db.sql("SELECT status, COUNT(*) FROM item GROUP BY status")
                .query((rs, i) -> states.put(rs.getString(1), rs.getLong(2))).list();
        return states;
    }

    /** Nearest-rank percentile of sorted milliseconds, in seconds; 0 when there are none. */
    private static double pctSeconds(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : FanoutBenchmark.pct(sorted, p == 0 ? 1e-9 : p) / 1e3;
    }
}
