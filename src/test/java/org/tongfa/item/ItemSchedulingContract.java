package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tongfa.delivery.DeliveryStatus;
import org.tongfa.support.ItemRequests;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestApps;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.tongfa.support.TestCallers;

/**
 * Scheduled publishing and expiry as actions in the item's row, swept by the service ({@link DueSweep}),
 * on each real database: released at the time, replaced when rescheduled, retracted at expiry, and done
 * late (never skipped) when the service was down at the time.
 *
 * <p>What happens when the action fails at its time is tested on a second instance whose clock the
 * test moves: its actions lie a day ahead of the wall clock, so its sweep finds them due only once the
 * test has moved the clock to their time. A database error is a real one: a CHECK constraint the test
 * adds for one item (before it moves the clock) makes the action's last write fail, after the ledger
 * rows were written, and is dropped again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ItemSchedulingContract {

    @TempDir
    static Path dir;

    private static final Duration RETRY_DELAY = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ConfigurableApplicationContext app;
    private ItemService items;
    private ConfigurableApplicationContext clocked;
    private MutableClock clock;
    private ItemService clockedItems;
    private final AtomicInteger faults = new AtomicInteger();

    abstract String freshDatabase();

    @BeforeAll
    void startService() {
        app = TestApps.start(freshDatabase(), dir, "scheduling-1", Map.of());
        items = app.getBean(ItemService.class);
        clock = new MutableClock(Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS));
        clocked = TestApps.start(freshDatabase(), dir.resolve("clocked"), "scheduling-clocked",
                Map.of("tongfa.scheduling.retry-delay", RETRY_DELAY.toSeconds() + "s",
                        "tongfa.scheduling.max-retry-delay", "5m"), clock);
        clockedItems = clocked.getBean(ItemService.class);
    }

    @AfterAll
    void stopService() {
        if (app != null) {
            app.close();
        }
        if (clocked != null) {
            clocked.close();
        }
    }

    private static ItemView awaitStatus(String id, ItemStatus status, ItemService service) {
        await().atMost(Duration.ofSeconds(20)).until(() -> service.get(id).status() == status);
        return service.get(id);
    }

    private long triggersOf(String id) {
        return actionsOf(app, id);
    }

    /** How many actions (a release, an expiry) the item has set. */
    static long actionsOf(ConfigurableApplicationContext context, String id) {
        return context.getBean(JdbcClient.class).sql("SELECT (CASE WHEN release_next_at IS NULL THEN 0 ELSE 1 END) "
                        + "+ (CASE WHEN expiry_next_at IS NULL THEN 0 ELSE 1 END) FROM item WHERE id = :id")
                .param("id", id).query(Long.class).single();
    }

    @Test
    void aScheduledItemIsReleasedAtItsTimeAndNotBefore() {
        ItemView item = items.create(ItemRequests.news("定时发布", List.of()), TestCallers.EDITOR);
        Instant at = Instant.now().plusSeconds(3);

        ItemView scheduled = items.publish(item.id(), at, TestCallers.EDITOR).item();
        assertThat(scheduled.status()).isEqualTo(ItemStatus.SCHEDULED);
        assertThat(scheduled.scheduledAt()).isEqualTo(at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(items.deliveries(item.id())).isEmpty();

        ItemView published = awaitStatus(item.id(), ItemStatus.PUBLISHED, items);
        assertThat(published.firstPublishedAt()).isAfterOrEqualTo(at);
        await().atMost(Duration.ofSeconds(10)).until(() -> items.deliveries(item.id()).stream()
                .allMatch(d -> d.status() == DeliveryStatus.DELIVERED));
        assertThat(triggersOf(item.id())).isZero();
    }

    @Test
    void reschedulingReplacesTheJobAndUnschedulingCancelsIt() {
        ItemView item = items.create(ItemRequests.news("改期发布", List.of()), TestCallers.EDITOR);
        items.publish(item.id(), Instant.now().plusSeconds(3600), TestCallers.EDITOR);
        assertThat(triggersOf(item.id())).isEqualTo(1);

        items.unschedule(item.id(), TestCallers.EDITOR);
        assertThat(items.get(item.id()).status()).isEqualTo(ItemStatus.DRAFT);
        assertThat(triggersOf(item.id())).isZero();

        items.publish(item.id(), Instant.now().plusSeconds(3600), TestCallers.EDITOR);
        Instant sooner = Instant.now().plusSeconds(3);
        items.update(item.id(), ItemRequests.timed("改期发布", List.of(), sooner, null), TestCallers.EDITOR);
        assertThat(triggersOf(item.id())).isEqualTo(1);
        assertThat(items.get(item.id()).scheduledAt()).isEqualTo(sooner.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

        assertThat(awaitStatus(item.id(), ItemStatus.PUBLISHED, items).firstPublishedAt()).isAfterOrEqualTo(sooner);
    }

    @Test
    void anExpiredItemIsRetractedFromItsChannels() {
        ItemView item = items.create(ItemRequests.timed("到期撤回", List.of(), null, Instant.now().plusSeconds(3)), TestCallers.EDITOR);
        items.publish(item.id(), null, TestCallers.EDITOR);

        ItemView retracted = awaitStatus(item.id(), ItemStatus.RETRACTED, items);
        assertThat(retracted.retractReason()).isEqualTo("EXPIRED");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("archive")
                .resolve(item.id() + ".retracted.json")));
    }

    @Test
    void aReleaseMissedWhileTheServiceWasDownFiresAtStartLateButNeverSkipped() {
        String db = freshDatabase();
        Path other = dir.resolve("restart");
        Instant at;
        String id;
        try (ConfigurableApplicationContext first = TestApps.start(db, other, "scheduling-2", Map.of())) {
            ItemService service = first.getBean(ItemService.class);
            id = service.create(ItemRequests.news("停机期间到点", List.of()), TestCallers.EDITOR).id();
            at = Instant.now().plusSeconds(2);
            service.publish(id, at, TestCallers.EDITOR);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(at.plusSeconds(2)));

        try (ConfigurableApplicationContext second = TestApps.start(db, other, "scheduling-2", Map.of())) {
            ItemService service = second.getBean(ItemService.class);
            ItemView published = awaitStatus(id, ItemStatus.PUBLISHED, service);
            assertThat(published.firstPublishedAt()).isAfter(at.plusSeconds(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> service.deliveries(id).stream()
                    .allMatch(d -> d.status() == DeliveryStatus.DELIVERED));
        }
    }

    // ---- an action that fails at its time ------------------------------------------------------------

    /** The clock has reached the action's time: the sweep finds it due; woken so it need not wait its poll. */
    private void fire() {
        clocked.getBean(DueSweep.class).wakeUp();
    }

    /** When the item's action of that kind ({@code release}, {@code expiry}) is tried next, or {@code null}. */
    private Instant nextFire(String kind, String itemId) {
        return clocked.getBean(JdbcClient.class).sql("SELECT " + kind + "_next_at FROM item WHERE id = :id")
                .param("id", itemId)
                .query((rs, n) -> org.tongfa.common.SqlTimestamps.instant(rs, kind + "_next_at")).single();
    }

    private long clockedTriggersOf(String id) {
        return actionsOf(clocked, id);
    }

    /** Makes every write that puts the item into {@code status} fail in the database; returns the undo. */
    private Runnable failWritesOf(String itemId, ItemStatus status) {
        String name = "test_fault_" + faults.incrementAndGet();
        JdbcClient jdbc = clocked.getBean(JdbcClient.class);
        jdbc.sql("ALTER TABLE item ADD CONSTRAINT " + name + " CHECK (id <> '" + itemId + "' OR status <> '"
                + status.name() + "')").update();
        return () -> jdbc.sql("ALTER TABLE item DROP CONSTRAINT " + name).update();
    }

    private double failures(String kind) {
        var counter = clocked.getBean(MeterRegistry.class).find("tongfa.release.failures").tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    private JsonNode apiGet(String path) throws Exception {
        String port = clocked.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer test-token").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }

    @Test
    void aReleaseThatHitsADatabaseErrorAtItsTimeIsRetriedWithBackOffAndReleasedOnceWithoutBackdating() {
        String id = clockedItems.create(ItemRequests.news("到点时数据库出错", List.of()), TestCallers.EDITOR).id();
        Instant at = clock.instant().plus(Duration.ofHours(1));
        clockedItems.publish(id, at, TestCallers.EDITOR);
        double before = failures("release_error");

        Runnable undo = failWritesOf(id, ItemStatus.PUBLISHED);
        clock.advance(Duration.between(clock.instant(), at));
        fire();
        // Failed after writing its ledger rows: all rolled back, and the job asks again after the delay.
        await().atMost(Duration.ofSeconds(20)).until(() -> at.plus(RETRY_DELAY).equals(nextFire("release", id)));
        assertThat(clockedItems.get(id).status()).isEqualTo(ItemStatus.SCHEDULED);
        assertThat(clockedItems.deliveries(id)).isEmpty();
        assertThat(failures("release_error")).isEqualTo(before + 1);

        // Fails again: the delay doubles.
        clock.advance(RETRY_DELAY);
        Instant second = clock.instant();
        fire();
        await().atMost(Duration.ofSeconds(20)).until(() -> second.plus(RETRY_DELAY.multipliedBy(2))
                .equals(nextFire("release", id)));
        assertThat(clockedItems.get(id).status()).isEqualTo(ItemStatus.SCHEDULED);

        undo.run();
        clock.advance(RETRY_DELAY.multipliedBy(2));
        Instant released = clock.instant();
        fire();
        ItemView published = awaitStatus(id, ItemStatus.PUBLISHED, clockedItems);
        // The first publication time is when it really went out, never the time it was due.
        assertThat(published.firstPublishedAt()).isEqualTo(released);
        await().atMost(Duration.ofSeconds(10)).until(() -> clockedTriggersOf(id) == 0);
        var deliveries = clockedItems.deliveries(id);
        assertThat(deliveries).extracting(d -> d.channel()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(published.channels());

        // A late duplicate of the same release (a recovered job, a second node) changes nothing.
        clock.advance(Duration.ofMinutes(1));
        clockedItems.releaseScheduled(id, at);
        assertThat(clockedItems.deliveries(id)).hasSameSizeAs(deliveries);
        assertThat(clockedItems.get(id).firstPublishedAt()).isEqualTo(released);
        assertThat(clockedItems.get(id).lastPublishedAt()).isEqualTo(released);
    }

    @Test
    void aReleaseRefusedAtItsTimeGoesBackToDraftWithTheReasonShownCountedAndNoJobLeft() throws Exception {
        // nanfang is configured but not enabled: by the time the release is due, no channel can take it.
        String id = clockedItems.create(ItemRequests.news("到点时无可用渠道", List.of("nanfang")), TestCallers.EDITOR).id();
        Instant at = clock.instant().plus(Duration.ofHours(2));
        clockedItems.publish(id, at, TestCallers.EDITOR);
        double before = failures("release_refused");

        clock.advance(Duration.between(clock.instant(), at));
        fire();

        ItemView draft = awaitStatus(id, ItemStatus.DRAFT, clockedItems);
        assertThat(draft.scheduledAt()).isNull();
        JsonNode shown = apiGet("/api/v1/items/" + id);
        assertThat(shown.path("status").asString()).isEqualTo("DRAFT");
        assertThat(shown.path("releaseRefusal").path("at").asString()).isEqualTo(at.toString());
        assertThat(shown.path("releaseRefusal").path("reason").asString()).contains("nanfang").contains("enabled");
        assertThat(failures("release_refused")).isEqualTo(before + 1);
        assertThat(clockedTriggersOf(id)).isZero();
        assertThat(clockedItems.deliveries(id)).isEmpty();

        // Scheduling it again clears the refusal: it describes the last attempt only.
        clockedItems.publish(id, clock.instant().plus(Duration.ofHours(1)), TestCallers.EDITOR);
        assertThat(apiGet("/api/v1/items/" + id).path("releaseRefusal").isNull()).isTrue();
    }

    @Test
    void anExpiryThatFailsOnceIsRetriedAndTheItemRetracted() throws Exception {
        Instant expireAt = clock.instant().plus(Duration.ofHours(3));
        String id = clockedItems.create(ItemRequests.timed("到期时数据库出错", List.of(), null, expireAt), TestCallers.EDITOR).id();
        clockedItems.publish(id, null, TestCallers.EDITOR);
        await().atMost(Duration.ofSeconds(10)).until(() -> clockedItems.deliveries(id).stream()
                .allMatch(d -> d.status() == DeliveryStatus.DELIVERED));
        double before = failures("expiry_error");

        Runnable undo = failWritesOf(id, ItemStatus.RETRACTED);
        clock.advance(Duration.between(clock.instant(), expireAt));
        fire();
        await().atMost(Duration.ofSeconds(20)).until(() -> expireAt.plus(RETRY_DELAY).equals(nextFire("expiry", id)));
        assertThat(clockedItems.get(id).status()).isEqualTo(ItemStatus.PUBLISHED);
        assertThat(failures("expiry_error")).isEqualTo(before + 1);

        undo.run();
        clock.advance(RETRY_DELAY);
        fire();
        ItemView retracted = awaitStatus(id, ItemStatus.RETRACTED, clockedItems);
        assertThat(retracted.retractReason()).isEqualTo("EXPIRED");
        assertThat(retracted.retractedAt()).isEqualTo(expireAt.plus(RETRY_DELAY));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve("clocked").resolve("archive")
                .resolve(id + ".retracted.json")));
        await().atMost(Duration.ofSeconds(10)).until(() -> clockedTriggersOf(id) == 0);
    }
}
