package org.tongfa.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.tongfa.support.ServiceProcess;

/**
 * A graceful stop (SIGTERM) of the real service process while deliveries are in flight: one to a
 * receiver that answers within the shutdown grace, one to a receiver that answers long after it. The
 * first ends DELIVERED, the second is handed back to the ledger (PENDING, no lease, its attempt not
 * recorded as a failure) for the next start to send again under the same key, and the process exits.
 * Each webhook channel has a single attempt in its schedule, so an attempt the stop cut short and
 * recorded as failed would leave the row DEAD: never acceptable for a stop the operator asked for.
 */
class GracefulShutdownIntegrationTest {

    @TempDir
    Path dir;

    private final WireMockServer wire = new WireMockServer(wireMockConfig().dynamicPort());
    private ServiceProcess service;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        wire.stop();
        Path logs = Files.createDirectories(Path.of("target", "graceful-shutdown-logs"));
        if (Files.exists(dir.resolve("service.log"))) {
            Files.copy(dir.resolve("service.log"), logs.resolve("service.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void sigtermWithDeliveriesInFlightFinishesTheQuickOneHandsBackTheSlowOneAndExits() throws Exception {
        wire.start();
        wire.stubFor(post("/quick").willReturn(okJson("{\"id\":\"q-1\"}").withFixedDelay(1_000)));
        wire.stubFor(post("/slow").willReturn(okJson("{\"id\":\"s-1\"}").withFixedDelay(120_000)));
        List<String> args = new java.util.ArrayList<>(List.of(
                "--tongfa.delivery.poll-interval=200ms",
                // A 5m webhook timeout makes an attempt of up to 15m: start-up refuses a shorter lease.
                "--tongfa.delivery.lease=20m",
                "--tongfa.delivery.shutdown-grace=4s",
                "--logging.level.org.tongfa=INFO"));
        for (String hook : List.of("quick", "slow")) {
            String p = "--tongfa.channels." + hook + ".";
            args.addAll(List.of(p + "type=webhook", p + "url=" + wire.baseUrl() + "/" + hook,
                    p + "secret=shutdown-test-secret", p + "allow-private-network=true", p + "timeout=5m",
                    p + "retry-schedule=0s"));
        }
        service = ServiceProcess.start(dir, "stop-node", "service.log", args);

        String created = service.post("/api/v1/items", """
                {"title":"停机时在途","body":"<p>正文</p>","department":"市工业和信息化局","column":"news",
                 "disclosure":{"type":"PROACTIVE"},"indexNumber":"11440100-2026-00001","channels":["quick","slow"]}""");
        String id = created.replaceAll("(?s).*?\"id\":\"([0-9a-f-]{36})\".*", "$1");
        service.post("/api/v1/items/" + id + "/publish", "{}");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() ->
                !wire.findAll(postRequestedFor(urlEqualTo("/quick"))).isEmpty()
                        && !wire.findAll(postRequestedFor(urlEqualTo("/slow"))).isEmpty());

        service.terminate();
        assertThat(service.awaitExit(Duration.ofSeconds(90))).as("the service exits after SIGTERM").isTrue();

        JdbcClient db = JdbcClient.create(new DriverManagerDataSource(ServiceProcess.databaseUrl(dir), "sa", ""));
        List<Map<String, Object>> rows = db.sql("SELECT channel, status, lease_owner, last_error FROM delivery "
                + "WHERE item_id = :item ORDER BY channel").param("item", id).query().listOfRows();
        assertThat(rows).hasSize(2);
        Map<String, Object> quick = rows.get(0);
        Map<String, Object> slow = rows.get(1);
        assertThat(quick.get("CHANNEL")).isEqualTo("quick");
        assertThat(quick.get("STATUS")).as("finished within the grace: " + quick).isEqualTo("DELIVERED");
        assertThat(slow.get("CHANNEL")).isEqualTo("slow");
        assertThat(slow.get("STATUS")).as("handed back, never failed: " + slow).isEqualTo("PENDING");
        assertThat(slow.get("LEASE_OWNER")).as("no node holds it").isNull();
        assertThat((String) slow.get("LAST_ERROR")).as("handed back by the stop").contains("stop-node");
        assertThat(wire.findAll(postRequestedFor(urlEqualTo("/slow")))).hasSize(1);
    }
}
