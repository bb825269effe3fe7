package org.tongfa.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.File;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when": the service is killed (SIGKILL) in the middle of a fan-out and started
 * again, and every delivery ends up made exactly once. The service runs as a real separate process on
 * a file database; the partners are WireMock webhooks and a drop folder.
 *
 * <p>"Exactly once" at a webhook receiver means one webhook-id per (item, channel): a request that was
 * in flight at the kill may arrive again after the restart, but under the same webhook-id, which is
 * what the Standard Webhooks receiver deduplicates on.
 */
class CrashRecoveryIntegrationTest {

    private static final int ITEMS = 12;
    private static final List<String> HOOKS = List.of("w1", "w2", "w3");
    private static final Pattern ITEM_ID = Pattern.compile("\"itemId\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    @TempDir
    Path dir;

    private final WireMockServer wire = new WireMockServer(wireMockConfig().dynamicPort());
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();
    private int port;

    @AfterEach
    void stop() throws IOException {
        processes.forEach(Process::destroyForcibly);
        wire.stop();
        // Keep the services' logs where a failed CI run can be read.
        Path logs = Files.createDirectories(Path.of("target", "crash-recovery-logs"));
        for (String log : List.of("first.log", "second.log", "unfinished.json")) {
            if (Files.exists(dir.resolve(log))) {
                Files.copy(dir.resolve(log), logs.resolve(log), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private Process startService(String log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", classPath(), "org.tongfa.TongfaApplication",
                "--server.port=" + port,
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db/tongfa") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
                "--tongfa.data-directory=" + dir,
                "--tongfa.node-id=crash-node",
                "--tongfa.api.tokens.editor=crash-token",
                "--tongfa.delivery.poll-interval=200ms",
                "--tongfa.channels.archive.directory=" + dir.resolve("archive"),
                "--logging.level.org.tongfa=WARN"));
        for (String hook : HOOKS) {
            String p = "--tongfa.channels." + hook + ".";
            command.addAll(List.of(p + "type=webhook", p + "url=" + wire.baseUrl() + "/" + hook,
                    p + "secret=crash-test-secret", p + "allow-private-network=true", p + "concurrency=2",
                    p + "timeout=5s"));
        }
        Process process = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                .redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
        processes.add(process);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> get("/actuator/health").statusCode() == 200);
        return process;
    }

    /** The test JVM's class path; Surefire may hide it behind a manifest-only jar, which works the same. */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer crash-token").build(), HttpResponse.BodyHandlers.ofString());
    }

    private String postJson(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer crash-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(201, 202);
        return response.body();
    }

    @Test
    void killedInTheMiddleOfAFanOutAndRestartedEveryDeliveryIsMadeExactlyOnce() throws Exception {
        wire.start();
        for (String hook : HOOKS) {
            wire.stubFor(post("/" + hook).willReturn(okJson("{\"id\":\"" + hook + "\"}").withFixedDelay(800)));
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process first = startService("first.log");

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            String created = postJson("/api/v1/items", """
                    {"title":"断电恢复 %d","body":"<p>第 %d 条</p>","department":"市工业和信息化局","column":"news",
                     "disclosure":{"type":"PROACTIVE"},"indexNumber":"11440100-2026-%05d",
                     "channels":["w1","w2","w3","archive"]}""".formatted(i, i, i));
            String id = created.replaceAll("(?s).*?\"id\":\"([0-9a-f-]{36})\".*", "$1");
            ids.add(id);
            postJson("/api/v1/items/" + id + "/publish", "{}");
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> wire.getAllServeEvents().size() >= 6);
        first.destroyForcibly().waitFor();
        int beforeKill = wire.getAllServeEvents().size();
        // Each hook takes 800 ms a request, two at a time: the whole fan-out needs about 5 s per hook.
        assertThat(beforeKill).as("killed in the middle, not after the fan-out").isLessThan(ITEMS * HOOKS.size());

        startService("second.log");
        List<String> unfinished = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .failFast("deliveries left unfinished", () -> false)
                .conditionEvaluationListener(c -> { })
                .until(() -> {
                    unfinished.clear();
                    for (String id : ids) {
                        String deliveries = get("/api/v1/items/" + id + "/deliveries").body();
                        if (deliveries.split("\"status\":\"DELIVERED\"", -1).length - 1 != 4) {
                            unfinished.add(deliveries);
                        }
                    }
                    if (!unfinished.isEmpty()) {
                        Files.writeString(dir.resolve("unfinished.json"), String.join("\n", unfinished));
                    }
                    return unfinished.isEmpty();
                });

        int resent = 0;
        for (String hook : HOOKS) {
            Map<String, Set<String>> webhookIdsByItem = new HashMap<>();
            List<LoggedRequest> requests = wire.findAll(postRequestedFor(urlEqualTo("/" + hook)));
            for (LoggedRequest r : requests) {
                Matcher m = ITEM_ID.matcher(r.getBodyAsString());
                assertThat(m.find()).isTrue();
                webhookIdsByItem.computeIfAbsent(m.group(1), k -> new HashSet<>()).add(r.getHeader("webhook-id"));
            }
            assertThat(webhookIdsByItem.keySet()).as("every item reached " + hook).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(webhookIdsByItem.values()).as("one webhook-id per item on " + hook).allSatisfy(
                    webhookIds -> assertThat(webhookIds).hasSize(1));
            resent += requests.size() - ITEMS;
        }
        assertThat(resent).as("only requests in flight at the kill are sent again").isLessThanOrEqualTo(HOOKS.size() * 2);

        try (Stream<Path> packages = Files.list(dir.resolve("archive"))) {
            List<String> names = packages.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
            assertThat(names).containsExactlyInAnyOrderElementsOf(ids.stream().map(id -> id + "-v1").toList());
        }
    }
}
