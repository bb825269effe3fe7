package org.tongfa.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Items on people's desks, made through the API as the people themselves (each signed in through
 * {@code /api/v1/sign-in}), so that "my drafts" and "returned to me" have a drafter and the review steps
 * their reviewers: for the home page and calendar tests, in the console's shared context.
 */
public abstract class AgendaTestSupport extends ConsoleTestSupport {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    private static final AtomicInteger NUMBER = new AtomicInteger();

    /** A title no other test uses: the context (and its database) is shared by every console test. */
    protected static String unique(String title) {
        return title + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A call to the API as {@code login}; {@code body} is JSON or {@code null}. */
    protected static HttpResponse<String> as(String login, String method, String path, String body) {
        String token = TOKENS.computeIfAbsent(login, person -> {
            HttpResponse<String> signedIn = send(null, "POST", "/api/v1/sign-in",
                    "{\"login\":\"%s\",\"password\":\"%s\"}".formatted(person, PASSWORD));
            assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
            return json(signedIn).get("token").asString();
        });
        return send(token, method, path, body);
    }

    private static HttpResponse<String> send(String token, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return response;
    }

    /** A new DRAFT by {@code login} in {@code column}; its id. */
    protected static String draft(String login, String column, String title) {
        return json(ok(as(login, "POST", "/api/v1/items", item(column, title)))).get("id").asString();
    }

    /** A new DRAFT by the setup token (nobody's own draft); its id. */
    protected static String draftOfNobody(String column, String title) {
        return json(ok(api("POST", "/api/v1/items", item(column, title)))).get("id").asString();
    }

    private static String item(String column, String title) {
        int number = 90_000 + NUMBER.incrementAndGet();
        // A policy document carries its 发文字号 (the pre-publish checks require it on the policies column).
        String documentNumber = column.equals("policies") ? ",\"documentNumber\":\"示工信规〔2026〕" + number + "号\"" : "";
        return ("{\"title\":\"%s\",\"body\":\"<p>正文</p>\",\"department\":\"市政府办公室\",\"column\":\"%s\","
                + "\"disclosure\":{\"type\":\"PROACTIVE\"},\"indexNumber\":\"11440100-2026-%d\"%s}")
                .formatted(title, column, number, documentNumber);
    }

    protected static void submit(String login, String id) {
        ok(as(login, "POST", "/api/v1/items/" + id + "/submit", null));
    }

    /** Approves {@code step} of version 1 as {@code login}. */
    protected static void approve(String login, String id, String step) {
        ok(as(login, "POST", "/api/v1/items/" + id + "/review",
                "{\"decision\":\"APPROVE\",\"step\":\"%s\",\"version\":1}".formatted(step)));
    }

    /** Returns version 1 at {@code step} as {@code login} with {@code opinion}. */
    protected static void giveBack(String login, String id, String step, String opinion) {
        ok(as(login, "POST", "/api/v1/items/" + id + "/review",
                "{\"decision\":\"RETURN\",\"step\":\"%s\",\"version\":1,\"opinion\":\"%s\"}".formatted(step, opinion)));
    }

    /** A {@code news} item by the drafter, through office and signer, scheduled for {@code at}; its id. */
    protected static String scheduled(String title, Instant at) {
        String id = draft(DRAFTER, "news", title);
        submit(DRAFTER, id);
        approve(REVIEWER, id, "office");
        approve(SIGNER, id, "signer");
        ok(as(DRAFTER, "POST", "/api/v1/items/" + id + "/publish", "{\"publishAt\":\"" + at + "\"}"));
        return id;
    }
}
