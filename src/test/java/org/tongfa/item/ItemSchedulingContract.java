package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tongfa.delivery.DeliveryStatus;
import org.tongfa.support.ItemRequests;
import org.tongfa.support.TestApps;

/**
 * Scheduled publishing and expiry as persistent Quartz jobs in the service's own database, on each
 * real database: released at the time, replaced when rescheduled, retracted at expiry, and fired late
 * (never skipped) when the service was down at the time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ItemSchedulingContract {

    @TempDir
    static Path dir;

    private ConfigurableApplicationContext app;
    private ItemService items;

    abstract String freshDatabase();

    @BeforeAll
    void startService() {
        app = TestApps.start(freshDatabase(), dir, "scheduling-1", Map.of());
        items = app.getBean(ItemService.class);
    }

    @AfterAll
    void stopService() {
        if (app != null) {
            app.close();
        }
    }

    private static ItemView awaitStatus(String id, ItemStatus status, ItemService service) {
        await().atMost(Duration.ofSeconds(20)).until(() -> service.get(id).status() == status);
        return service.get(id);
    }

    private long triggersOf(String id) {
        return app.getBean(JdbcClient.class).sql("SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE JOB_NAME LIKE :name")
                .param("name", "%" + id).query(Long.class).single();
    }

    @Test
    void aScheduledItemIsReleasedAtItsTimeAndNotBefore() {
        ItemView item = items.create(ItemRequests.news("定时发布", List.of()), "test");
        Instant at = Instant.now().plusSeconds(3);

        ItemView scheduled = items.publish(item.id(), at, "test").item();
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
        ItemView item = items.create(ItemRequests.news("改期发布", List.of()), "test");
        items.publish(item.id(), Instant.now().plusSeconds(3600), "test");
        assertThat(triggersOf(item.id())).isEqualTo(1);

        items.unschedule(item.id());
        assertThat(items.get(item.id()).status()).isEqualTo(ItemStatus.DRAFT);
        assertThat(triggersOf(item.id())).isZero();

        items.publish(item.id(), Instant.now().plusSeconds(3600), "test");
        Instant sooner = Instant.now().plusSeconds(3);
        items.update(item.id(), ItemRequests.timed("改期发布", List.of(), sooner, null), "test");
        assertThat(triggersOf(item.id())).isEqualTo(1);
        assertThat(items.get(item.id()).scheduledAt()).isEqualTo(sooner.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

        assertThat(awaitStatus(item.id(), ItemStatus.PUBLISHED, items).firstPublishedAt()).isAfterOrEqualTo(sooner);
    }

    @Test
    void anExpiredItemIsRetractedFromItsChannels() {
        ItemView item = items.create(ItemRequests.timed("到期撤回", List.of(), null, Instant.now().plusSeconds(3)),
                "test");
        items.publish(item.id(), null, "test");

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
            id = service.create(ItemRequests.news("停机期间到点", List.of()), "test").id();
            at = Instant.now().plusSeconds(2);
            service.publish(id, at, "test");
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
}
