package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tongfa.common.BeijingTime;
import org.tongfa.web.ApiTestSupport;
import tools.jackson.databind.JsonNode;

/**
 * Every bad request is refused with a 4xx problem+json naming what is wrong, never a 500, and nothing
 * is stored: the item count (and, for edits, the item's version) is unchanged.
 */
class ItemBadInputTest extends ApiTestSupport {

    private static final String NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";

    /** What a case may refer to: an uploaded asset and an existing draft. */
    record Fixture(String assetId, String itemId) {
    }

    /**
     * One bad request.
     *
     * @param name what is wrong
     * @param put whether it edits the fixture's draft (PUT) instead of creating (POST)
     * @param contentType the request's content type
     * @param body the request body
     * @param status the expected status
     * @param names the field named in errors[].field, or a text the detail must contain
     */
    record Case(String name, boolean put, String contentType, Function<Fixture, String> body, int status,
            String names) {

        @Override
        public String toString() {
            return name;
        }
    }

    private Fixture fixture;

    @BeforeEach
    void fixture() {
        fixture = new Fixture(uploadPng(png(4, 3, 77)), createItem(validItem()));
    }

    private static Case create(String name, String field, Function<Fixture, Map<String, Object>> change) {
        return new Case(name, false, "application/json", f -> write(change.apply(f)), 400, field);
    }

    private static Case change(String name, String field, java.util.function.Consumer<Map<String, Object>> change) {
        return create(name, field, f -> {
            Map<String, Object> item = validItem();
            change.accept(item);
            return item;
        });
    }

