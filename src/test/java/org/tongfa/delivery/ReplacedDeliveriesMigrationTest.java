package org.tongfa.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.tongfa.support.TestDatabases;

/** V7 closes the rows earlier releases left waiting or failed although a later action replaced them. */
class ReplacedDeliveriesMigrationTest {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 27, 8, 0, 0, 0, ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void closesReplacedAndRetractedRowsAndLeavesTheLatestActionAlone(String database) {
        String url = database.equals("h2") ? TestDatabases.h2Url() : TestDatabases.postgresUrl();
        DriverManagerDataSource ds = new DriverManagerDataSource(url, database.equals("h2") ? "sa" : "postgres", "");
        Flyway.configure().dataSource(ds).target("6")
                .locations("classpath:db/migration/common", "classpath:db/migration/" + database).load().migrate();
        JdbcClient jdbc = JdbcClient.create(ds);
        item(jdbc, "published", "PUBLISHED");
        item(jdbc, "retracted", "RETRACTED");
        long oldFailed = row(jdbc, "published", 1, "web", "PUBLISH", "FAILED");
        long latest = row(jdbc, "published", 2, "web", "PUBLISH", "DEAD");
        long undone = row(jdbc, "retracted", 1, "web", "PUBLISH", "PENDING");
        long retraction = row(jdbc, "retracted", 1, "web", "RETRACT", "DELIVERED");
        long noRetraction = row(jdbc, "retracted", 1, "screen", "PUBLISH", "DEAD");

        Flyway.configure().dataSource(ds)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + database).load().migrate();

        Map<Long, String> status = new TreeMap<>();
        jdbc.sql("SELECT id, status FROM delivery").query((java.sql.ResultSet rs) -> {
            status.put(rs.getLong(1), rs.getString(2));
        });
        assertThat(status).containsEntry(oldFailed, "SUPERSEDED").containsEntry(latest, "DEAD")
                .containsEntry(undone, "RETRACTED").containsEntry(retraction, "DELIVERED")
                .containsEntry(noRetraction, "RETRACTED");
    }

    private static void item(JdbcClient jdbc, String id, String status) {
        jdbc.sql("INSERT INTO item (id, status, current_version, column_key, title, disclosure_type, priority, "
                        + "created_at, created_by, updated_at) VALUES (:id, :status, 1, 'news', 't', 'PROACTIVE', "
                        + "'NORMAL', :now, 'test', :now)")
                .param("id", id).param("status", status).param("now", T0).update();
    }

    private static long row(JdbcClient jdbc, String item, int version, String channel, String action, String status) {
        jdbc.sql("INSERT INTO delivery (item_id, item_version, channel, action, status, attempts, next_attempt_at, "
                        + "released_at, created_at, updated_at) VALUES (:item, :version, :channel, :action, :status, 1, "
                        + ":now, :now, :now, :now)")
                .param("item", item).param("version", version).param("channel", channel).param("action", action)
                .param("status", status).param("now", T0).update();
        return jdbc.sql("SELECT MAX(id) FROM delivery").query(Long.class).single();
    }
}
