package org.tongfa.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.tongfa.support.TestApps;
import org.tongfa.web.ApiTestSupport;

/**
 * A context that is paused and restarted without being closed (what Spring's test framework does to a
 * cached context while other test classes run) delivers again: the graceful
 * stop's drain must not leave the poll and claim routes stopped for good.
 */
class PipelineRestartIntegrationTest {

    @TempDir
    Path dir;

    @Test
    void deliversAfterTheContextIsPausedAndRestarted() throws Exception {
        String db = "jdbc:h2:mem:restart-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (ConfigurableApplicationContext app = TestApps.start(db, dir, "restart-node", Map.of())) {
            app.pause();
            app.restart();
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> created = http.send(request(port, "/api/v1/items")
                    .POST(HttpRequest.BodyPublishers.ofString(ApiTestSupport.write(ApiTestSupport.validItem())))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = ApiTestSupport.json(created).get("id").asText();
            HttpResponse<String> published = http.send(request(port, "/api/v1/items/" + id + "/publish")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(Files.exists(dir.resolve("archive").resolve(id + "-v1"))).isTrue());
        }
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer test-token");
    }
}
