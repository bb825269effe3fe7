package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.tongfa.common.AuditEvent;
import org.tongfa.common.AuditEvent.Action;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;
import org.tongfa.support.ItemRequests;
import org.tongfa.support.TestApps;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The review chain (三审) through the API, on each real database, with four configured tokens (alice
 * drafts; bob, carol and dave review; each holds every role but ADMIN): a chain of three (policies), of
 * two (news), none configured (letters: one sign-off) and {@code review: none} (imports). Column
 * scoping of roles is checked on the service with callers built directly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReviewChainContract {

    @TempDir
    static Path dir;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ConfigurableApplicationContext app;
    private int port;
    private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
    private final List<Boolean> auditedInTransaction = new CopyOnWriteArrayList<>();

    abstract String freshDatabase();

    @BeforeAll
    void startService() {
        app = TestApps.start(freshDatabase(), dir, "review-node", Map.ofEntries(
                Map.entry("tongfa.api.tokens.alice", "alice-token"),
                Map.entry("tongfa.api.tokens.bob", "bob-token"),
                Map.entry("tongfa.api.tokens.carol", "carol-token"),
                Map.entry("tongfa.api.tokens.dave", "dave-token"),
                Map.entry("tongfa.columns.news.review", "office,signer"),
                Map.entry("tongfa.columns.policies.review", "office,confidentiality,signer"),
                Map.entry("tongfa.columns.policies.show-reviewers", "true"),
                Map.entry("tongfa.columns.letters.name", "来信选登"),
                Map.entry("tongfa.columns.letters.channels", "archive"),
                Map.entry("tongfa.columns.imports.name", "系统导入"),
                Map.entry("tongfa.columns.imports.channels", "archive"),
                Map.entry("tongfa.columns.imports.review", "none")));
        port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        app.addApplicationListener((ApplicationListener<PayloadApplicationEvent<AuditEvent>>) e -> {
            audited.add(e.getPayload());
            auditedInTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
        });
    }

    @AfterAll
    void stopService() {
        if (app != null) {
            app.close();
        }
    }

    // ---- the four column shapes -------------------------------------------------------------------

    @Test
    void aChainOfThreeIsOfficeThenConfidentialityThenSignerAndOnlyThenPublishes() throws Exception {
        String id = create("alice", "policies", "三审政策");
        assertThat(problem(send("alice", "POST", "/api/v1/items/" + id + "/publish", null), 409).get("detail")
                .asString()).contains("DRAFT").contains("APPROVED");

        JsonNode submitted = ok(send("alice", "POST", "/api/v1/items/" + id + "/submit", "{\"version\":1}"));
        assertThat(submitted.get("status").asString()).isEqualTo("IN_REVIEW");
        assertThat(submitted.at("/review/step").asString()).isEqualTo("office");
        assertThat(submitted.at("/review/chain").toString()).isEqualTo("[\"office\",\"confidentiality\",\"signer\"]");

        approve("bob", id, "office", 1, "同意");
        assertThat(problem(decide("carol", id, "{\"decision\":\"APPROVE\",\"step\":\"confidentiality\",\"version\":1}"),
                400).at("/errors/0/field").asString()).isEqualTo("secrecy");
        JsonNode checked = ok(decide("carol", id, "{\"decision\":\"APPROVE\",\"step\":\"confidentiality\",\"version\":1,"
                + "\"secrecy\":\"NOT_SECRET\",\"secrecyBasis\":\"不含国家秘密和工作秘密\"}"));
        assertThat(checked.at("/review/step").asString()).isEqualTo("signer");
        JsonNode signed = approve("dave", id, "signer", 1, "同意发布");
        assertThat(signed.get("status").asString()).isEqualTo("APPROVED");

        JsonNode published = ok(send("alice", "POST", "/api/v1/items/" + id + "/publish", null));
        assertThat(published.get("status").asString()).isEqualTo("PUBLISHED");
        // The column prints its reviewers: the snapshot every channel receives names them.
        Path delivered = dir.resolve("archive").resolve(id + "-v1").resolve("item.json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(delivered));
        JsonNode snapshot = JSON.readTree(Files.readString(delivered));
        assertThat(snapshot.at("/item/reviewers/reviewers").toString()).isEqualTo("[\"bob\",\"carol\"]");
        assertThat(snapshot.at("/item/reviewers/signer").asString()).isEqualTo("dave");

        JsonNode history = ok(send("alice", "GET", "/api/v1/items/" + id + "/review", null));
        assertThat(history.get("records").valueStream().map(r -> r.get("step").asString() + ":"
                + r.get("decision").asString() + ":" + r.get("actorLogin").asString()).toList())
                .containsExactly("submit:SUBMITTED:alice", "office:APPROVED:bob", "confidentiality:APPROVED:carol",
                        "signer:APPROVED:dave");
        assertThat(history.at("/records/2/secrecy").asString()).isEqualTo("NOT_SECRET");
        assertThat(history.at("/records/2/secrecyBasis").asString()).isEqualTo("不含国家秘密和工作秘密");
        assertThat(history.at("/records/1/disclosureType").asString()).isEqualTo("PROACTIVE");
        assertThat(history.at("/records/1/disclosureChanged").asBoolean()).isFalse();
    }

    @Test
    void aChainOfTwoIsOfficeThenSignerAndItsColumnPrintsNoReviewers() throws Exception {
        String id = create("alice", "news", "二审动态");
        submit("alice", id);
        approve("bob", id, "office", 1, "同意");
        assertThat(approve("carol", id, "signer", 1, "同意").get("status").asString()).isEqualTo("APPROVED");
        assertThat(ok(send("alice", "POST", "/api/v1/items/" + id + "/publish", null)).get("status").asString())
                .isEqualTo("PUBLISHED");
        Path delivered = dir.resolve("archive").resolve(id + "-v1").resolve("item.json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(delivered));
        assertThat(JSON.readTree(Files.readString(delivered)).at("/item/reviewers").isNull()).isTrue();
    }

    @Test
    void aColumnWithNoChainConfiguredNeedsOneSignOffBySomeoneElse() {
        String id = create("alice", "letters", "来信一封");
        JsonNode submitted = submit("alice", id);
        assertThat(submitted.at("/review/chain").toString()).isEqualTo("[\"signer\"]");
        assertThat(problem(decide("alice", id, approval("signer", 1, "自己签")), 403).get("detail").asString())
                .contains("alice").contains("self-approval");
        assertThat(approve("bob", id, "signer", 1, "同意").get("status").asString()).isEqualTo("APPROVED");
        assertThat(ok(send("alice", "POST", "/api/v1/items/" + id + "/publish", null)).get("status").asString())
                .isEqualTo("PUBLISHED");
    }

    @Test
    void aReviewNoneColumnPublishesAtOnceAndRecordsTheReleaseAsUnreviewed() {
        String id = create("alice", "imports", "系统导入的一条");
        assertThat(problem(send("alice", "POST", "/api/v1/items/" + id + "/submit", null), 409).get("detail")
                .asString()).contains("review: none");
        assertThat(ok(send("alice", "POST", "/api/v1/items/" + id + "/publish", null)).get("status").asString())
                .isEqualTo("PUBLISHED");
        JsonNode history = ok(send("alice", "GET", "/api/v1/items/" + id + "/review", null));
        assertThat(history.get("unreviewed").asBoolean()).isTrue();
        assertThat(history.at("/records/0/decision").asString()).isEqualTo("RELEASED_UNREVIEWED");
        assertThat(history.at("/records/0/opinion").asString()).contains("review: none");

        JsonNode columns = ok(send("alice", "GET", "/api/v1/columns", null));
        JsonNode imports = columns.valueStream().filter(c -> c.get("key").asString().equals("imports")).findFirst()
                .orElseThrow();
        assertThat(imports.get("unreviewed").asBoolean()).isTrue();
        JsonNode letters = columns.valueStream().filter(c -> c.get("key").asString().equals("letters")).findFirst()
                .orElseThrow();
        assertThat(letters.get("reviewConfigured").asBoolean()).isFalse();
        assertThat(letters.get("review").toString()).isEqualTo("[\"signer\"]");
    }

    // ---- the rules ----------------------------------------------------------------------------------

    @Test
    void onePersonCannotTakeTwoStepsOfOneVersion() {
        String id = create("alice", "news", "一人一步");
        submit("alice", id);
        approve("bob", id, "office", 1, "同意");
        assertThat(problem(decide("bob", id, approval("signer", 1, "我也签")), 403).get("detail").asString())
                .contains("bob").contains("office");
    }

    @Test
    void actingInTheWrongStateOrOnAnotherStepIsAConflictNamingTheState() {
        String id = create("alice", "news", "状态不对");
        assertThat(problem(decide("bob", id, approval("office", 1, "同意")), 409).get("detail").asString())
                .contains("DRAFT");
        submit("alice", id);
        assertThat(problem(decide("bob", id, approval("signer", 1, "同意")), 409).get("detail").asString())
                .contains("IN_REVIEW at step office");
        assertThat(problem(decide("bob", id, approval("office", 2, "同意")), 409).get("detail").asString())
                .contains("version 1");
        assertThat(problem(send("alice", "POST", "/api/v1/items/" + id + "/submit", null), 409).get("detail")
                .asString()).contains("IN_REVIEW");
    }

    @Test
    void aReleasedVersionIsNotReviewedAgainAndAnItemNeverPublishedCannotBeRetracted() {
        String id = create("alice", "news", "已发布不再审");
        signOff(id, 1);
        assertThat(problem(send("dave", "POST", "/api/v1/items/" + id + "/retract", "{\"reason\":\"撤\"}"), 409)
                .get("detail").asString()).contains("APPROVED").contains("never published");
        ok(send("alice", "POST", "/api/v1/items/" + id + "/publish", null));
        assertThat(problem(decide("carol", id, "{\"decision\":\"RETURN\",\"step\":\"signer\",\"version\":1,"
                + "\"opinion\":\"收回\"}"), 409).get("detail").asString()).contains("PUBLISHED");
    }

    @Test
    void returningNeedsAnOpinionAndSendsTheItemBackToTheDrafter() {
        String id = create("alice", "news", "退回修改");
        submit("alice", id);
        JsonNode missing = problem(decide("bob", id, "{\"decision\":\"RETURN\",\"step\":\"office\",\"version\":1}"), 400);
        assertThat(missing.at("/errors/0/field").asString()).isEqualTo("opinion");

        JsonNode returned = ok(decide("bob", id, "{\"decision\":\"RETURN\",\"step\":\"office\",\"version\":1,"
                + "\"opinion\":\"数据需核实\"}"));
        assertThat(returned.get("status").asString()).isEqualTo("RETURNED");
        assertThat(problem(send("alice", "POST", "/api/v1/items/" + id + "/publish", null), 409).get("detail")
                .asString()).contains("RETURNED");

        JsonNode edited = ok(send("alice", "PUT", "/api/v1/items/" + id, body("news", "退回修改（已核实）")));
        assertThat(edited.get("status").asString()).isEqualTo("DRAFT");
        assertThat(edited.get("version").asInt()).isEqualTo(2);
        submit("alice", id);
        approve("bob", id, "office", 2, "同意");
        assertThat(approve("carol", id, "signer", 2, "同意").get("status").asString()).isEqualTo("APPROVED");
        JsonNode history = ok(send("alice", "GET", "/api/v1/items/" + id + "/review", null));
        assertThat(history.at("/records/1/opinion").asString()).isEqualTo("数据需核实");
        assertThat(history.at("/records/1/decision").asString()).isEqualTo("RETURNED");
    }

    @Test
    void theOfficeStepMayChangeTheDisclosureAttributeAndTheChangeIsRecordedWithWhoMadeIt() {
        String id = create("alice", "news", "公开属性变更");
        submit("alice", id);
        ok(decide("bob", id, "{\"decision\":\"APPROVE\",\"step\":\"office\",\"version\":1,\"opinion\":\"改为依申请公开\","
                + "\"disclosure\":{\"type\":\"ON_REQUEST\",\"reason\":\"涉及个人信息\"}}"));
        JsonNode item = ok(send("alice", "GET", "/api/v1/items/" + id, null));
        assertThat(item.at("/disclosure/type").asString()).isEqualTo("ON_REQUEST");
        assertThat(item.at("/disclosure/reason").asString()).isEqualTo("涉及个人信息");
        JsonNode office = ok(send("alice", "GET", "/api/v1/items/" + id + "/review", null)).at("/records/1");
        assertThat(office.get("disclosureChanged").asBoolean()).isTrue();
        assertThat(office.get("disclosureType").asString()).isEqualTo("ON_REQUEST");
        assertThat(office.get("actorLogin").asString()).isEqualTo("bob");
    }

    @Test
    void ofTwoReviewersDecidingOneStepAtOnceOneWinsAndTheOtherGetsAConflict() throws Exception {
        String id = create("alice", "policies", "同时审核");
        submit("alice", id);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> answers = List.of("bob", "carol").stream().map(who -> pool.submit(() -> {
                start.await();
                return decide(who, id, approval("office", 1, "同意")).statusCode();
            })).toList();
            List<Integer> statuses = List.of(answers.get(0).get(), answers.get(1).get());
            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        } finally {
            pool.shutdownNow();
        }
        JsonNode history = ok(send("alice", "GET", "/api/v1/items/" + id + "/review", null));
        assertThat(history.get("records").valueStream().filter(r -> r.get("step").asString().equals("office")))
                .hasSize(1);
    }

    @Test
    void aRoleHeldOnAnotherColumnDoesNotCountOnThisOne() {
        String id = create("alice", "news", "栏目授权");
        submit("alice", id);
        ReviewDesk desk = app.getBean(ReviewDesk.class);
        Caller noticesReviewer = new Caller("erin", "Erin", null, Map.of(Role.REVIEWER, Set.of("notices")));
        assertThatThrownBy(() -> desk.decide(id, new ReviewDesk.Decide(ReviewDesk.Verdict.APPROVE, "office", 1, "同意",
                null, null, null), noticesReviewer))
                .isInstanceOfSatisfying(ItemRefusal.class, e -> {
                    assertThat(e.kind()).isEqualTo(ItemRefusal.Kind.FORBIDDEN);
                    assertThat(e.getMessage()).contains("REVIEWER").contains("news");
                });
        Caller newsReviewer = new Caller("erin", "Erin", null, Map.of(Role.REVIEWER, Set.of("news")));
        desk.decide(id, new ReviewDesk.Decide(ReviewDesk.Verdict.APPROVE, "office", 1, "同意", null, null, null),
                newsReviewer);
        assertThat(app.getBean(ItemService.class).get(id).review().step()).isEqualTo("signer");
    }

    // ---- versions, schedules, retraction ---------------------------------------------------------------

    @Test
    void editingAPublishedItemKeepsItsVersionLiveUntilTheNewOneIsSignedAndReleased() {
        String id = create("alice", "news", "更正前");
        signOff(id, 1);
        JsonNode first = ok(send("alice", "POST", "/api/v1/items/" + id + "/publish", null));
        Instant firstPublished = Instant.parse(first.get("firstPublishedAt").asString());

        JsonNode edited = ok(send("alice", "PUT", "/api/v1/items/" + id, body("news", "更正后")));
        assertThat(edited.get("status").asString()).isEqualTo("PUBLISHED");
        assertThat(edited.get("releasedVersion").asInt()).isEqualTo(1);
        assertThat(edited.at("/review/state").asString()).isEqualTo("DRAFT");
        assertThat(edited.at("/review/version").asInt()).isEqualTo(2);
        assertThat(deliveredVersions(id)).containsOnly(1);
        assertThat(problem(send("alice", "POST", "/api/v1/items/" + id + "/publish", null), 409).get("detail")
                .asString()).contains("version 2 is DRAFT");

        signOff(id, 2);
        assertThat(deliveredVersions(id)).containsOnly(1);
        JsonNode released = ok(send("alice", "POST", "/api/v1/items/" + id + "/publish", null));
        assertThat(released.get("version").asInt()).isEqualTo(2);
        assertThat(Instant.parse(released.get("firstPublishedAt").asString())).isEqualTo(firstPublished);
        JsonNode item = ok(send("alice", "GET", "/api/v1/items/" + id, null));
        assertThat(item.get("releasedVersion").asInt()).isEqualTo(2);
        assertThat(deliveredVersions(id)).contains(2);
    }

    @Test
    void aPendingCorrectionThatWouldNotBePublicKeepsTheLiveVersionsLinksPublicUntilItIsReleased() {
        String policy = create("alice", "news", "被解读的文件");
        signOff(policy, 1);
        ok(send("alice", "POST", "/api/v1/items/" + policy + "/publish", null));
        ItemRequest interpretation = ItemRequests.news("文件的解读", List.of("archive"));
        String reading = create("alice", related(interpretation, policy));
        signOff(reading, 1);
        ok(send("alice", "POST", "/api/v1/items/" + reading + "/publish", null));
        ItemRepository items = app.getBean(ItemRepository.class);
        assertThat(items.publicLinks(reading)).extracting(ItemRepository.Link::title).containsExactly("被解读的文件");

        // A correction drafted as 依申请公开 is not signed yet: the live version, and its public link, stay.
        ItemRequest withdrawn = ItemRequests.news("更正稿", List.of("archive"));
        ok(send("alice", "PUT", "/api/v1/items/" + policy, JSON.writeValueAsString(onRequest(withdrawn))));
        assertThat(items.publicLinks(reading)).extracting(ItemRepository.Link::title).containsExactly("被解读的文件");

        // Signed, it still cannot go to the public channels it was published to: the live version stays.
        signOff(policy, 2);
        assertThat(problem(send("alice", "POST", "/api/v1/items/" + policy + "/publish", null), 422).at("/errors/0/field")
                .asString()).isEqualTo("disclosure.type");
        assertThat(items.publicLinks(reading)).extracting(ItemRepository.Link::title).containsExactly("被解读的文件");
    }

    @Test
    void aScheduledItemWhoseSignOffIsWithdrawnIsNotReleasedAtItsTime() {
        String id = create("alice", "news", "撤回签发");
        signOff(id, 1);
        Instant at = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        JsonNode scheduled = ok(send("alice", "POST", "/api/v1/items/" + id + "/publish",
                "{\"publishAt\":\"" + at + "\"}"));
        assertThat(scheduled.get("status").asString()).isEqualTo("SCHEDULED");

        assertThat(problem(decide("carol", id, "{\"decision\":\"RETURN\",\"step\":\"office\",\"version\":1,"
                + "\"opinion\":\"暂缓\"}"), 409).get("detail").asString()).contains("signer");
        JsonNode withdrawn = ok(decide("carol", id, "{\"decision\":\"RETURN\",\"step\":\"signer\",\"version\":1,"
                + "\"opinion\":\"暂缓发布\"}"));
        assertThat(withdrawn.get("status").asString()).isEqualTo("RETURNED");
        assertThat(withdrawn.get("scheduledAt").isNull()).isTrue();
        assertThat(ItemSchedulingContract.actionsOf(app, id)).isZero();

        // A release job that had already started finds nothing to release.
        app.getBean(ItemService.class).releaseScheduled(id, at);
        assertThat(app.getBean(ItemService.class).get(id).status()).isEqualTo(ItemStatus.RETURNED);
        assertThat(deliveredVersions(id)).isEmpty();
    }

    @Test
    void retractionNeedsASignerOnTheColumnAndAReasonAndIsRecordedLikeAStep() {
        String id = create("alice", "news", "撤稿");
        signOff(id, 1);
        ok(send("alice", "POST", "/api/v1/items/" + id + "/publish", null));
        assertThat(problem(send("dave", "POST", "/api/v1/items/" + id + "/retract", "{}"), 400).at("/errors/0/field")
                .asString()).isEqualTo("reason");
        Caller drafterOnly = new Caller("frank", "Frank", null, Map.of(Role.DRAFTER, Set.of()));
        assertThatThrownBy(() -> app.getBean(ItemService.class).retract(id, "不该撤", drafterOnly))
                .isInstanceOfSatisfying(ItemRefusal.class, e -> assertThat(e.getMessage()).contains("SIGNER"));

        JsonNode retracted = ok(send("dave", "POST", "/api/v1/items/" + id + "/retract", "{\"reason\":\"信息有误\"}"));
        assertThat(retracted.get("status").asString()).isEqualTo("RETRACTED");
        JsonNode history = ok(send("alice", "GET", "/api/v1/items/" + id + "/review", null));
        JsonNode last = history.get("records").get(history.get("records").size() - 1);
        assertThat(last.get("step").asString()).isEqualTo("retract");
        assertThat(last.get("opinion").asString()).isEqualTo("信息有误");
        assertThat(last.get("actorLogin").asString()).isEqualTo("dave");
    }

    @Test
    void everyStepIsPublishedAsAnAuditEventInsideItsTransaction() {
        audited.clear();
        auditedInTransaction.clear();
        String id = create("alice", "news", "审计");
        signOff(id, 1);
        ok(send("alice", "POST", "/api/v1/items/" + id + "/publish", null));
        List<AuditEvent> events = audited.stream().filter(e -> id.equals(e.itemId())).toList();
        assertThat(events).extracting(AuditEvent::action)
                .containsExactly(Action.CREATE, Action.SUBMIT, Action.APPROVE, Action.SIGN, Action.PUBLISH);
        assertThat(events).extracting(AuditEvent::actor).containsExactly("alice", "alice", "bob", "carol", "alice");
        assertThat(auditedInTransaction).containsOnly(true);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private static ItemRequest related(ItemRequest r, String interpreted) {
        return new ItemRequest(r.title(), r.summary(), r.body(), r.author(), r.department(), r.column(), r.disclosure(),
                r.indexNumber(), r.documentNumber(), r.coverAssetId(), r.tags(), r.priority(), r.publishAt(),
                r.expireAt(), r.overrides(), List.of(new ItemRequest.Relation(interpreted, RelationType.INTERPRETS)),
                r.channels(), r.signedOn(), r.validity(), r.topic());
    }

    private static ItemRequest onRequest(ItemRequest r) {
        return new ItemRequest(r.title(), r.summary(), r.body(), r.author(), r.department(), r.column(),
                new ItemRequest.Disclosure(DisclosureType.ON_REQUEST, "涉及第三方权益，依申请公开"), r.indexNumber(),
                r.documentNumber(), r.coverAssetId(), r.tags(), r.priority(), r.publishAt(), r.expireAt(), r.overrides(),
                r.related(), r.channels(), r.signedOn(), r.validity(), r.topic());
    }


    /** Submits by alice, office by bob, sign-off by carol. */
    private void signOff(String id, int version) {
        submit("alice", id);
        approve("bob", id, "office", version, "同意");
        assertThat(approve("carol", id, "signer", version, "同意").at("/review/state").asString())
                .isEqualTo("APPROVED");
    }

    private List<Integer> deliveredVersions(String id) {
        return app.getBean(JdbcClient.class).sql("SELECT DISTINCT item_version FROM delivery WHERE item_id = :id")
                .param("id", id).query(Integer.class).list();
    }

    private String create(String who, String column, String title) {
        return create(who, ItemRequests.inColumn(ItemRequests.news(title, List.of("archive")), column));
    }

    private String create(String who, ItemRequest request) {
        HttpResponse<String> response = send(who, "POST", "/api/v1/items", JSON.writeValueAsString(request));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("id").asString();
    }

    private static String body(String column, String title) {
        return JSON.writeValueAsString(ItemRequests.inColumn(ItemRequests.news(title, List.of("archive")), column));
    }

    private JsonNode submit(String who, String id) {
        return ok(send(who, "POST", "/api/v1/items/" + id + "/submit", null));
    }

    private JsonNode approve(String who, String id, String step, int version, String opinion) {
        return ok(decide(who, id, approval(step, version, opinion)));
    }

    private static String approval(String step, int version, String opinion) {
        return "{\"decision\":\"APPROVE\",\"step\":\"" + step + "\",\"version\":" + version + ",\"opinion\":\""
                + opinion + "\"}";
    }

    private HttpResponse<String> decide(String who, String id, String json) {
        return send(who, "POST", "/api/v1/items/" + id + "/review", json);
    }

    private static JsonNode ok(HttpResponse<String> response) {
        return ApiCalls.ok(response);
    }

    private static JsonNode problem(HttpResponse<String> response, int status) {
        return ApiCalls.problem(response, status);
    }

    private HttpResponse<String> send(String who, String method, String path, String json) {
        return new ApiCalls(port).send(who, method, path, json);
    }
}
