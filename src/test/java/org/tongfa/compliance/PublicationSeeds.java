package org.tongfa.compliance;

import static org.tongfa.common.SqlTimestamps.ts;

import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Publication data written straight into the tables the freshness monitor reads, as releases leave it. */
final class PublicationSeeds {

    private final JdbcClient jdbc;

    PublicationSeeds(DataSource db) {
        this.jdbc = JdbcClient.create(db);
    }

    /** An item of {@code column} in {@code status}, first published at {@code first} (null: never), edited later. */
    String item(String column, String status, Instant first) {
        return item(column, status, first, column, "PROACTIVE");
    }

    /**
     * The same, its released version 1 in {@code releasedColumn} with {@code disclosure}; the item row (the
     * current version 2, an edit made since) in {@code column}.
     */
    String item(String column, String status, Instant first, String releasedColumn, String disclosure) {
        String id = UUID.randomUUID().toString();
        Instant created = first == null ? Instant.parse("2020-01-01T00:00:00Z") : first;
        jdbc.sql("INSERT INTO item (id, status, current_version, released_version, column_key, title, disclosure_type, "
                        + "priority, first_published_at, last_published_at, created_at, created_by, updated_at) VALUES (:id, "
                        + ":status, 2, :released, :column, 't', 'PROACTIVE', 'NORMAL', :first, :edited, :created, 'test', :edited)")
                .param("id", id).param("status", status).param("column", column).param("first", ts(first))
                .param("released", first == null ? null : 1)
                // An edit long after: freshness must never count it.
                .param("edited", ts(Instant.now())).param("created", ts(created)).update();
        jdbc.sql("INSERT INTO item_version (item_id, version, title, summary, body_html, author, department, column_key, "
                        + "disclosure_type, index_number, priority, tags_json, overrides_json, channels_json, created_at, "
                        + "created_by, released_at) VALUES (:id, 1, 't', '', '<p>x</p>', '', '办公室', :column, :disclosure, "
                        + "'11440100-2026-00001', 'NORMAL', '[]', '{}', '[]', :created, 'test', :first)")
                .param("id", id).param("column", releasedColumn).param("disclosure", disclosure)
                .param("created", ts(created)).param("first", ts(first)).update();
        return id;
    }

    /** The item as a pull channel (the website) holds it. */
    void entry(String channel, String itemId, String column, Instant publishedAt, boolean retracted) {
        jdbc.sql("INSERT INTO published_entry (channel, item_id, version, column_key, snapshot_json, published_at, "
                        + "updated_at, retracted) VALUES (:channel, :item, 1, :column, '{}', :published, :updated, :retracted)")
                .param("channel", channel).param("item", itemId).param("column", column).param("published", ts(publishedAt))
                .param("updated", ts(Instant.now())).param("retracted", retracted).update();
    }

    /** One ledger row of the item on a channel. */
    void delivery(String channel, String itemId, int version, String action, String status, Instant deliveredAt) {
        Instant at = deliveredAt == null ? Instant.parse("2020-01-01T00:00:00Z") : deliveredAt;
        jdbc.sql("INSERT INTO delivery (item_id, item_version, channel, action, status, attempts, next_attempt_at, "
                        + "released_at, created_at, updated_at, delivered_at) VALUES (:item, :version, :channel, :action, "
                        + ":status, 1, :at, :at, :at, :at, :delivered)")
                .param("item", itemId).param("version", version).param("channel", channel).param("action", action)
                .param("status", status).param("at", ts(at)).param("delivered", ts(deliveredAt)).update();
    }
}
