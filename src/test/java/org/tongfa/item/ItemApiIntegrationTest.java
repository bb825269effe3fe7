package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tongfa.web.ApiTestSupport;
import tools.jackson.databind.JsonNode;

/** The items API over HTTP, from create to delivery on the folder channels and retraction. */
class ItemApiIntegrationTest extends ApiTestSupport {

    @Test
    void createReturns201WithIdVersion1DraftAndLocation() {
        HttpResponse<String> response = postJson("/api/v1/items", write(validItem()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode item = json(response);
        String id = item.path("id").asString();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(item.path("version").asInt()).isEqualTo(1);
        assertThat(item.path("status").asString()).isEqualTo("DRAFT");
        assertThat(item.path("createdBy").asString()).isEqualTo("editor");
        assertThat(item.path("firstPublishedAt").isNull()).isTrue();
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/v1/items/" + id));
    }

    @Test
    void getByIdReturnsTheStoredItem() {
        Map<String, Object> request = validItem();
        request.put("title", "按编号读取");
        String id = createItem(request);

        HttpResponse<String> response = get("/api/v1/items/" + id);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode item = json(response);
        assertThat(item.path("id").asString()).isEqualTo(id);
        assertThat(item.path("title").asString()).isEqualTo("按编号读取");
        assertThat(item.path("column").asString()).isEqualTo("notices");
        assertThat(item.path("disclosure").path("type").asString()).isEqualTo("PROACTIVE");
        assertThat(item.path("body").asString()).contains("<strong>高度重视</strong>");
        // The default configuration's column channels (config/application.yml).
        assertThat(item.path("channels").valueStream().map(JsonNode::asString).toList())
                .containsExactly("archive", "display", "feeds", "website");
    }

    @Test
    void getUnknownItemIs404Problem() {
        problem(get("/api/v1/items/00000000-0000-0000-0000-000000000000"), 404);
        problem(get("/api/v1/items/not-an-id"), 404);
    }

    @Test
    void listFiltersByColumnAndStatusAndPages() {
        Map<String, Object> news = validItem();
        news.put("column", "news");
        String first = createItem(news);
        String second = createItem(news);
        String published = createItem(news);
        assertThat(post("/api/v1/items/" + published + "/publish").statusCode()).isEqualTo(202);

        JsonNode page = json(get("/api/v1/items?column=news&status=DRAFT&page=0&size=100"));
        assertThat(page.path("page").asInt()).isEqualTo(0);
        assertThat(page.path("size").asInt()).isEqualTo(100);
        List<String> ids = page.path("items").valueStream().map(i -> i.path("id").asString()).toList();
        assertThat(ids).contains(first, second).doesNotContain(published);
        assertThat(page.path("items").valueStream())
                .allSatisfy(i -> {
                    assertThat(i.path("column").asString()).isEqualTo("news");
                    assertThat(i.path("status").asString()).isEqualTo("DRAFT");
                });
        assertThat(page.path("total").asLong()).isEqualTo(ids.size());

        JsonNode publishedPage = json(get("/api/v1/items?column=news&status=PUBLISHED"));
        assertThat(publishedPage.path("items").valueStream().map(i -> i.path("id").asString()).toList())
                .contains(published).doesNotContain(first, second);

        JsonNode one = json(get("/api/v1/items?column=news&page=1&size=1"));
        assertThat(one.path("page").asInt()).isEqualTo(1);
        assertThat(one.path("size").asInt()).isEqualTo(1);
        assertThat(one.path("items").size()).isEqualTo(1);
        assertThat(one.path("total").asLong()).isGreaterThanOrEqualTo(3);
        JsonNode zero = json(get("/api/v1/items?column=news&page=0&size=1"));
        assertThat(zero.path("items").get(0).path("id").asString())
                .isNotEqualTo(one.path("items").get(0).path("id").asString());
    }

    @Test
    void listRejectsBadPagingAndUnknownStatus() {
        assertThat(fields(problem(get("/api/v1/items?size=0"), 400))).contains("size");
        assertThat(fields(problem(get("/api/v1/items?size=101"), 400))).contains("size");
        assertThat(fields(problem(get("/api/v1/items?page=-1"), 400))).contains("page");
        assertThat(fields(problem(get("/api/v1/items?status=LOST"), 400))).contains("status");
    }

    @Test
    void putCreatesVersion2AndKeepsDraft() {
        String id = createItem(validItem());
        Map<String, Object> edit = validItem();
        edit.put("title", "修改后的标题");

        HttpResponse<String> response = putJson("/api/v1/items/" + id, write(edit));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode item = json(response);
        assertThat(item.path("version").asInt()).isEqualTo(2);
        assertThat(item.path("status").asString()).isEqualTo("DRAFT");
        assertThat(item.path("title").asString()).isEqualTo("修改后的标题");
        assertThat(json(get("/api/v1/items/" + id)).path("version").asInt()).isEqualTo(2);
    }

    @Test
    void publishDeliversAPackageToTheFolderChannelWithTheChannelsOverride() throws Exception {
        Map<String, Object> request = validItem();
        request.put("overrides", Map.of("archive", Map.of("title", "存档专用标题")));
        String id = createItem(request);

        HttpResponse<String> response = post("/api/v1/items/" + id + "/publish");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode published = json(response);
        assertThat(published.path("status").asString()).isEqualTo("PUBLISHED");
        assertThat(published.path("version").asInt()).isEqualTo(1);
        assertThat(published.path("firstPublishedAt").isNull()).isFalse();
        assertThat(published.path("deliveries").valueStream().map(d -> d.path("channel").asString()).toList())
                .containsExactlyInAnyOrder("archive", "display", "feeds", "website");

        JsonNode delivery = awaitDelivered(id, "archive", 1, "PUBLISH");
        assertThat(delivery.path("remoteId").asString()).isEqualTo(id + "-v1");
        assertThat(delivery.path("deliveredAt").isNull()).isFalse();

        Path itemJson = ARCHIVE.resolve(id + "-v1").resolve("item.json");
        assertThat(itemJson).isRegularFile();
        JsonNode document = JSON.readTree(Files.readString(itemJson));
        assertThat(document.path("action").asString()).isEqualTo("PUBLISH");
        assertThat(document.path("item").path("itemId").asString()).isEqualTo(id);
        assertThat(document.path("item").path("version").asInt()).isEqualTo(1);
        assertThat(document.path("item").path("title").asString()).isEqualTo("存档专用标题");
        assertThat(document.path("item").path("publishedAt").asString())
                .isEqualTo(published.path("firstPublishedAt").asString());

        JsonNode item = json(get("/api/v1/items/" + id));
        assertThat(item.path("status").asString()).isEqualTo("PUBLISHED");
        assertThat(item.path("title").asString()).isEqualTo("关于做好春季防汛工作的通知");
        assertThat(item.path("releasedVersion").asInt()).isEqualTo(1);
    }

    @Test
    void editingAPublishedItemRedeliversVersion2AndNeverMovesFirstPublishedAt() throws Exception {
        String id = createItem(validItem());
        JsonNode published = json(post("/api/v1/items/" + id + "/publish"));
        String firstPublishedAt = published.path("firstPublishedAt").asString();
        awaitDelivered(id, "archive", 1, "PUBLISH");

        Map<String, Object> edit = validItem();
        edit.put("title", "更正：关于做好春季防汛工作的通知");
        HttpResponse<String> response = putJson("/api/v1/items/" + id, write(edit));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode item = json(response);
        assertThat(item.path("version").asInt()).isEqualTo(2);
        assertThat(item.path("status").asString()).isEqualTo("PUBLISHED");
        assertThat(item.path("releasedVersion").asInt()).isEqualTo(2);
        assertThat(item.path("firstPublishedAt").asString()).isEqualTo(firstPublishedAt);

        JsonNode delivery = awaitDelivered(id, "archive", 2, "PUBLISH");
        assertThat(delivery.path("remoteId").asString()).isEqualTo(id + "-v2");
        Path v2 = ARCHIVE.resolve(id + "-v2").resolve("item.json");
        assertThat(v2).isRegularFile();
        JsonNode document = JSON.readTree(Files.readString(v2));
        assertThat(document.path("item").path("title").asString()).isEqualTo("更正：关于做好春季防汛工作的通知");
        assertThat(document.path("item").path("publishedAt").asString()).isEqualTo(firstPublishedAt);
        assertThat(ARCHIVE.resolve(id + "-v1").resolve("item.json")).isRegularFile();
        assertThat(json(get("/api/v1/items/" + id)).path("firstPublishedAt").asString()).isEqualTo(firstPublishedAt);
    }

    @Test
    void retractMarksTheItemRetractedAndWritesATombstone() throws Exception {
        String id = createItem(validItem());
        assertThat(post("/api/v1/items/" + id + "/publish").statusCode()).isEqualTo(202);
        awaitDelivered(id, "archive", 1, "PUBLISH");

        HttpResponse<String> response = retract(id);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json(response).path("status").asString()).isEqualTo("RETRACTED");
        awaitDelivered(id, "archive", 1, "RETRACT");
        Path tombstone = ARCHIVE.resolve(id + ".retracted.json");
        assertThat(tombstone).isRegularFile();
        JsonNode document = JSON.readTree(Files.readString(tombstone));
        assertThat(document.path("itemId").asString()).isEqualTo(id);
        assertThat(document.path("previousPackage").asString()).isEqualTo(id + "-v1");
        JsonNode item = json(get("/api/v1/items/" + id));
        assertThat(item.path("status").asString()).isEqualTo("RETRACTED");
        assertThat(item.path("retractedAt").isNull()).isFalse();
    }

    @Test
    void publishingTwiceIsAConflict() {
        String id = createItem(validItem());
        assertThat(post("/api/v1/items/" + id + "/publish").statusCode()).isEqualTo(202);

        JsonNode problem = problem(post("/api/v1/items/" + id + "/publish"), 409);

        assertThat(problem.path("detail").asString()).contains("already PUBLISHED");
    }

    @Test
    void retractingADraftIsAConflict() {
        String id = createItem(validItem());

        JsonNode problem = problem(retract(id), 409);

        assertThat(problem.path("detail").asString()).contains("DRAFT");
        assertThat(json(get("/api/v1/items/" + id)).path("status").asString()).isEqualTo("DRAFT");
    }

    @Test
    void editingARetractedItemIsAConflictAndStoresNoVersion() {
        String id = createItem(validItem());
        assertThat(post("/api/v1/items/" + id + "/publish").statusCode()).isEqualTo(202);
        assertThat(retract(id).statusCode()).isEqualTo(202);

        JsonNode problem = problem(putJson("/api/v1/items/" + id, write(validItem())), 409);

        assertThat(problem.path("detail").asString()).contains("RETRACTED");
        assertThat(json(get("/api/v1/items/" + id)).path("version").asInt()).isEqualTo(1);
        JsonNode again = problem(post("/api/v1/items/" + id + "/publish"), 409);
        assertThat(again.path("detail").asString()).contains("RETRACTED");
    }

    @Test
    void unschedulingADraftIsAConflict() {
        String id = createItem(validItem());

        JsonNode problem = problem(post("/api/v1/items/" + id + "/unschedule"), 409);

        assertThat(problem.path("detail").asString()).contains("not SCHEDULED");
    }

    @Test
    void publishAtInThePastIsRefusedNamingPublishAt() {
        String id = createItem(validItem());
        String body = write(Map.of("publishAt", Instant.now().minus(1, ChronoUnit.HOURS).toString()));

        JsonNode problem = problem(postJson("/api/v1/items/" + id + "/publish", body), 400);

        assertThat(fields(problem)).containsExactly("publishAt");
        assertThat(json(get("/api/v1/items/" + id)).path("status").asString()).isEqualTo("DRAFT");
        assertThat(json(get("/api/v1/items/" + id + "/deliveries")).size()).isZero();
    }

    @Test
    void aFuturePublishAtSchedulesAndUnscheduleReturnsToDraft() {
        String id = createItem(validItem());
        Instant at = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        HttpResponse<String> response = postJson("/api/v1/items/" + id + "/publish",
                write(Map.of("publishAt", at.toString())));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode scheduled = json(response);
        assertThat(scheduled.path("status").asString()).isEqualTo("SCHEDULED");
        assertThat(Instant.parse(scheduled.path("scheduledAt").asString())).isEqualTo(at);
        assertThat(scheduled.path("deliveries").size()).isZero();
        assertThat(scheduled.path("firstPublishedAt").isNull()).isTrue();

        JsonNode retract = problem(retract(id), 409);
        assertThat(retract.path("detail").asString()).contains("SCHEDULED");

        HttpResponse<String> unscheduled = post("/api/v1/items/" + id + "/unschedule");
        assertThat(unscheduled.statusCode()).as(unscheduled.body()).isEqualTo(200);
        assertThat(json(unscheduled).path("status").asString()).isEqualTo("DRAFT");
        assertThat(json(unscheduled).path("scheduledAt").isNull()).isTrue();
        assertThat(json(get("/api/v1/items/" + id + "/deliveries")).size()).isZero();
    }

    @Test
    void aNonProactiveItemIsRefusedOnAPublicChannelAndNothingIsDelivered() {
        Map<String, Object> request = validItem();
        request.put("disclosure", Map.of("type", "ON_REQUEST", "reason", "涉及第三方合法权益"));
        String id = createItem(request);

        JsonNode problem = problem(post("/api/v1/items/" + id + "/publish"), 422);

        assertThat(fields(problem)).containsExactly("disclosure.type");
        assertThat(json(get("/api/v1/items/" + id)).path("status").asString()).isEqualTo("DRAFT");
        assertThat(json(get("/api/v1/items/" + id + "/deliveries")).size()).isZero();
        assertThat(ARCHIVE.resolve(id + "-v1")).doesNotExist();
    }

    @Test
    void aNotPublicItemMayGoToANonPublicChannel() throws Exception {
        Map<String, Object> request = validItem();
        request.put("disclosure", Map.of("type", "NOT_PUBLIC", "reason", "内部工作信息"));
        request.put("channels", List.of("internal"));
        String id = createItem(request);

        HttpResponse<String> response = post("/api/v1/items/" + id + "/publish");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        awaitDelivered(id, "internal", 1, "PUBLISH");
        assertThat(INTERNAL.resolve(id + "-v1").resolve("item.json")).isRegularFile();
        assertThat(ARCHIVE.resolve(id + "-v1")).doesNotExist();
        JsonNode document = JSON.readTree(Files.readString(INTERNAL.resolve(id + "-v1").resolve("item.json")));
        assertThat(document.path("item").path("disclosureType").asString()).isEqualTo("NOT_PUBLIC");
    }

    @Test
    void aRelationShowsOnBothItems() {
        Map<String, Object> policy = validItem();
        policy.put("column", "policies");
        policy.put("title", "政策文件");
        String policyId = createItem(policy);
        Map<String, Object> interpretation = validItem();
        interpretation.put("column", "interpretations");
        interpretation.put("title", "政策解读");
        interpretation.put("related", List.of(Map.of("itemId", policyId, "relation", "INTERPRETS")));
        String interpretationId = createItem(interpretation);

        JsonNode fromInterpretation = json(get("/api/v1/items/" + interpretationId)).path("related");
        JsonNode fromPolicy = json(get("/api/v1/items/" + policyId)).path("related");

        assertThat(fromInterpretation.size()).isEqualTo(1);
        assertThat(fromInterpretation.get(0).path("itemId").asString()).isEqualTo(policyId);
        assertThat(fromInterpretation.get(0).path("relation").asString()).isEqualTo("INTERPRETS");
        assertThat(fromInterpretation.get(0).path("title").asString()).isEqualTo("政策文件");
        assertThat(fromPolicy.size()).isEqualTo(1);
        assertThat(fromPolicy.get(0).path("itemId").asString()).isEqualTo(interpretationId);
        assertThat(fromPolicy.get(0).path("relation").asString()).isEqualTo("INTERPRETED_BY");
    }

    @Test
    void anInterpretationCannotBePublishedBeforeItsPolicy() {
        Map<String, Object> policy = validItem();
        policy.put("column", "policies");
        String policyId = createItem(policy);
        Map<String, Object> interpretation = validItem();
        interpretation.put("column", "interpretations");
        interpretation.put("related", List.of(Map.of("itemId", policyId, "relation", "INTERPRETS")));
        String interpretationId = createItem(interpretation);

        JsonNode problem = problem(post("/api/v1/items/" + interpretationId + "/publish"), 422);

        assertThat(fields(problem)).containsExactly("related");
        assertThat(problem.path("detail").asString()).contains(policyId);
        assertThat(json(get("/api/v1/items/" + interpretationId + "/deliveries")).size()).isZero();

        assertThat(post("/api/v1/items/" + policyId + "/publish").statusCode()).isEqualTo(202);
        HttpResponse<String> after = post("/api/v1/items/" + interpretationId + "/publish");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(202);
    }

    @Test
    void withoutATokenTheApiAnswers401WithABearerChallenge() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/items")).GET().build());

        JsonNode problem = problem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        assertThat(problem.path("detail").asString()).contains("token");

        HttpResponse<String> write = send(HttpRequest.newBuilder(uri("/api/v1/items"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(validItem()))).build());
        problem(write, 401);
    }

