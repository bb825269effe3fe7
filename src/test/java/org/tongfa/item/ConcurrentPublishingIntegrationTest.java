package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.tongfa.support.ItemRequests;
import org.tongfa.support.TestApps;
import org.tongfa.support.TestDatabases;
import org.tongfa.support.TestCallers;

/**
 * Editors publishing at the same moment on a fresh database: every publication that was accepted has
 * its ledger rows (a race inside Quartz once lost them while the item still said PUBLISHED).
 */
class ConcurrentPublishingIntegrationTest {

    @TempDir
    Path dir;

    @Test
    void everyAcceptedPublicationHasItsDeliveriesWhenEditorsPublishAtOnce() throws Exception {
        try (ConfigurableApplicationContext app = TestApps.start(TestDatabases.h2Url(), dir, "concurrent", Map.of())) {
            ItemService items = app.getBean(ItemService.class);
            int editors = 8;
            ExecutorService pool = Executors.newFixedThreadPool(editors);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> published = new ArrayList<>();
            for (int i = 0; i < editors * 3; i++) {
                String title = "同时发布 " + i;
                published.add(pool.submit(() -> {
                    // With an expiry, every publication also stores a Quartz job in its transaction.
                    String id = items.create(ItemRequests.timed(title, List.of(), null,
                            java.time.Instant.now().plusSeconds(3600)), TestCallers.EDITOR).id();
                    go.await();
                    items.publish(id, null, TestCallers.EDITOR);
                    return id;
                }));
            }
            go.countDown();
            List<String> ids = new ArrayList<>();
            for (Future<String> f : published) {
                ids.add(f.get(60, TimeUnit.SECONDS));
            }
            pool.shutdownNow();

            // One row per channel of the news column (archive and display by default).
            int channels = app.getBean(org.tongfa.config.TongfaProperties.class).columns().get("news").channels().size();
            for (String id : ids) {
                assertThat(items.get(id).status()).isEqualTo(ItemStatus.PUBLISHED);
                // One row per channel of the default configuration's news column.
                assertThat(items.deliveries(id)).as("ledger rows of " + id).extracting(d -> d.channel())
                        .containsExactlyInAnyOrder("archive", "display", "feeds", "website");
            }
        }
    }
}
