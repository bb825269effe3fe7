package org.tongfa.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.tongfa.support.ServiceProcess;

/**
 * Measures how long a graceful stop takes: the real service as a separate process (H2 file database,
 * default channels and settings from {@code config/application.yml}) gets SIGTERM, and the time until
 * the process has exited is printed. Two scenarios, each run {@code runs} times on a fresh service:
 * nothing in flight, and one webhook delivery in flight to a receiver that takes a minute to answer
 * (bounded by {@code tongfa.delivery.shutdown-grace}, then handed back). Nothing here is asserted.
 *
 * <pre>mvn -o -q -B -Pbench -Dbench.main=org.tongfa.bench.StopTimeBenchmark test-compile exec:exec   # -Dbench.args="3"</pre>
 */
public final class StopTimeBenchmark {

    private StopTimeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        WireMockServer receiver = new WireMockServer(wireMockConfig().dynamicPort());
        receiver.start();
        receiver.stubFor(post("/slow").willReturn(okJson("{\"id\":\"s\"}").withFixedDelay(60_000)));
        try {
            List<Long> idle = new ArrayList<>();
            List<Long> inFlight = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                idle.add(stopMillis(receiver, false, i));
                inFlight.add(stopMillis(receiver, true, i));
            }
            System.out.println();
            System.out.println("| scenario | SIGTERM to exit, ms (each run) |");
            System.out.println("|---|---|");
            System.out.println("| nothing in flight | " + join(idle) + " |");
            System.out.println("| one delivery in flight to a receiver answering after 60 s (grace 5 s) | "
                    + join(inFlight) + " |");
        } finally {
            receiver.stop();
        }
    }

    private static long stopMillis(WireMockServer receiver, boolean withDelivery, int run) throws Exception {
        Path dir = Files.createTempDirectory("tongfa-stop-");
        List<String> args = new ArrayList<>(List.of("--logging.level.org.tongfa=INFO"));
        if (withDelivery) {
            String p = "--tongfa.channels.slow.";
            args.addAll(List.of(p + "type=webhook", p + "url=" + receiver.baseUrl() + "/slow",
                    p + "secret=stop-time-secret", p + "allow-private-network=true", p + "timeout=5m",
                    // A 5m timeout makes an attempt of up to 15m: start-up refuses a shorter lease.
                    "--tongfa.delivery.lease=20m"));
        }
        try (ServiceProcess service = ServiceProcess.start(dir, "stop-bench", "service.log", args)) {
            if (withDelivery) {
                receiver.resetRequests();
                String created = service.post("/api/v1/items", """
                        {"title":"停机计时","body":"<p>正文</p>","department":"市工业和信息化局","column":"news",
                         "disclosure":{"type":"PROACTIVE"},"indexNumber":"STOP-%d","channels":["slow"]}""".formatted(run));
                String id = created.replaceAll("(?s).*?\"id\":\"([0-9a-f-]{36})\".*", "$1");
                service.post("/api/v1/items/" + id + "/publish", "{}");
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (receiver.findAll(postRequestedFor(urlEqualTo("/slow"))).isEmpty() && System.nanoTime() < until) {
                    Thread.sleep(10);
                }
            } else {
                Thread.sleep(2_000); // let start-up work (first polls, site render) settle
            }
            long started = System.nanoTime();
            service.terminate();
            if (!service.awaitExit(Duration.ofSeconds(120))) {
                throw new IllegalStateException("the service did not exit within 120 s; see " + dir);
            }
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            System.out.printf("%s run %d: stopped in %d ms (exit %d; log %s)%n",
                    withDelivery ? "in flight" : "idle", run + 1, millis, service.exitValue(), dir.resolve("service.log"));
            return millis;
        }
    }

    private static String join(List<Long> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }
}
