package org.tongfa.channel.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tongfa.web.ApiTestSupport;
import tools.jackson.databind.JsonNode;

/**
 * The "done when" over loopback HTTP with the default configuration (config/application.yml):
 * the demo screen {@code lobby}, its key generated into the data directory, an item published to its
 * column shows up in its feed, an emergency takes over, a retraction disappears; keys (one 401 for a
 * wrong key and an unknown screen, never from the query string), ETag/304, heartbeats (only real items
 * recorded), the player and the operators' list.
 */
class DisplayApiIntegrationTest extends ApiTestSupport {

    @Value("${tongfa.data-directory}")
    Path dataDirectory;

    @Autowired
    JdbcTemplate jdbc;

    String key;

    @BeforeEach
    void readGeneratedKey() throws IOException {
        key = Files.readString(dataDirectory.resolve("screen-keys").resolve("lobby")).strip();
        assertThat(key).hasSizeGreaterThanOrEqualTo(Screens.MIN_KEY_LENGTH);
    }

    HttpResponse<String> feed(String etag) {
        HttpRequest.Builder request = request("/display/screens/lobby/feed.json").header("X-Screen-Key", key);
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        return send(request.GET().build());
    }

    JsonNode awaitFeed(java.util.function.Predicate<JsonNode> until) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            HttpResponse<String> response = feed(null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(until.test(json(response))).as(response.body()).isTrue();
            found[0] = json(response);
        });
        return found[0];
    }

    static List<String> ids(JsonNode feed) {
        return feed.path("items").valueStream().map(i -> i.path("id").asString()).toList();
    }

    String publish(Map<String, Object> item) {
        String id = createItem(item);
        assertThat(post("/api/v1/items/" + id + "/publish").statusCode()).isEqualTo(202);
        awaitDelivered(id, "display", 1, "PUBLISH");
        return id;
    }

    @Test
    void aPublishedItemPlaysWithItsDisplayTextAndLeavesWhenRetracted() {
        Map<String, Object> item = validItem();
        item.put("title", "关于调整办事大厅开放时间的通知（全文标题很长）");
        item.put("overrides", Map.of("display", Map.of("title", "大厅开放时间调整", "summary", "周六上午开放")));
        String id = publish(item);

        JsonNode feed = awaitFeed(f -> ids(f).contains(id));
        assertThat(feed.path("screen").asString()).isEqualTo("lobby");
        assertThat(feed.path("pollSeconds").asInt()).isEqualTo(30);
        JsonNode entry = feed.path("items").valueStream().filter(i -> i.path("id").asString().equals(id))
                .findFirst().orElseThrow();
        assertThat(entry.path("title").asString()).isEqualTo("大厅开放时间调整");
        assertThat(entry.path("summary").asString()).isEqualTo("周六上午开放");
        assertThat(entry.path("seconds").asInt()).isEqualTo(15);
        assertThat(entry.path("priority").asString()).isEqualTo("NORMAL");

        assertThat(retract(id).statusCode()).isEqualTo(202);
        awaitFeed(f -> !ids(f).contains(id));
    }

    @Test
    void anItemWithoutADisplaySummaryPlaysWithItsOwnSummary() {
        Map<String, Object> item = validItem();
        item.put("summary", "自下周一起调整");
        item.put("overrides", Map.of("display", Map.of("title", "大厅开放时间调整")));
        String id = publish(item);

        JsonNode entry = awaitFeed(f -> ids(f).contains(id)).path("items").valueStream()
                .filter(i -> i.path("id").asString().equals(id)).findFirst().orElseThrow();
        assertThat(entry.path("title").asString()).isEqualTo("大厅开放时间调整");
        assertThat(entry.path("summary").asString()).isEqualTo("自下周一起调整");
        assertThat(retract(id).statusCode()).isEqualTo(202);
    }

    @Test
    void anEmergencyTakesTheScreenOverExclusivelyUntilRetracted() {
        String normal = publish(validItem());
        Map<String, Object> emergency = validItem();
        emergency.put("title", "暴雨红色预警：请勿前往低洼地带");
        emergency.put("priority", "EMERGENCY");
        String alarm = publish(emergency);
        try {
            JsonNode feed = awaitFeed(f -> f.path("mode").asString().equals("EMERGENCY"));
            assertThat(ids(feed)).containsExactly(alarm);
        } finally {
            assertThat(retract(alarm).statusCode()).isEqualTo(202);
        }
        JsonNode after = awaitFeed(f -> f.path("mode").asString().equals("NORMAL"));
        assertThat(ids(after)).contains(normal).doesNotContain(alarm);
    }

    @Test
    void answersAnUnchangedFeedWith304AndAStrongTag() {
        HttpResponse<String> first = feed(null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).startsWith("\"").doesNotStartWith("W/");

        HttpResponse<String> again = feed(etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
    }

    @Test
    void refusesAMissingKeyAWrongKeyAndAnUnknownScreenWith401TheLastTwoAlike() {
        assertThat(problem(get("/display/screens/lobby/feed.json"), 401).path("detail").asString())
                .contains("X-Screen-Key");
        JsonNode wrongKey = problem(send(request("/display/screens/lobby/feed.json")
                .header("X-Screen-Key", "wrong-key-wrong-key").GET().build()), 401);
        assertThat(wrongKey.path("detail").asString()).contains("not valid");
        JsonNode unknownScreen = problem(send(request("/display/screens/nowhere/feed.json")
                .header("X-Screen-Key", key).GET().build()), 401);
        assertThat(unknownScreen.path("title")).isEqualTo(wrongKey.path("title"));
        assertThat(unknownScreen.path("detail")).isEqualTo(wrongKey.path("detail"));
        problem(send(request("/display/screens/nowhere/heartbeat").header("X-Screen-Key", key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build()), 401);
        assertThat(feed(null).statusCode()).isEqualTo(200);
    }

    @Test
    void neverTakesTheKeyFromTheQueryString() {
        problem(get("/display/screens/lobby/feed.json?key=" + key), 401);
        problem(send(request("/display/screens/lobby/heartbeat?key=" + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()), 401);
    }

    @Test
    void servesOnePlayerForEveryScreenIdWithAStrictContentPolicyAndNoInlineScript() {
        HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/display/screens/lobby")).GET().build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                        "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).contains("<script src=\"../player.js\"").doesNotContain("<script>", "<style")
                .doesNotContainPattern("(src|href)=\"(https?:)?//");
        HttpResponse<String> other = send(HttpRequest.newBuilder(uri("/display/screens/nowhere")).GET().build());
        assertThat(other.statusCode()).as("an unknown id cannot be told apart").isEqualTo(200);
        assertThat(other.body()).isEqualTo(page.body());

        HttpResponse<String> script = send(HttpRequest.newBuilder(uri("/display/player.js")).GET().build());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(script.body()).contains("feed.json", "X-Screen-Key", "location.hash").doesNotContain("innerHTML",
                "location.search");
        HttpResponse<String> style = send(HttpRequest.newBuilder(uri("/display/player.css")).GET().build());
        assertThat(style.statusCode()).isEqualTo(200);
        assertThat(style.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
    }

    HttpResponse<String> heartbeat(String body) {
        return send(request("/display/screens/lobby/heartbeat").header("X-Screen-Key", key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    JsonNode lobby() {
        HttpResponse<String> list = get("/api/v1/screens");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(key);
        return json(list).valueStream().filter(s -> s.path("id").asString().equals("lobby")).findFirst().orElseThrow();
    }

    @Test
    void heartbeatsMakeTheScreenOnlineWithItsCurrentItem() {
        String id = publish(validItem());
        awaitFeed(f -> ids(f).contains(id));

        HttpResponse<String> beat = heartbeat("{\"showing\":\"" + id + "\",\"shown\":[\"" + id + "\"]}");
        assertThat(beat.statusCode()).as(beat.body()).isEqualTo(204);

        JsonNode lobby = lobby();
        assertThat(lobby.path("name").asString()).isEqualTo("一楼办事大厅");
        assertThat(lobby.path("state").asString()).isEqualTo("ONLINE");
        assertThat(lobby.path("currentItem").asString()).isEqualTo(id);
        assertThat(lobby.path("lastSeen").isNull()).isFalse();

        problem(send(request("/display/screens/lobby/heartbeat").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()), 401);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/screens")).GET().build()).statusCode()).isEqualTo(401);
    }

    @Test
    void aHeartbeatRecordsOnlyItemsDeliveredToTheScreen() {
        String id = publish(validItem());
        awaitFeed(f -> ids(f).contains(id));
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            shown.add(UUID.randomUUID().toString());
        }
        shown.add(id);
        shown.add(id);

        HttpResponse<String> beat = heartbeat(write(Map.of("showing", shown.get(0), "shown", shown)));

        assertThat(beat.statusCode()).as(beat.body()).isEqualTo(204);
        assertThat(lobby().path("currentItem").isNull()).as("a made-up current item is not recorded").isTrue();
        assertThat(jdbc.queryForList("SELECT item_id FROM display_play WHERE screen_id = 'lobby'", String.class))
                .doesNotContainAnyElementsOf(shown.subList(0, 300)).contains(id);
        assertThat(jdbc.queryForObject("SELECT plays FROM display_play WHERE screen_id = 'lobby' AND item_id = ?",
                Long.class, id)).isEqualTo(2L);
    }

    @Test
    void refusesAHeartbeatWithAnOverlongItemIdAs400() {
        HttpResponse<String> beat = send(request("/display/screens/lobby/heartbeat").header("X-Screen-Key", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"showing\":\"" + "x".repeat(37) + "\",\"shown\":[]}"))
                .build());
        problem(beat, 400);
    }

    String streamToken() {
        HttpResponse<String> issued = send(request("/display/screens/lobby/stream-token").header("X-Screen-Key", key)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        assertThat(issued.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("no-store"));
        assertThat(json(issued).path("expiresInSeconds").asInt()).isEqualTo(60);
        return json(issued).path("token").asString();
    }

    /** The next feed event on {@code stream} that satisfies {@code until}, within 5 s. */
    static JsonNode awaitPushed(EventStreamClient stream, java.util.function.Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            EventStreamClient.Event event = stream.next(Duration.ofNanos(deadline - System.nanoTime()));
            if (event != null && "feed".equals(event.name())) {
                JsonNode feed = JSON.readTree(event.data());
                if (until.test(feed)) {
                    return feed;
                }
            }
        }
        throw new AssertionError("no such feed was pushed within 5 s");
    }

    @Test
    void pushesTheFeedAtOnceThenAnEmergencyAndItsRetractionAsTheyHappen() throws Exception {
        String normal = publish(validItem());
        try (EventStreamClient stream = new EventStreamClient(uri("/display/screens/lobby/events?token=" + streamToken()))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.response().headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            JsonNode first = awaitPushed(stream, f -> true);
            assertThat(ids(first)).contains(normal);

            Map<String, Object> emergency = validItem();
            emergency.put("title", "暴雨红色预警：请勿前往低洼地带");
            emergency.put("priority", "EMERGENCY");
            String alarm = publish(emergency);
            JsonNode pushed = awaitPushed(stream, f -> f.path("mode").asString().equals("EMERGENCY"));
            assertThat(ids(pushed)).containsExactly(alarm);
            assertThat(pushed.path("items").get(0).path("title").asString()).isEqualTo("暴雨红色预警：请勿前往低洼地带");
            assertThat(pushed.path("items").get(0).path("department").asString()).isEqualTo(validItem().get("department"));

            assertThat(retract(alarm).statusCode()).isEqualTo(202);
            JsonNode after = awaitPushed(stream, f -> f.path("mode").asString().equals("NORMAL"));
            assertThat(ids(after)).contains(normal).doesNotContain(alarm);
        }
    }

    @Test
    void opensAStreamOnlyWithACurrentTokenOfThatScreenNeverWithTheKey() throws Exception {
        problem(send(request("/display/screens/lobby/stream-token").POST(HttpRequest.BodyPublishers.noBody()).build()), 401);
        problem(send(request("/display/screens/lobby/stream-token").header("X-Screen-Key", "wrong-key-wrong-key")
                .POST(HttpRequest.BodyPublishers.noBody()).build()), 401);
        assertThat(problem(get("/display/screens/lobby/events"), 401).path("detail").asString()).contains("stream-token");
        problem(get("/display/screens/lobby/events?token=" + key), 401);
        problem(send(request("/display/screens/lobby/events").header("X-Screen-Key", key).GET().build()), 401);
        problem(get("/display/screens/nowhere/events?token=" + streamToken()), 401);
    }
}
