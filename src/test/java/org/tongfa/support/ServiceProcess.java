package org.tongfa.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tongfa as a real separate process (the test JVM's class path, {@code org.tongfa.TongfaApplication})
 * on an H2 file database under a directory of its own, or on a PostgreSQL database several processes
 * share, for tests and measurements that stop it the
 * way an operator or a container does: SIGTERM ({@link #terminate()}) or SIGKILL.
 */
public final class ServiceProcess implements AutoCloseable {

    public static final String TOKEN = "process-token";

    /**
     * The service's own JVM options (pom.xml's spring-boot-maven-plugin, the Dockerfile) with a heap
     * bound: the process is started as it is deployed, and on two cores the C1-only start takes half
     * the CPU of the default compilers'.
     */
    public static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Process process;
    private final int port;
    private final Path dir;
    private final HttpClient http = HttpClient.newHttpClient();

    private ServiceProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Starts the service and waits until its health endpoint answers.
     *
     * @param dir its data directory; the database is {@code dir/db/tongfa}, its output {@code dir/<log>}
     * @param args further {@code --key=value} arguments (they win over {@code config/application.yml})
     */
    public static ServiceProcess start(Path dir, String node, String log, List<String> args) throws IOException {
        return start(dir, node, log, databaseUrl(dir), args);
    }

    /**
     * Starts the service on the database at {@code databaseUrl} (a {@code jdbc:postgresql:} URL of
     * {@link TestDatabases#postgresUrl()}, for several nodes sharing one database) and waits until its
     * health endpoint answers; otherwise as {@link #start(Path, String, String, List)}.
     */
    public static ServiceProcess start(Path dir, String node, String log, String databaseUrl, List<String> args)
            throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", classPath(), "org.tongfa.TongfaApplication",
                "--server.port=" + port,
                "--spring.datasource.url=" + databaseUrl,
                "--tongfa.data-directory=" + dir,
                "--tongfa.node-id=" + node,
                "--tongfa.api.tokens.editor=" + TOKEN,
                "--tongfa.channels.archive.directory=" + dir.resolve("archive")));
        if (databaseUrl.startsWith("jdbc:postgresql:")) {
            command.addAll(List.of("--spring.datasource.username=postgres", "--spring.datasource.password="));
        }
        // The test class path's application.properties gives each test context a Quartz scheduler name of its
        // own; a process runs as deployed, under the one name that makes nodes on one database a Quartz cluster.
        command.add("--spring.quartz.properties.org.quartz.scheduler.instanceName=tongfa");
        TestColumns.unreviewed().forEach((k, v) -> command.add("--" + k + "=" + v));
        command.addAll(args);
        Process process = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
        ServiceProcess service = new ServiceProcess(process, port, dir);
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> !process.isAlive() || service.get("/actuator/health").statusCode() == 200);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("the service exited at start; see " + dir.resolve(log));
        }
        return service;
    }

    /** The JDBC URL of the service's database; usable from the test once the process has exited. */
    public static String databaseUrl(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("db/tongfa") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;QUERY_CACHE_SIZE=64";
    }

    /** The test JVM's class path; Surefire may hide it behind a manifest-only jar, which works the same. */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs JSON and returns the answer's body; fails unless the answer is 2xx. */
    public String post(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Sends SIGKILL ({@code kill -9}) and waits for the process to be gone: nothing of it runs on. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public int port() {
        return port;
    }

    /** Sends SIGTERM, as {@code kill}, systemd and container runtimes do to stop a service. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to exit; {@code true} if it did within the bound. */
    public boolean awaitExit(Duration bound) throws InterruptedException {
        return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitValue() {
        return process.exitValue();
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
