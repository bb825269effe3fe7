package org.tongfa.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SqlTimestampsTest {

    private static final Instant AT = Instant.parse("2026-03-02T01:30:00.123456Z");

    @Test
    void bindsAnInstantAtUtcAndNullAsNull() {
        assertThat(SqlTimestamps.ts(AT).getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(SqlTimestamps.ts(AT).toInstant()).isEqualTo(AT);
        assertThat(SqlTimestamps.ts(null)).isNull();
    }

    @Test
    void readsBackTheSameInstantFromATimestampWithTimeZoneColumn() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:h2:mem:sql-timestamps")) {
            db.createStatement().execute("CREATE TABLE t (at TIMESTAMP WITH TIME ZONE, never TIMESTAMP WITH TIME ZONE)");
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO t (at, never) VALUES (?, ?)")) {
                insert.setObject(1, SqlTimestamps.ts(AT));
                insert.setObject(2, SqlTimestamps.ts(null));
                insert.executeUpdate();
            }
            try (ResultSet rs = db.createStatement().executeQuery("SELECT at, never FROM t")) {
                rs.next();
                assertThat(SqlTimestamps.instant(rs, "at")).isEqualTo(AT);
                assertThat(SqlTimestamps.instant(rs, "never")).isNull();
            }
        }
    }
}
