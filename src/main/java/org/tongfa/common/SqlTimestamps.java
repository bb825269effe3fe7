package org.tongfa.common;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * How an instant goes into and comes out of a {@code TIMESTAMP WITH TIME ZONE} column, the same way in
 * every repository: bound as an {@link OffsetDateTime} at UTC, never through the JVM's default zone, so
 * H2 and PostgreSQL hold the same value on every node. {@code null} stays {@code null} both ways.
 */
public final class SqlTimestamps {

    private SqlTimestamps() {
    }

    /** {@code instant} as a timestamp parameter. */
    public static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** The instant stored in {@code column} of the current row. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
