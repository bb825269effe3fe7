package org.tongfa.item;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tongfa.item.ApiCalls.ok;
import static org.tongfa.item.ApiCalls.problem;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.tongfa.common.AuditEvent;
import org.tongfa.common.AuditEvent.Action;
import org.tongfa.common.BeijingTime;
import org.tongfa.support.ItemRequests;
import org.tongfa.support.TestApps;
import org.tongfa.support.TestDatabases;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pre-publish checks (发布前检查) at every moment of an item's flow, through the API: shown on save
 * and never blocking it, refusing a submission and an approval while a BLOCK remains, an approval with
 * warnings needing an acknowledgement that the audit trail records, and a scheduled release refused at
 * its time and reported with the item. alice drafts; bob and dave review.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrePublishChecksIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The configured tongfa.public-base-url: links to it are links to Tongfa's own pages. */
    private static final String SITE = "http://localhost:8080";

    @TempDir
    static Path dir;

    /** Another site the items link to. */
    private final WireMockServer outside = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private ConfigurableApplicationContext app;
    private ApiCalls api;
    private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startService() {
        outside.start();
        app = TestApps.start(TestDatabases.h2Url(), dir, "checks-node", Map.ofEntries(
                Map.entry("tongfa.api.tokens.alice", "alice-token"),
                Map.entry("tongfa.api.tokens.bob", "bob-token"),
                Map.entry("tongfa.api.tokens.dave", "dave-token"),
                Map.entry("tongfa.columns.news.review", "office,signer"),
                Map.entry("tongfa.columns.policies.review", "office,signer"),
                Map.entry("tongfa.checks.policy-columns", "policies"),
                Map.entry("tongfa.columns.imports.name", "系统导入"),
                Map.entry("tongfa.columns.imports.channels", "archive"),
                Map.entry("tongfa.columns.imports.review", "none"),
                // The other site is on loopback, and no answer is reused: each check that fetches is seen.
                Map.entry("tongfa.checks.links.allow-private-network", "true"),
                Map.entry("tongfa.checks.links.cache-ttl", "0s")));
        api = new ApiCalls(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
        app.addApplicationListener((ApplicationListener<PayloadApplicationEvent<AuditEvent>>) e ->
                audited.add(e.getPayload()));
    }

    @AfterAll
    void stopService() {
        if (app != null) {
            app.close();
        }
        outside.stop();
    }

    @Test
    void aSaveShowsTheFindingsWithoutBlockingAndASubmissionIsRefusedUntilTheyAreFixed() {
        Map<String, Object> policy = request("policies", "缺发文字号的政策", "<p>政策正文。</p>");
        JsonNode saved = ok(send("alice", "POST", "/api/v1/items", JSON.writeValueAsString(policy)));
        String id = saved.get("id").asString();
        assertThat(saved.at("/checks/verdict").asString()).isEqualTo("BLOCK");
        assertThat(saved.at("/checks/version").asInt()).isEqualTo(1);
        assertThat(saved.at("/checks/findings/0/field").asString()).isEqualTo("documentNumber");
        assertThat(saved.at("/checks/findings/0/message").asString()).contains("发文字号");

        JsonNode checks = ok(send("bob", "GET", "/api/v1/items/" + id + "/checks", null));
        assertThat(checks.get("verdict").asString()).isEqualTo("BLOCK");
        assertThat(checks.get("itemId").asString()).isEqualTo(id);

        JsonNode refused = problem(send("alice", "POST", "/api/v1/items/" + id + "/submit", null), 422);
        assertThat(refused.at("/errors/0/field").asString()).isEqualTo("documentNumber");
        assertThat(refused.at("/errors/0/message").asString()).contains("[parts]").contains("阻止").contains("发文字号");
        assertThat(ok(send("alice", "GET", "/api/v1/items/" + id, null)).get("status").asString()).isEqualTo("DRAFT");

        policy.put("documentNumber", "示工信规〔2026〕9号");
        JsonNode fixed = ok(send("alice", "PUT", "/api/v1/items/" + id, JSON.writeValueAsString(policy)));
        assertThat(fixed.at("/checks/verdict").asString()).isEqualTo("PASS");
        assertThat(fixed.at("/checks/findings").size()).isZero();
        assertThat(ok(send("alice", "POST", "/api/v1/items/" + id + "/submit", null)).get("status").asString())
                .isEqualTo("IN_REVIEW");
    }

    @Test
    void theChecksEndpointAnswersABadOrUnknownIdWithAProblem() {
        assertThat(problem(send("bob", "GET", "/api/v1/items/not-an-id/checks", null), 404).get("detail").asString())
                .contains("not-an-id");
        problem(send("bob", "GET", "/api/v1/items/00000000-0000-0000-0000-000000000000/checks", null), 404);
        assertThat(send(null, "GET", "/api/v1/items/00000000-0000-0000-0000-000000000000/checks", null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void anApprovalWithWarningsNeedsANoteThatTheAuditTrailKeeps() {
        LocalDate later = LocalDate.now(BeijingTime.ZONE).plusDays(40);
        String written = later.getYear() + "年" + later.getMonthValue() + "月" + later.getDayOfMonth() + "日";
        String id = create("alice", request("news", "有后续日期的通知", "<p>报名截止" + written + "。</p>"));
        JsonNode submitted = ok(send("alice", "POST", "/api/v1/items/" + id + "/submit", null));
        assertThat(submitted.get("status").asString()).isEqualTo("IN_REVIEW");

        JsonNode unacknowledged = problem(decide("bob", id, approval("office", null)), 400);
        assertThat(unacknowledged.at("/errors/0/field").asString()).isEqualTo("acknowledgement");
        assertThat(unacknowledged.at("/errors/0/message").asString()).contains("[dates]").contains(later.toString());

        JsonNode approved = ok(decide("bob", id, approval("office", "已核对，报名截止日期无误")));
        assertThat(approved.at("/review/step").asString()).isEqualTo("signer");
        AuditEvent event = audited.stream().filter(e -> id.equals(e.itemId()) && e.action() == Action.APPROVE)
                .findFirst().orElseThrow();
        assertThat(event.changes()).containsEntry("acknowledgement", "已核对，报名截止日期无误");
        assertThat(event.changes().get("checkWarnings")).contains("dates body").contains(later.toString());
    }

    @Test
    void anApprovalIsRefusedWhileABlockRemains() {
        String target = create("alice", request("imports", "被引用的稿件", "<p>原文。</p>"));
        ok(send("alice", "POST", "/api/v1/items/" + target + "/publish", null));
        String id = create("alice", request("news", "引用稿件的消息",
                "<p>详见<a href=\"" + SITE + "/site/items/" + target + ".html\">原文</a>。</p>"));
        ok(send("alice", "POST", "/api/v1/items/" + id + "/submit", null));
        ok(send("dave", "POST", "/api/v1/items/" + target + "/retract", "{\"reason\":\"内容有误\"}"));

        JsonNode refused = problem(decide("bob", id, approval("office", "同意")), 422);
        assertThat(refused.at("/errors/0/field").asString()).isEqualTo("body");
        assertThat(refused.at("/errors/0/message").asString()).contains("[links]").contains("撤稿");
        assertThat(ok(send("bob", "GET", "/api/v1/items/" + id, null)).at("/review/step").asString())
                .isEqualTo("office");
    }

    @Test
    void aScheduledReleaseThatTheChecksBlockAtItsTimeStaysUnreleasedAndIsReported() throws Exception {
        String target = create("alice", request("imports", "将被撤回的稿件", "<p>原文。</p>"));
        ok(send("alice", "POST", "/api/v1/items/" + target + "/publish", null));
        String id = create("alice", request("imports", "定时发布的引用稿",
                "<p>详见<a href=\"/site/items/" + target + ".html\">原文</a>。</p>"));
        Instant at = Instant.now().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JsonNode scheduled = ok(send("alice", "POST", "/api/v1/items/" + id + "/publish",
                "{\"publishAt\":\"" + at + "\"}"));
        assertThat(scheduled.get("status").asString()).isEqualTo("SCHEDULED");

        ok(send("dave", "POST", "/api/v1/items/" + target + "/retract", "{\"reason\":\"政策调整\"}"));
        // As if its time had come: the sweep finds the release due now, ahead of its time.
        app.getBean(JdbcClient.class).sql("UPDATE item SET release_next_at = :now WHERE id = :id")
                .param("now", org.tongfa.common.SqlTimestamps.ts(Instant.now())).param("id", id).update();

        await().atMost(Duration.ofSeconds(20)).until(() -> ok(send("alice", "GET", "/api/v1/items/" + id, null))
                .get("status").asString().equals("DRAFT"));
        JsonNode shown = ok(send("alice", "GET", "/api/v1/items/" + id, null));
        assertThat(shown.path("firstPublishedAt").isNull()).isTrue();
        // Refused when the sweep found it due (now, ahead of its time), and kept with the item.
        assertThat(Instant.parse(shown.at("/releaseRefusal/at").asString())).isBefore(at);
        assertThat(shown.get("scheduledAt").isNull()).isTrue();
        assertThat(shown.at("/releaseRefusal/reason").asString()).contains("[links]").contains("撤稿");
        assertThat(ok(send("alice", "GET", "/api/v1/items/" + id + "/deliveries", null)).size()).isZero();
    }

    @Test
    void aReleaseNowOrOnScheduleDoesNotWaitOnAnotherSiteWhichIsAskedOnSave() {
        String path = "/notice-" + System.nanoTime() + ".html";
        outside.stubFor(head(urlEqualTo(path)).willReturn(aResponse().withStatus(404)));
        String body = "<p>详见<a href=\"http://127.0.0.1:" + outside.port() + path + "\">外部网页</a>。</p>";

        JsonNode saved = ok(send("alice", "POST", "/api/v1/items", JSON.writeValueAsString(
                request("imports", "引用外部网页的消息", body))));
        assertThat(saved.at("/checks/findings").valueStream().map(f -> f.get("check").asString() + " "
                + f.get("verdict").asString())).contains("links WARN");
        outside.verify(1, headRequestedFor(urlEqualTo(path)));
        ok(send("alice", "POST", "/api/v1/items/" + saved.get("id").asString() + "/publish", null));
        assertThat(ok(send("alice", "GET", "/api/v1/items/" + saved.get("id").asString(), null)).get("status")
                .asString()).isEqualTo("PUBLISHED");
        outside.verify(1, headRequestedFor(urlEqualTo(path)));

        String id = create("alice", request("imports", "定时发布的引用外部网页的消息", body));
        outside.verify(2, headRequestedFor(urlEqualTo(path)));
        Instant at = Instant.now().plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ok(send("alice", "POST", "/api/v1/items/" + id + "/publish", "{\"publishAt\":\"" + at + "\"}"));
        app.getBean(JdbcClient.class).sql("UPDATE item SET release_next_at = :now WHERE id = :id")
                .param("now", org.tongfa.common.SqlTimestamps.ts(Instant.now())).param("id", id).update();
        await().atMost(Duration.ofSeconds(20)).until(() -> ok(send("alice", "GET", "/api/v1/items/" + id, null))
                .get("status").asString().equals("PUBLISHED"));
        outside.verify(2, headRequestedFor(urlEqualTo(path)));
    }

    @Test
    void anApprovalAsksTheOtherSitesBeforeItLocksTheItem() throws Exception {
        // The other site answers 404 only after trying, on another connection, to lock the item's row for a
        // moment: it finds the row free unless the approval is waiting for this answer with the item locked.
        java.util.concurrent.atomic.AtomicReference<String> item = new java.util.concurrent.atomic.AtomicReference<>();
        List<String> probes = new CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer site = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            if (item.get() != null) {
                probes.add(rowLockable(item.get()) ? "free" : "locked");
            }
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        site.start();
        try {
            String id = create("alice", request("news", "引用外部网页的通知", "<p>详见<a href=\"http://127.0.0.1:"
                    + site.getAddress().getPort() + "/page.html\">外部网页</a>。</p>"));
            ok(send("alice", "POST", "/api/v1/items/" + id + "/submit", null));
            item.set(id);

            JsonNode unacknowledged = problem(decide("bob", id, approval("office", null)), 400);
            assertThat(unacknowledged.at("/errors/0/field").asString()).isEqualTo("acknowledgement");
            assertThat(unacknowledged.at("/errors/0/message").asString()).contains("[links]").contains("HTTP 404");
            JsonNode approved = ok(decide("bob", id, approval("office", "外部网页已改版，链接待对方恢复")));
            assertThat(approved.at("/review/step").asString()).isEqualTo("signer");

            assertThat(probes).as("each approval asked the other site once, with the item not locked")
                    .containsExactly("free", "free");
        } finally {
            site.stop(0);
        }
    }

    /** Whether the item's row can be locked at once, on a connection of its own (thrown away after). */
    private boolean rowLockable(String id) {
        com.zaxxer.hikari.HikariDataSource pool = app.getBean(com.zaxxer.hikari.HikariDataSource.class);
        java.sql.Connection c = null;
        try {
            c = pool.getConnection();
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("SET LOCK_TIMEOUT 200");
            }
            try (var ps = c.prepareStatement("SELECT id FROM item WHERE id = ? FOR UPDATE")) {
                ps.setString(1, id);
                ps.executeQuery().close();
                return true;
            } catch (java.sql.SQLException timedOut) {
                return false;
            } finally {
                c.rollback();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            if (c != null) {
                pool.evictConnection(c);
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static Map<String, Object> request(String column, String title, String body) {
        Map<String, Object> r = JSON.convertValue(ItemRequests.withBody(ItemRequests.news(title, List.of("archive")),
                body), new tools.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Object>>() { });
        r.put("column", column);
        return r;
    }

    private String create(String who, Map<String, Object> request) {
        return ok(send(who, "POST", "/api/v1/items", JSON.writeValueAsString(request))).get("id").asString();
    }

    private static String approval(String step, String acknowledgement) {
        return "{\"decision\":\"APPROVE\",\"step\":\"" + step + "\",\"version\":1,\"opinion\":\"同意\""
                + (acknowledgement == null ? "" : ",\"acknowledgement\":\"" + acknowledgement + "\"") + "}";
    }

    private HttpResponse<String> decide(String who, String id, String json) {
        return send(who, "POST", "/api/v1/items/" + id + "/review", json);
    }

    private HttpResponse<String> send(String who, String method, String path, String json) {
        return api.send(who, method, path, json);
    }
}
