package org.tongfa.report;

import static org.tongfa.common.SqlTimestamps.instant;
import static org.tongfa.common.SqlTimestamps.ts;

import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The stored reports, one per (year, format version) (table {@code annual_report}, V18). */
@Repository
class ReportStore {

    /**
     * One stored report.
     *
     * @param figures the figures frozen at publication, or {@code null} while unpublished
     */
    record Stored(int year, String formatVersion, ReportEntries entries, KnownFigures figures, Instant publishedAt,
            String publishedBy, Instant updatedAt, String updatedBy) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ReportStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<Stored> find(int year, String formatVersion) {
        return jdbc.sql("SELECT * FROM annual_report WHERE report_year = :year AND format_version = :format")
                .param("year", year).param("format", formatVersion)
                .query((rs, n) -> new Stored(rs.getInt("report_year"), rs.getString("format_version"),
                        json.readValue(rs.getString("entries_json"), ReportEntries.class),
                        rs.getString("figures_json") == null ? null
                                : json.readValue(rs.getString("figures_json"), KnownFigures.class),
                        instant(rs, "published_at"), rs.getString("published_by"), instant(rs, "updated_at"),
                        rs.getString("updated_by")))
                .optional();
    }

    /** Stores the entries of an unpublished report; false when the report is already published. */
    boolean saveEntries(int year, String formatVersion, ReportEntries entries, Instant now, String by) {
        String entriesJson = json.writeValueAsString(entries);
        int updated = jdbc.sql("UPDATE annual_report SET entries_json = :entries, updated_at = :now, updated_by = :by "
                        + "WHERE report_year = :year AND format_version = :format AND published_at IS NULL")
                .param("entries", entriesJson).param("now", ts(now)).param("by", by)
                .param("year", year).param("format", formatVersion).update();
        if (updated > 0) {
            return true;
        }
        if (find(year, formatVersion).isPresent()) {
            return false;
        }
        try {
            jdbc.sql("INSERT INTO annual_report (report_year, format_version, entries_json, updated_at, updated_by) "
                            + "VALUES (:year, :format, :entries, :now, :by)")
                    .param("year", year).param("format", formatVersion).param("entries", entriesJson)
                    .param("now", ts(now)).param("by", by).update();
            return true;
        } catch (DuplicateKeyException e) {
            // Another save created the row in between: this one is the later edit.
            return saveEntries(year, formatVersion, entries, now, by);
        }
    }

    /** Freezes the figures of an unpublished report; false when there is none or it is already published. */
    boolean publish(int year, String formatVersion, KnownFigures figures, Instant now, String by) {
        return jdbc.sql("UPDATE annual_report SET figures_json = :figures, published_at = :now, published_by = :by "
                        + "WHERE report_year = :year AND format_version = :format AND published_at IS NULL")
                .param("figures", json.writeValueAsString(figures)).param("now", ts(now)).param("by", by)
                .param("year", year).param("format", formatVersion).update() > 0;
    }
}
