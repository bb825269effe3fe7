package org.tongfa.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Start-up benchmark: starts the service as a production process would run it (its own JVM, the
 * main classes and runtime dependencies only, {@code ./config/application.yml} and {@code ./routes}
 * from the working directory) and prints how long it takes until it serves, and the resident memory
 * of its JVM once it is idle. Scenarios: the default configuration, and the same with N generated
 * lobby screens (a YAML file of {@code tongfa.screens.*} added with
 * {@code spring.config.additional-location}).
 *
 * <p>Ready means the first {@code 200} from {@code /actuator/health} (the probe's path: every bean
 * is built, Camel's routes and Tomcat are started), polled every 20 ms from the moment the process is
 * launched. Idle RSS is {@code VmRSS} from {@code /proc/<pid>/status} after {@code --idle} seconds
 * with no requests; {@code VmHWM} (the peak) is printed beside it. Each scenario runs {@code --runs}
 * times on one data directory: the first run is a first start (Flyway creates the schema), the
 * others are restarts; the data directory is deleted afterwards. Nothing here is asserted.
 *
 * <pre>
 * mvn -o -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/runtime-cp.txt -DincludeScope=runtime
 * java -cp target/test-classes org.tongfa.bench.StartupBenchmark [--screens 0,10000] [--runs 3] [--idle 15]
 *     [--jvm "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAMPercentage=75"]
 *     [--classpath-file target/runtime-cp.txt] [--classes target/classes]
 * </pre>
 * The default JVM options and {@code MALLOC_ARENA_MAX=2} are the service's (pom.xml, Dockerfile);
 * {@code --classes} may name a jar of the main classes instead of the directory, which the
 * Dockerfile's class data sharing archive needs ({@code --jvm "... -XX:SharedArchiveFile=<archive>"}).
 * Every wait is bounded; the service is stopped with
 * SIGTERM (then killed) after each run.
 */
public final class StartupBenchmark {

    /** The service's JVM options: those of {@code mvn spring-boot:run} (pom.xml) and the Dockerfile. */
    static final String SERVICE_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAMPercentage=75";
    private static final Pattern STARTED = Pattern.compile("Started \\S+ in ([0-9.]+) seconds");

    private StartupBenchmark() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + argv[i]);
            }
            opts.put(argv[i].substring(2), argv[i + 1]);
        }
        int[] screenCounts = Arrays.stream(opts.getOrDefault("screens", "0,10000").split(","))
                .mapToInt(s -> Integer.parseInt(s.strip())).toArray();
        int runs = Integer.parseInt(opts.getOrDefault("runs", "3"));
        int idleSeconds = Integer.parseInt(opts.getOrDefault("idle", "15"));
        List<String> jvm = List.of(opts.getOrDefault("jvm", SERVICE_JVM).strip().split("\\s+"));
        Path classpathFile = Path.of(opts.getOrDefault("classpath-file", "target/runtime-cp.txt"));
        Path classes = Path.of(opts.getOrDefault("classes", "target/classes"));
        String classpath = classes.toAbsolutePath() + ":" + Files.readString(classpathFile).strip();

        System.out.printf("JVM options %s, %d cores, load average now %s%n", jvm,
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).strip());
        List<String> rows = new ArrayList<>();
        for (int screens : screenCounts) {
            Path dir = Files.createTempDirectory("tongfa-startup-");
            List<String> extra = new ArrayList<>();
            if (screens > 0) {
                Path file = dir.resolve("screens.yml");
                Files.writeString(file, screensYaml(screens));
                extra.add("--spring.config.additional-location=file:" + file);
            }
            try {
                for (int run = 1; run <= runs; run++) {
                    Result r = measure(classpath, jvm, dir, extra, idleSeconds);
                    String scenario = (screens == 0 ? "default configuration" : String.format("%,d screens", screens))
                            + (run == 1 ? ", first start" : ", restart");
                    String row = String.format("| %s | %.1f s | %.1f s | %s | %d MB | %d MB |", scenario,
                            r.readySeconds, r.cpuSeconds, r.springSeconds == null ? "?" : r.springSeconds + " s",
                            r.rssKb / 1024, r.hwmKb / 1024);
                    System.out.println(row);
                    rows.add(row);
                }
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
        System.out.println();
        System.out.println("| scenario | launch to first 200 on /actuator/health | CPU used by then | Spring's \"Started in\" "
                + "| idle RSS | peak RSS |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** What one start measured; {@code springSeconds} is the service's own "Started ... in" figure. */
    private record Result(double readySeconds, double cpuSeconds, String springSeconds, long rssKb, long hwmKb) {
    }

    private static Result measure(String classpath, List<String> jvm, Path dir, List<String> extra, int idleSeconds)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(List.of("-cp", classpath, "org.tongfa.TongfaApplication",
                "--server.port=" + port,
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db/tongfa") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;QUERY_CACHE_SIZE=64",
                "--tongfa.data-directory=" + dir,
                "--tongfa.channels.archive.directory=" + dir.resolve("archive")));
        command.addAll(extra);
        Path log = dir.resolve("service.log");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        long launched = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("MALLOC_ARENA_MAX", "2"); // as the run command and the Dockerfile set it
        Process process = builder.start();
        try {
            long deadline = launched + TimeUnit.MINUTES.toNanos(5);
            double ready = -1;
            double cpuAtReady = -1;
            while (ready < 0) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the service exited at start:\n" + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the service did not answer within 5 minutes:\n"
                            + Files.readString(log));
                }
                try {
                    if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        ready = (System.nanoTime() - launched) / 1e9;
                        cpuAtReady = cpuSeconds(process.pid());
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (ready < 0) {
                    TimeUnit.MILLISECONDS.sleep(20); // a benchmark command, not a test: polling is the measurement
                }
            }
            TimeUnit.SECONDS.sleep(idleSeconds);
            String status = Files.readString(Path.of("/proc/" + process.pid() + "/status"));
            Matcher started = STARTED.matcher(Files.readString(log));
            return new Result(ready, cpuAtReady, started.find() ? started.group(1) : null, kb(status, "VmRSS"),
                    kb(status, "VmHWM"));
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** User plus system CPU time of the process so far: less moved than wall time by other work on the machine. */
    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // Fields after the command name (which may hold spaces) start at ") "; utime and stime are the 12th and 13th.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    private static long kb(String status, String field) {
        Matcher m = Pattern.compile("(?m)^" + field + ":\\s+(\\d+) kB").matcher(status);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in /proc/<pid>/status");
        }
        return Long.parseLong(m.group(1));
    }

    /** N screens as an operator writes them: each with its own key, columns, a daypart and a location. */
    static String screensYaml(int count) {
        StringBuilder yaml = new StringBuilder("tongfa:\n  screens:\n");
        for (int s = 0; s < count; s++) {
            yaml.append("    s").append(s).append(":\n")
                    .append("      name: 办事大厅 ").append(s).append('\n')
                    .append("      location: 市民服务中心 ").append(s / 100).append(" 号楼\n")
                    .append("      columns: [notices, news]\n")
                    .append("      dayparts: [\"MON-FRI 08:30-17:30\", \"SAT 09:00-12:00\"]\n")
                    .append("      poll-seconds: 30\n")
                    .append("      key: ").append(String.format("bench-screen-key-%08d", s)).append('\n');
        }
        return yaml.toString();
    }
}
