package org.tongfa.compliance;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quartz.Scheduler;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestApps;
import org.tongfa.support.TestDatabases;

/**
 * The alert fires once per transition: with two nodes (two whole contexts, two Quartz schedulers) running
 * the assessment at the same moment on one database, after a restart, and through a webhook outage (the
 * transition is kept and its alert sent later), on H2 and PostgreSQL. The webhook is WireMock, the mail
 * server GreenMail.
 */
class FreshnessAlertsIntegrationTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static final WireMockServer hook = new WireMockServer(wireMockConfig().dynamicPort());

    @BeforeAll
    static void startHook() {
        hook.start();
    }

    @AfterAll
    static void stopHook() {
        hook.stop();
    }

    @TempDir
    Path dir;

    private Map<String, String> settings() {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("tongfa.compliance.alerts.webhook-url", hook.baseUrl() + "/hook");
        extra.put("tongfa.compliance.alerts.mail-to[0]", "office@example.gov.cn");
        extra.put("tongfa.compliance.alerts.retry-delay", "1m");
        extra.put("spring.mail.host", "127.0.0.1");
        extra.put("spring.mail.port", String.valueOf(mail.getSmtp().getPort()));
        // Only the news column is watched here; the others are exempt (and blank: 4, below the veto's 5).
        extra.put("tongfa.columns.notices.inspection", "exempt");
        extra.put("tongfa.columns.policies.inspection", "exempt");
        extra.put("tongfa.columns.interpretations.inspection", "exempt");
        extra.put("tongfa.columns.annual-reports.inspection", "exempt");
        // No website: the home page is the assessor's tests' business; this one is about the alerts.
        extra.put("tongfa.channels.website.enabled", "false");
        extra.put("tongfa.api.tokens.drafter", "drafter-token");
        extra.put("tongfa.api.token-roles.drafter", "DRAFTER");
        return extra;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void alertsOncePerTransitionOnTwoNodesAcrossARestartAndThroughAnOutage(String vendor) throws Exception {
        hook.resetAll();
        hook.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
        String url = vendor.equals("h2") ? TestDatabases.h2Url() : TestDatabases.postgresUrl();
        MutableClock clock = new MutableClock(T0);
        ConfigurableApplicationContext a = TestApps.start(url, dir.resolve("a"), "node-a", settings(), clock);
        ConfigurableApplicationContext b = TestApps.start(url, dir.resolve("b"), "node-b", settings(), clock);
        // Eleven days old: the two weeks close in three, inside the four days' lead time.
        new PublicationSeeds(a.getBean(DataSource.class)).item("news", "PUBLISHED", T0.minus(Duration.ofDays(11)));

        CyclicBarrier together = new CyclicBarrier(2);
        List<CompletableFuture<Integer>> runs = List.of(a, b).stream().map(node -> CompletableFuture.supplyAsync(() -> {
            try {
                together.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return node.getBean(FreshnessRun.class).run().size();
        })).toList();
        assertThat(runs.get(0).get() + runs.get(1).get()).as("transitions recorded by the two nodes").isEqualTo(1);
        List<LoggedRequest> posts = hook.findAll(postRequestedFor(urlEqualTo("/hook")));
        assertThat(posts).singleElement().satisfies(p -> {
            assertThat(p.getBodyAsString()).contains("\"subject\":\"column:news\"", "\"from\":\"OK\"", "\"to\":\"WARN\"");
            assertThat(p.getHeader("webhook-id")).startsWith("tf-freshness-");
        });
        assertThat(mail.getReceivedMessages()).singleElement()
                .satisfies(m -> assertThat(m.getSubject()).contains("【合规提醒】", "工作动态", "还剩 3 天"));
        a.close();
        b.close();

        // A restart on the same database remembers the state: nothing is sent again.
        ConfigurableApplicationContext c = TestApps.start(url, dir.resolve("c"), "node-c", settings(), clock);
        try {
            FreshnessRun run = c.getBean(FreshnessRun.class);
            assertThat(run.run()).isEmpty();
            assertThat(hook.findAll(postRequestedFor(urlEqualTo("/hook")))).hasSize(1);
            assertThat(mail.getReceivedMessages()).hasSize(1);

            // Three days on, the window closes: WARN to BREACH. The webhook is down for it.
            hook.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(503)));
            clock.advance(Duration.ofDays(3));
            assertThat(run.run()).singleElement().satisfies(t -> assertThat(t.to()).isEqualTo(FreshnessStatus.BREACH));
            assertThat(mail.getReceivedMessages()).hasSize(2);
            assertThat(hook.findAll(postRequestedFor(urlEqualTo("/hook")))).hasSize(2);
            JdbcTemplate jdbc = new JdbcTemplate(c.getBean(DataSource.class));
            assertThat(jdbc.queryForObject("SELECT last_error FROM freshness_alert WHERE target = 'webhook' AND sent_at IS NULL",
                    String.class)).contains("503");

            // Back up: not before the retry delay, then exactly once, under the same id.
            hook.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
            assertThat(run.retryAlerts()).isZero();
            clock.advance(Duration.ofMinutes(2));
            assertThat(run.retryAlerts()).isEqualTo(1);
            assertThat(run.retryAlerts()).isZero();
            List<LoggedRequest> all = hook.findAll(postRequestedFor(urlEqualTo("/hook")));
            assertThat(all).hasSize(3);
            assertThat(all.get(2).getHeader("webhook-id")).isEqualTo(all.get(1).getHeader("webhook-id"))
                    .isNotEqualTo(all.get(0).getHeader("webhook-id"));
            assertThat(all.get(2).getBodyAsString()).contains("\"to\":\"BREACH\"", "已超过更新期限");
            assertThat(mail.getReceivedMessages()).hasSize(2);

            // The same assessment on demand: reviewers and operators read it, a drafter alone may not.
            String base = "http://127.0.0.1:" + c.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> read = get(base, "/api/v1/compliance/freshness", "test-token");
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).contains("\"id\":\"column:news\"", "\"status\":\"BREACH\"", "\"blankColumns\":4");
            assertThat(get(base, "/api/v1/compliance/freshness", "drafter-token").statusCode()).isEqualTo(403);
            // And as Prometheus gauges: 2 is BREACH.
            assertThat(get(base, "/actuator/prometheus", "test-token").body())
                    .contains("tongfa_freshness_status{kind=\"column\",subject=\"column:news\"} 2.0")
                    .contains("tongfa_freshness_veto_risk{risk=\"overdue_columns\"} 0.0")
                    .contains("tongfa_freshness_blank_columns 4.0");

            // A new item: the daily Quartz job (fired now) records the recovery silently.
            new PublicationSeeds(c.getBean(DataSource.class)).item("news", "PUBLISHED", clock.instant());
            c.getBean(Scheduler.class).triggerJob(FreshnessSchedule.DAILY);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                    "SELECT status FROM freshness_state WHERE subject = 'column:news'", String.class)).isEqualTo("OK"));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM freshness_transition WHERE subject = 'column:news'",
                    Integer.class)).isEqualTo(3);
            assertThat(hook.findAll(postRequestedFor(urlEqualTo("/hook")))).hasSize(3);
            assertThat(mail.getReceivedMessages()).hasSize(2);
        } finally {
            c.close();
        }
    }

    private static HttpResponse<String> get(String base, String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
