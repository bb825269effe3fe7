package org.tongfa.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What every API answer shares: the token check and problem+json for every refusal. */
class WebApiIntegrationTest extends ApiTestSupport {

    @Test
    void theBearerSchemeIsCaseInsensitiveAndTheTokenMayBePadded() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/items"))
                .header("Authorization", "bearer   " + TOKEN + " ").GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void everyPathUnderApiNeedsATokenEvenUnknownOnes() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v2/whatever")).GET().build());

        problem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        problem(send(HttpRequest.newBuilder(uri("/api")).GET().build()), 401);
    }

    @Test
    void theUnauthorizedProblemIsValidJsonWhateverThePath() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                uri("/api/v1/items/%22%7D%2C%22x%22%3A%22")).GET().build());

        JsonNode problem = problem(response, 401);
        assertThat(problem.path("title").asString()).isEqualTo("Unauthorized");
    }

    @Test
    void anUnknownPathIs404ProblemJson() {
        JsonNode problem = problem(get("/api/v1/nothing-here"), 404);

        assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/nothing-here");
    }

    @Test
    void anUnsupportedMethodIs405ProblemJson() {
        HttpResponse<String> response = send(request("/api/v1/items/00000000-0000-4000-8000-000000000000")
                .DELETE().build());

        problem(response, 405);
    }

    @Test
    void askingForXmlIs406() {
        HttpResponse<String> response = send(request("/api/v1/items").header("Accept", "application/xml").GET().build());

        assertThat(response.statusCode()).isEqualTo(406);
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413WithAProblemBody() {
        String answer = raw("POST /api/v1/items HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Type: application/json\r\nContent-Length: 300000\r\nConnection: close\r\n\r\n",
                new byte[0]);

        assertThat(answer).startsWith("HTTP/1.1 413");
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("status").asInt()).isEqualTo(413);
        assertThat(problem.path("detail").asString()).contains("tongfa.api.max-body-size");
    }
}
