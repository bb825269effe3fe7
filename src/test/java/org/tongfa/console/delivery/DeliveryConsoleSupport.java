package org.tongfa.console.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.ConcurrentHashMap;
import org.tongfa.console.ConsoleTestSupport;
import tools.jackson.databind.JsonNode;

/** Items published through the API, reviewed by the people of the shared context (no self-approval). */
abstract class DeliveryConsoleSupport extends ConsoleTestSupport {

    private static final ConcurrentHashMap<String, String> TOKENS = new ConcurrentHashMap<>();

    /** A bearer token of {@code login}, signed in once. */
    static String tokenOf(String login) {
        return TOKENS.computeIfAbsent(login, l -> {
            HttpResponse<String> signedIn = api("POST", "/api/v1/sign-in",
                    "{\"login\":\"" + l + "\",\"password\":\"" + PASSWORD + "\"}");
            assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
            return json(signedIn).get("token").asString();
        });
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    static HttpResponse<String> as(String login, String method, String path, String body) {
        try {
            return HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url(path)))
                    .header("Authorization", "Bearer " + tokenOf(login)).header("Content-Type", "application/json")
                    .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                            : java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A news item on the given channels, approved by the office (reviewer1) and signed (signer1), not yet published. */
    static String approvedNewsItem(String title, String... channels) {
        HttpResponse<String> created = api("POST", "/api/v1/items", """
                {"title":"%s","body":"<p>正文</p>","department":"市工业和信息化局","column":"news",
                 "disclosure":{"type":"PROACTIVE"},"indexNumber":"DLV-%d","channels":[%s]}""".formatted(title,
                System.nanoTime(),
                String.join(",", java.util.Arrays.stream(channels).map(c -> "\"" + c + "\"").toList())));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asString();
        ok(api("POST", "/api/v1/items/" + id + "/submit", "{\"version\":1}"));
        ok(as(REVIEWER, "POST", "/api/v1/items/" + id + "/review", "{\"decision\":\"APPROVE\",\"step\":\"office\",\"version\":1}"));
        ok(as(SIGNER, "POST", "/api/v1/items/" + id + "/review", "{\"decision\":\"APPROVE\",\"step\":\"signer\",\"version\":1}"));
        return id;
    }

    static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return json(response);
    }
}
