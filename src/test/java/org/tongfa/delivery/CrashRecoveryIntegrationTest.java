package org.tongfa.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.tongfa.support.ServiceProcess;
import org.tongfa.support.TestColumns;

/**
 * The "done when": the service is killed (SIGKILL) in the middle of a fan-out and started
 * again, and every delivery ends up made exactly once. The service runs as a real separate process on
 * a file database; the partners are WireMock webhooks and a drop folder.
 *
 * <p>"Exactly once" at a webhook receiver means one webhook-id per (item, channel): a request that was
 * in flight at the kill may arrive again after the restart, but under the same webhook-id, which is
 * what the Standard Webhooks receiver deduplicates on.
 *
 * <p>It also prints how many requests were sent again although the receiver had already answered them
 * 2xx before the kill (the window between reading a 2xx and recording it, issue 8), how many were in
 * flight at the kill (unavoidable), the time from the receiver's answer to the ledger's record
 * ({@code deliveredAt}) and the service's own {@code tongfa_delivery_record_seconds} timer when it has
 * one.
 */
class CrashRecoveryIntegrationTest {

    private static final int ITEMS = 12;
    private static final List<String> HOOKS = List.of("w1", "w2", "w3");
    private static final Pattern ITEM_ID = Pattern.compile("\"itemId\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    @TempDir
    Path dir;

    private final Answers answers = new Answers();
    private final WireMockServer wire = new WireMockServer(wireMockConfig().dynamicPort().extensions(answers));
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

    /** When WireMock finished answering each request, by its serve event id. */
    static final class Answers implements ServeEventListener {
        final Map<UUID, Instant> completed = new ConcurrentHashMap<>();

        @Override
        public String getName() {
            return "answer-times";
        }

        @Override
        public void afterComplete(ServeEvent event, Parameters parameters) {
            completed.put(event.getId(), Instant.now());
        }
    }

    private Process startService(String log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ServiceProcess.JVM_OPTIONS);
        command.addAll(List.of("-cp", classPath(), "org.tongfa.TongfaApplication",
                "--server.port=" + port,
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db/tongfa") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;QUERY_CACHE_SIZE=64",
                "--tongfa.data-directory=" + dir,
                "--tongfa.node-id=crash-node",
                "--tongfa.api.tokens.editor=crash-token",
                "--tongfa.delivery.poll-interval=200ms",
                "--tongfa.channels.archive.directory=" + dir.resolve("archive"),
                "--logging.level.org.tongfa=WARN"));
        TestColumns.unreviewed().forEach((k, v) -> command.add("--" + k + "=" + v));
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
        String metrics = get("/actuator/prometheus").body();
        Instant killedAt = Instant.now();
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

        printResendWindow(ids, killedAt, metrics);
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

    /** The figures of issue 8's "same-id resends after kill -9"; printed, not asserted (a benchmark, not a test). */
    private void printResendWindow(List<String> ids, Instant killedAt, String metrics) throws Exception {
        int acceptedThenResent = 0;
        int inFlightThenResent = 0;
        Map<String, Instant> answeredBeforeKill = new HashMap<>();
        for (String hook : HOOKS) {
            Map<String, List<ServeEvent>> byWebhookId = new HashMap<>();
            for (ServeEvent e : wire.getAllServeEvents()) {
                if (e.getRequest().getUrl().equals("/" + hook)) {
                    byWebhookId.computeIfAbsent(e.getRequest().getHeader("webhook-id"), k -> new ArrayList<>()).add(e);
                }
            }
            for (Map.Entry<String, List<ServeEvent>> sent : byWebhookId.entrySet()) {
                List<ServeEvent> events = sent.getValue();
                Instant answered = events.stream().map(e -> answers.completed.get(e.getId()))
                        .filter(at -> at != null && at.isBefore(killedAt)).min(Instant::compareTo).orElse(null);
                if (answered != null) {
                    answeredBeforeKill.put(sent.getKey(), answered);
                }
                if (events.size() > 1) {
                    if (answered != null) {
                        acceptedThenResent++;
                    } else {
                        inFlightThenResent++;
                    }
                }
            }
        }
        List<Long> windows = new ArrayList<>();
        JsonMapper json = JsonMapper.builder().build();
        for (String id : ids) {
            for (JsonNode d : json.readTree(get("/api/v1/items/" + id + "/deliveries").body())) {
                Instant answered = answeredBeforeKill.get("tf-" + id + "-" + d.get("id").asLong());
                JsonNode deliveredAt = d.get("deliveredAt");
                if (answered != null && deliveredAt != null && !deliveredAt.isNull()) {
                    Instant recorded = Instant.parse(deliveredAt.asString());
                    if (recorded.isBefore(killedAt)) {
                        windows.add(Duration.between(answered, recorded).toNanos() / 1000);
                    }
                }
            }
        }
        windows.sort(null);
        Matcher timer = Pattern.compile("tongfa_delivery_record_seconds_(count|sum|max)\\{[^}]*channel=\"w\\d\"[^}]*} ([0-9.eE+-]+)")
                .matcher(metrics);
        double count = 0;
        double sum = 0;
        double max = 0;
        while (timer.find()) {
            double value = Double.parseDouble(timer.group(2));
            switch (timer.group(1)) {
                case "count" -> count += value;
                case "sum" -> sum += value;
                default -> max = Math.max(max, value);
            }
        }
        System.out.printf("same-id resends after kill -9: %d answered 2xx before the kill, %d in flight at the kill%n",
                acceptedThenResent, inFlightThenResent);
        if (!windows.isEmpty()) {
            System.out.printf("receiver's answer -> deliveredAt (%d deliveries before the kill): p50 %.1f ms, p90 %.1f ms,"
                            + " max %.1f ms%n", windows.size(), windows.get(windows.size() / 2) / 1000.0,
                    windows.get(windows.size() * 9 / 10) / 1000.0, windows.get(windows.size() - 1) / 1000.0);
        }
        if (count > 0) {
            System.out.printf("tongfa_delivery_record_seconds (channel call returned -> ledger committed): %d records, "
                    + "mean %.2f ms, max %.2f ms%n", (long) count, sum / count * 1000, max * 1000);
        }
    }
}
