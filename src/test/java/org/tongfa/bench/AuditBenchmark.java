package org.tongfa.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.context.annotation.ClassPathBeanDefinitionScanner;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.type.filter.RegexPatternTypeFilter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tongfa.common.AuditEvent;
import org.tongfa.support.TestDatabases;

/**
 * What the audit trail adds to an action: the same small transaction (one UPDATE, as an action's own
 * write) timed without and with one {@link AuditEvent} published in it, so the difference is one append
 * (the head's lock, the hash, an INSERT and an UPDATE), on H2 (a file database, as the service runs
 * it) and on embedded PostgreSQL, from one thread; then audited transactions from several threads at
 * once, which the head's lock serialises at their end.
 *
 * <p>Run with the test classpath (see docs/benchmarks.md, "Audit trail"); options
 * {@code <transactions> <threads>}, default {@code 5000 4}.
 */
public final class AuditBenchmark {

    private AuditBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int transactions = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path dir = Files.createTempDirectory("audit-bench");
        run("H2 (file)", "jdbc:h2:file:" + dir.resolve("tongfa").toAbsolutePath(), transactions, threads);
        run("PostgreSQL (embedded)", TestDatabases.postgresUrl(), transactions, threads);
        System.exit(0);
    }

    private static void run(String name, String url, int transactions, int threads) throws Exception {
        TestDatabases.migrated(url);
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(url);
            pool.setUsername(url.startsWith("jdbc:h2") ? "sa" : "postgres");
            pool.setMaximumPoolSize(threads + 2);
            AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
            context.registerBean(DataSource.class, () -> pool);
            context.registerBean(JdbcClient.class, () -> JdbcClient.create(pool));
            context.registerBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(pool));
            context.registerBean(Clock.class, Clock::systemUTC);
            // The trail's two beans are package-private: found by name, without the tests' configurations.
            ClassPathBeanDefinitionScanner scanner = new ClassPathBeanDefinitionScanner(context, false);
            scanner.addIncludeFilter(new RegexPatternTypeFilter(Pattern.compile("org\\.tongfa\\.audit\\.Audit(Trail|Recorder)")));
            scanner.scan("org.tongfa.audit");
            context.refresh();
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
            jdbc.sql("CREATE TABLE bench_action (id INT PRIMARY KEY, n BIGINT NOT NULL)").update();
            for (int t = 0; t < threads; t++) {
                jdbc.sql("INSERT INTO bench_action (id, n) VALUES (:id, 0)").param("id", t).update();
            }
            Runnable plain = () -> tx.executeWithoutResult(s -> action(jdbc, 0));
            Runnable audited = () -> tx.executeWithoutResult(s -> {
                action(jdbc, 0);
                context.publishEvent(event(0));
            });
            // Warm up both, then alternate rounds so drift in the machine's load hits both alike.
            time(plain, transactions / 2);
            time(audited, transactions / 2);
            long[] without = new long[0];
            long[] with = new long[0];
            for (int round = 0; round < 4; round++) {
                without = concat(without, time(plain, transactions / 4));
                with = concat(with, time(audited, transactions / 4));
            }
            System.out.printf("%s, one thread, %d transactions each:%n", name, without.length);
            System.out.printf("  without audit: %s%n", summary(without));
            System.out.printf("  with one append: %s%n", summary(with));
            System.out.printf("  one append costs %.3f ms (p50 difference)%n",
                    (percentile(with, 50) - percentile(without, 50)) / 1e6);

            ExecutorService executor = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(executor.submit(() -> {
                    for (int i = 0; i < transactions / threads; i++) {
                        tx.executeWithoutResult(s -> {
                            action(jdbc, id);
                            context.publishEvent(event(id));
                        });
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            executor.shutdown();
            System.out.printf("  %d threads: %d audited transactions in %.2f s = %.0f/s%n", threads,
                    transactions / threads * threads, seconds, transactions / threads * threads / seconds);
            System.out.printf("  trail: %d rows%n",
                    jdbc.sql("SELECT COUNT(*) FROM audit_entry").query(Long.class).single());
            context.close();
        }
    }

    private static void action(JdbcClient jdbc, int id) {
        jdbc.sql("UPDATE bench_action SET n = n + 1 WHERE id = :id").param("id", id).update();
    }

    private static AuditEvent event(int thread) {
        return new AuditEvent(AuditEvent.Action.EDIT, "editor-" + thread, "10.0.0." + thread,
                "0b7c6f1e-5d0a-4c1e-9a41-3f2d5e6a7b8c", 3, Map.of("title", "关于开展2026年中小企业数字化转型试点工作的通知",
                        "summary", "试点申报工作安排"));
    }

    private static long[] time(Runnable transaction, int count) {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            transaction.run();
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static String summary(long[] nanos) {
        return String.format("p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, mean %.3f ms", percentile(nanos, 50) / 1e6,
                percentile(nanos, 95) / 1e6, percentile(nanos, 99) / 1e6, Arrays.stream(nanos).average().orElse(0) / 1e6);
    }
}
