package org.tongfa.console.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.tongfa.delivery.DeliveryDesk;
import org.tongfa.delivery.DeliveryLedger;
import org.tongfa.item.ItemService;
import org.tongfa.support.ItemRequests;
import org.tongfa.support.TestApps;
import org.tongfa.support.TestCallers;
import org.tongfa.support.TestDatabases;

/**
 * How many SQL statements the delivery matrix costs, counted on the service's own connection pool
 * ({@link CountingDataSource}): a page is a fixed number of reads whatever its size, and a ledger change
 * reaches an open page with one read of the cell it changed.
 */
class DeliveryMatrixQueriesIntegrationTest {

    /** A channel no longer configured: no worker takes its rows, so a change to one is the test's alone. */
    private static final String RETIRED = "retired";

    @TempDir
    static Path dir;
    static ConfigurableApplicationContext tongfa;
    static DeliveryMatrixController matrix;
    static List<String> items = new ArrayList<>();
    static List<String> channels;

    @BeforeAll
    static void start() {
        tongfa = TestApps.start(TestDatabases.h2Url(), dir, "matrix-queries",
                Map.of("spring.datasource.type", CountingDataSource.class.getName()));
        matrix = tongfa.getBean(DeliveryMatrixController.class);
        channels = tongfa.getBean(DeliveryDesk.class).channels().stream().map(DeliveryDesk.ChannelState::id).toList();
        ItemService service = tongfa.getBean(ItemService.class);
        JdbcClient jdbc = tongfa.getBean(JdbcClient.class);
        Timestamp at = Timestamp.from(Instant.now().minusSeconds(3600));
        for (int i = 0; i < 25; i++) {
            String id = service.create(ItemRequests.news("矩阵查询第" + i + "号", List.of("archive")), TestCallers.EDITOR).id();
            items.add(id);
            // Delivered on every configured channel (nothing left for the workers), failed on the retired one.
            List<String> on = new ArrayList<>(channels);
            on.add(RETIRED);
            for (String channel : on) {
                boolean failed = channel.equals(RETIRED);
                jdbc.sql("INSERT INTO delivery (item_id, item_version, channel, action, status, attempts, retry_from, "
                                + "next_attempt_at, last_error, released_at, created_at, updated_at, delivered_at) "
                                + "VALUES (:item, 1, :channel, 'PUBLISH', :status, 1, 0, :at, :error, :at, :at, :at, :delivered)")
                        .param("item", id).param("channel", channel).param("status", failed ? "FAILED" : "DELIVERED")
                        .param("at", at).param("error", failed ? "HTTP 502 from partner" : null)
                        .param("delivered", failed ? null : at)
                        .update();
            }
        }
    }

    @AfterAll
    static void stop() {
        if (tongfa != null) {
            tongfa.close();
        }
    }

    /** The statements {@code page} prepares on this thread, and what it read. */
    private static long statements(Runnable page) {
        long before = CountingDataSource.onThisThread();
        page.run();
        return CountingDataSource.onThisThread() - before;
    }

    @Test
    void aPageIsTheSameFewQueriesWhetherItShowsOneRowOrTwenty() {
        List<DeliveryMatrixController.Page> pages = new CopyOnWriteArrayList<>();
        long twenty = statements(() -> pages.add(matrix.page(null, null, 1, 20)));
        long five = statements(() -> pages.add(matrix.page(null, null, 2, 20)));
        long one = statements(() -> pages.add(matrix.page(null, null, 1, 1)));
        long oneChannel = statements(() -> pages.add(matrix.page(null, "archive", 1, 20)));

        assertThat(pages.get(0).rows()).hasSize(20);
        assertThat(pages.get(1).rows()).hasSize(5);
        assertThat(pages.get(2).rows()).hasSize(1);
        assertThat(pages.get(0).pages()).isEqualTo(2);
        // The latest item first, each row with its title and a cell for every configured channel.
        assertThat(pages.get(0).rows().get(0).itemId()).isEqualTo(items.get(24));
        assertThat(pages.get(0).rows().get(0).title()).isEqualTo("矩阵查询第24号");
        assertThat(pages.get(1).rows().get(4).itemId()).isEqualTo(items.get(0));
        assertThat(pages.get(0).rows().get(0).cells()).extracting(MatrixCell::state).hasSize(channels.size())
                .containsOnly("已送达");
        assertThat(pages.get(3).rows()).hasSize(20).allSatisfy(r -> assertThat(r.cells()).hasSize(1));

        assertThat(twenty).as("statements for a page of 20 rows").isEqualTo(five).isEqualTo(one).isLessThanOrEqualTo(5);
        assertThat(oneChannel).isEqualTo(twenty);
        assertThat(statements(() -> matrix.page(items.get(3), null, 1, 20))).as("one item's page")
                .isLessThanOrEqualTo(twenty);
    }

    @Test
    void aChangedDeliveryIsPushedAsItsOwnCellAfterOneRead() throws Exception {
        String item = items.get(7);
        DeliveryLedger ledger = tongfa.getBean(DeliveryLedger.class);
        DeliveryStream stream = tongfa.getBean(DeliveryStream.class);
        long row = ledger.forItem(item).stream().filter(d -> d.channel().equals(RETIRED)).findFirst().orElseThrow().id();
        List<String> sent = new CopyOnWriteArrayList<>();
        SseEmitter emitter = new SseEmitter(60_000L) {
            @Override
            public void send(SseEventBuilder builder) throws IOException {
                builder.build().forEach(part -> sent.add(String.valueOf(part.getData())));
            }
        };
        stream.add(new DeliveryStream.Subscriber(emitter, Set.of(item, items.get(8)), null,
                new CellRenderer.Viewer(true, "_csrf", "token")));
        try {
            long before = CountingDataSource.byThread("console-delivery-stream");
            assertThat(ledger.requeue(row, Instant.now())).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> sent.stream().anyMatch(s -> s.contains("待发送")));
            assertThat(CountingDataSource.byThread("console-delivery-stream") - before).as("reads to push the change")
                    .isEqualTo(1);
            String pushed = String.join("", sent);
            assertThat(pushed).contains(MatrixCell.domId(item, RETIRED)).doesNotContain(MatrixCell.domId(item, "archive"))
                    .doesNotContain(MatrixCell.domId(items.get(8), RETIRED));
        } finally {
            emitter.complete();
        }
    }
}