    private static Case raw(String name, String contentType, String body, int status, String names) {
        return new Case(name, false, contentType, f -> body, status, names);
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    private static String future(long hours) {
        return Instant.now().plus(hours, ChronoUnit.HOURS).toString();
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(change("title missing", "title", i -> i.remove("title")));
        cases.add(change("title blank", "title", i -> i.put("title", "   ")));
        cases.add(change("title of 201 characters", "title", i -> i.put("title", repeat('题', 201))));
        cases.add(change("summary of 1001 characters", "summary", i -> i.put("summary", repeat('s', 1001))));
        cases.add(change("body missing", "body", i -> i.remove("body")));
        cases.add(change("body blank", "body", i -> i.put("body", " ")));
        cases.add(change("body over 200,000 characters", "body",
                i -> i.put("body", "<p>" + repeat('a', 200_000) + "</p>")));
        cases.add(change("body only unsafe markup", "body", i -> i.put("body", "<script>alert(1)</script>")));
        cases.add(change("department missing", "department", i -> i.remove("department")));
        cases.add(change("unknown column", "column", i -> i.put("column", "gossip")));
        cases.add(change("unknown channel in channels", "channels[1]",
                i -> i.put("channels", List.of("archive", "nowhere"))));
        cases.add(change("a channel listed twice", "channels", i -> i.put("channels", List.of("archive", "archive"))));
        cases.add(change("unknown channel key in overrides", "overrides.nowhere",
                i -> i.put("overrides", Map.of("nowhere", Map.of("title", "x")))));
        cases.add(change("override title too long", "overrides.archive.title",
                i -> i.put("overrides", Map.of("archive", Map.of("title", repeat('t', 201))))));
        cases.add(change("disclosure missing", "disclosure", i -> i.remove("disclosure")));
        cases.add(change("disclosure type missing", "disclosure.type", i -> i.put("disclosure", Map.of())));
        cases.add(change("disclosure type not in the enum", "disclosure.type",
                i -> i.put("disclosure", Map.of("type", "SECRET"))));
        cases.add(change("ON_REQUEST without a reason", "disclosure.reason",
                i -> i.put("disclosure", Map.of("type", "ON_REQUEST"))));
        cases.add(change("NOT_PUBLIC with a blank reason", "disclosure.reason",
                i -> i.put("disclosure", Map.of("type", "NOT_PUBLIC", "reason", "  "))));
        cases.add(change("indexNumber missing", "indexNumber", i -> i.remove("indexNumber")));
        cases.add(change("indexNumber with illegal characters", "indexNumber",
                i -> i.put("indexNumber", "1144<script>")));
        cases.add(change("21 tags", "tags",
                i -> i.put("tags", IntStream.range(0, 21).mapToObj(n -> "t" + n).toList())));
        cases.add(change("a tag of 33 characters", "tags[1]", i -> i.put("tags", List.of("ok", repeat('x', 33)))));
        cases.add(change("priority not in the enum", "priority", i -> i.put("priority", "HIGH")));
        cases.add(change("coverAssetId that is not an uploaded asset", "coverAssetId",
                i -> i.put("coverAssetId", NO_SUCH_ID)));
        cases.add(change("coverAssetId that is not an id at all", "coverAssetId",
                i -> i.put("coverAssetId", "../../etc/passwd")));
        cases.add(change("related item that does not exist", "related[0].itemId",
                i -> i.put("related", List.of(Map.of("itemId", NO_SUCH_ID, "relation", "RELATED")))));
        cases.add(change("relation type not in the enum", "related[0].relation",
                i -> i.put("related", List.of(Map.of("itemId", NO_SUCH_ID, "relation", "CITES")))));
        cases.add(change("body image that is not an asset", "body",
                i -> i.put("body", "<p>图</p><img src=\"https://evil.example/x.png\" alt=\"图\">")));
        cases.add(change("body image of an asset that does not exist", "body",
                i -> i.put("body", "<p>图</p><img src=\"/assets/" + NO_SUCH_ID + "\" alt=\"图\">")));
        cases.add(create("body image without alt", "body", f -> {
            Map<String, Object> item = validItem();
            item.put("body", "<p>图</p><img src=\"/assets/" + f.assetId() + "\">");
            return item;
        }));
        cases.add(change("publishAt in the past", "publishAt", i -> i.put("publishAt", "2020-01-01T00:00:00Z")));
        cases.add(change("publishAt that is not a time", "publishAt", i -> i.put("publishAt", "tomorrow")));
        cases.add(change("expireAt in the past", "expireAt", i -> i.put("expireAt", "2020-01-01T00:00:00Z")));
        cases.add(change("expireAt before publishAt", "expireAt", i -> {
            i.put("publishAt", future(48));
            i.put("expireAt", future(24));
        }));
        // 成文日期, 有效性, 主题分类: a real day, never ahead of today in Beijing, the repeal's day with it.
        String tomorrow = LocalDate.now(BeijingTime.ZONE).plusDays(2).toString();
        cases.add(change("signedOn in the future", "signedOn", i -> i.put("signedOn", tomorrow)));
        cases.add(change("signedOn that is not a real day", "signedOn", i -> i.put("signedOn", "2026-02-30")));
        cases.add(change("signedOn in another format", "signedOn", i -> i.put("signedOn", "2026年3月1日")));
        cases.add(change("validity without a status", "validity.status", i -> i.put("validity", Map.of())));
        cases.add(change("validity status not in the enum", "validity.status",
                i -> i.put("validity", Map.of("status", "ABOLISHED"))));
        cases.add(change("REPEALED without its day", "validity.date",
                i -> i.put("validity", Map.of("status", "REPEALED"))));
        cases.add(change("LAPSED without its day", "validity.date", i -> i.put("validity", Map.of("status", "LAPSED"))));
        cases.add(change("VALID with an end day", "validity.date",
                i -> i.put("validity", Map.of("status", "VALID", "date", "2026-01-05"))));
        cases.add(change("repealed on a day ahead", "validity.date",
                i -> i.put("validity", Map.of("status", "REPEALED", "date", tomorrow))));
        cases.add(change("repealed before it was signed", "validity.date", i -> {
            i.put("signedOn", "2026-03-01");
            i.put("validity", Map.of("status", "REPEALED", "date", "2026-02-28"));
        }));
        cases.add(change("repeal day that is not a real day", "validity.date",
                i -> i.put("validity", Map.of("status", "REPEALED", "date", "2026-13-01"))));
        cases.add(change("topic not in tongfa.topics", "topic", i -> i.put("topic", "八卦")));
        cases.add(change("topic of 65 characters", "topic", i -> i.put("topic", repeat('题', 65))));
        cases.add(change("unknown top-level field", "colour", i -> i.put("colour", "red")));
        cases.add(change("title as an object", "title", i -> i.put("title", Map.of("zh", "标题"))));
        cases.add(change("tags as a string", "tags", i -> i.put("tags", "防汛")));
        cases.add(raw("malformed JSON", "application/json", "{\"title\": \"x\",", 400, "JSON"));
        cases.add(raw("JSON array instead of an object", "application/json", "[" + write(validItem()) + "]", 400,
                "JSON"));
        cases.add(raw("empty body", "application/json", "", 400, "body"));
        cases.add(raw("JSON null", "application/json", "null", 400, "body"));
        cases.add(raw("text/plain", "text/plain", write(validItem()), 415, "text/plain"));
        cases.add(raw("JSON over tongfa.api.max-body-size", "application/json",
                "{\"title\":\"" + repeat('x', 300 * 1024) + "\"}", 413, "max-body-size"));
        cases.add(new Case("related to itself (PUT)", true, "application/json", f -> {
            Map<String, Object> item = validItem();
            item.put("related", List.of(Map.of("itemId", f.itemId(), "relation", "RELATED")));
            return write(item);
        }, 400, "related[0].itemId"));
        cases.add(new Case("unknown column (PUT)", true, "application/json", f -> {
            Map<String, Object> item = validItem();
            item.put("column", "gossip");
            return write(item);
        }, 400, "column"));
        cases.add(new Case("title missing (PUT)", true, "application/json", f -> {
            Map<String, Object> item = validItem();
            item.remove("title");
            return write(item);
        }, 400, "title"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aBadRequestIsRefusedAndNothingIsStored(Case bad) {
        long before = itemTotal();
        String path = bad.put() ? "/api/v1/items/" + fixture.itemId() : "/api/v1/items";
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString(bad.body().apply(fixture));
        HttpRequest request = request(path).header("Content-Type", bad.contentType())
                .method(bad.put() ? "PUT" : "POST", body).build();

        HttpResponse<String> response = send(request);

        JsonNode problem = problem(response, bad.status());
        assertNames(problem, bad.names());
        assertThat(itemTotal()).isEqualTo(before);
        JsonNode item = json(get("/api/v1/items/" + fixture.itemId()));
        assertThat(item.path("version").asInt()).isEqualTo(1);
        assertThat(item.path("related").size()).isZero();
    }

    @Test
    void aChunkedBodyOverTheLimitIsCutOffWith413() {
        long before = itemTotal();
        Map<String, Object> item = validItem();
        item.put("summary", repeat('x', 300 * 1024));
        byte[] bytes = write(item).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = request("/api/v1/items").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();

        HttpResponse<String> response = send(request);

        assertNames(problem(response, 413), "max-body-size");
        assertThat(itemTotal()).isEqualTo(before);
    }

    @Test
    void aHugeDeclaredContentLengthIsRefusedBeforeReading() {
        long before = itemTotal();
        String answer = raw("POST /api/v1/items HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\nConnection: close\r\n\r\n",
                "{\"title\":".getBytes(StandardCharsets.UTF_8));

        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(answer).contains("max-body-size");
        assertThat(itemTotal()).isEqualTo(before);
    }

    @Test
    void aBadPublishRequestIsRefusedAndTheItemStaysADraft() {
        String id = fixture.itemId();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"publishAt\":\"2020-01-01T00:00:00Z\"}", "publishAt");
        cases.put("{\"publishAt\":\"soon\"}", "publishAt");
        cases.put("{\"publishAt\":\"" + future(1) + "\",\"extra\":1}", "extra");
        cases.put("{\"publishAt\":", "JSON");
        cases.forEach((body, names) -> {
            HttpResponse<String> response = postJson("/api/v1/items/" + id + "/publish", body);
            assertNames(problem(response, 400), names);
        });
        JsonNode item = json(get("/api/v1/items/" + id));
        assertThat(item.path("status").asString()).isEqualTo("DRAFT");
        assertThat(json(get("/api/v1/items/" + id + "/deliveries")).size()).isZero();
    }

    private static void assertNames(JsonNode problem, String names) {
        List<String> fields = fields(problem);
        String detail = problem.path("detail").asString();
        assertThat(fields.contains(names) || detail.contains(names))
                .as("problem %s names %s", problem, names).isTrue();
    }
}
