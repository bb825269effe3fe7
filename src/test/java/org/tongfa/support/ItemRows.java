package org.tongfa.support;

import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A bare {@code item} row (no version, no body) for tests of what hangs off an item, the ledger or the
 * due actions, that need the row only for its foreign key and status. Through the service an item is
 * made with {@link ItemRequests} instead.
 */
public final class ItemRows {

    private ItemRows() {
    }

    /** Inserts item {@code id} in column {@code news} with {@code status}, created and updated at {@code at}. */
    public static String insert(JdbcClient jdbc, String id, String status, Instant at) {
        jdbc.sql("INSERT INTO item (id, status, current_version, column_key, title, disclosure_type, priority, "
                        + "created_at, created_by, updated_at) VALUES (:id, :status, 1, 'news', 't', 'PROACTIVE', "
                        + "'NORMAL', :at, 'test', :at)")
                .param("id", id).param("status", status).param("at", at.atOffset(ZoneOffset.UTC)).update();
        return id;
    }
}