    @Test
    void aWrongTokenIs401() {
        long before = itemTotal();
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/items"))
                .header("Authorization", "Bearer not-the-token")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(validItem()))).build());

        problem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
        problem(send(HttpRequest.newBuilder(uri("/api/v1/items")).header("Authorization", "Basic dGVzdC10b2tlbg==")
                .GET().build()), 401);
        assertThat(itemTotal()).isEqualTo(before);
    }

    @Test
    void theOpenApiDescriptionListsTheItemsApi() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v3/api-docs")).GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode doc = json(response);
        assertThat(doc.path("paths").has("/api/v1/items")).isTrue();
        assertThat(doc.path("paths").has("/api/v1/items/{id}/publish")).isTrue();
    }

    @Test
    void healthIncludesTheChannelsComponent() {
        // Health details are for a token (issue 8, finding 10); probes get the bare status.
        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode channels = json(response).path("components").path("channels");
        assertThat(channels.path("status").asString()).isEqualTo("UP");
        assertThat(channels.path("details").has("archive")).isTrue();
        assertThat(channels.path("details").has("internal")).isTrue();
    }

    @Test
    void prometheusCountsDeliveries() {
        String id = createItem(validItem());
        assertThat(post("/api/v1/items/" + id + "/publish").statusCode()).isEqualTo(202);
        awaitDelivered(id, "archive", 1, "PUBLISH");

        HttpResponse<String> response = get("/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).containsPattern("tongfa_deliveries_total\\{[^}]*channel=\"archive\"");
    }

    @Test
    void aScheduledItemIsReleasedAtItsTimeAndDelivered() {
        String id = createItem(validItem());
        Instant at = Instant.now().plusSeconds(2);
        HttpResponse<String> response = postJson("/api/v1/items/" + id + "/publish",
                write(Map.of("publishAt", at.toString())));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json(response).path("status").asString()).isEqualTo("SCHEDULED");

        awaitDelivered(id, "archive", 1, "PUBLISH");

        JsonNode item = json(get("/api/v1/items/" + id));
        assertThat(item.path("status").asString()).isEqualTo("PUBLISHED");
        assertThat(item.path("scheduledAt").isNull()).isTrue();
        assertThat(Instant.parse(item.path("firstPublishedAt").asString())).isAfterOrEqualTo(at);
        assertThat(ARCHIVE.resolve(id + "-v1").resolve("item.json")).isRegularFile();
    }

    @Test
    void anEditThatBreaksAPublishingRuleOfAPublishedItemIsRefusedAndNotStored() {
        String id = createItem(validItem());
        assertThat(post("/api/v1/items/" + id + "/publish").statusCode()).isEqualTo(202);
        Map<String, Object> edit = validItem();
        edit.put("disclosure", Map.of("type", "NOT_PUBLIC", "reason", "涉密"));

        JsonNode problem = problem(putJson("/api/v1/items/" + id, write(edit)), 422);

        assertThat(fields(problem)).containsExactly("disclosure.type");
        JsonNode item = json(get("/api/v1/items/" + id));
        assertThat(item.path("version").asInt()).isEqualTo(1);
        assertThat(item.path("disclosure").path("type").asString()).isEqualTo("PROACTIVE");
        assertThat(json(get("/api/v1/items/" + id + "/deliveries")).valueStream()
                .filter(d -> d.path("itemVersion").asInt() == 2)).isEmpty();
    }

    @Test
    void unknownItemsAre404ForEveryOperation() {
        String missing = "/api/v1/items/00000000-0000-4000-8000-000000000000";
        problem(putJson(missing, write(validItem())), 404);
        problem(post(missing + "/publish"), 404);
        problem(post(missing + "/retract"), 404);
        problem(post(missing + "/unschedule"), 404);
        problem(get(missing + "/deliveries"), 404);
    }
}
