package org.tongfa.report;

import static org.tongfa.common.SqlTimestamps.instant;
import static org.tongfa.common.SqlTimestamps.ts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.tongfa.common.BeijingTime;
import org.tongfa.config.TongfaProperties;
import org.tongfa.report.KnownFigures.ChannelCount;
import org.tongfa.report.KnownFigures.ColumnCount;
import org.tongfa.report.KnownFigures.DocumentCount;

/**
 * Counts what Tongfa knows for a year's report, read-only, from the item tables and the delivery
 * ledger: first publications of proactively disclosed items (主动公开, by the server-recorded first
 * publication time, never an editor's date), interpretations among them, deliveries per channel and
 * the 规章 and 行政规范性文件 of table 2a by their released version's 文件类型, 成文日期 and 有效性.
 * A retracted item still counts where it was published that year: it was disclosed.
 */
@Repository
class ReportQueries {

    private final JdbcClient jdbc;
    private final TongfaProperties properties;

    ReportQueries(JdbcClient jdbc, TongfaProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** The figures of {@code year}, as the database holds them now. */
    KnownFigures figures(int year) {
        Instant from = start(year);
        Instant to = start(year + 1);
        Map<String, long[]> perColumn = new LinkedHashMap<>();
        properties.columns().keySet().forEach(k -> perColumn.put(k, new long[12]));
        jdbc.sql("SELECT column_key, first_published_at FROM item WHERE disclosure_type = 'PROACTIVE' "
                        + "AND first_published_at >= :from AND first_published_at < :to")
                .param("from", ts(from)).param("to", ts(to))
                .query(rs -> {
                    int month = instant(rs, "first_published_at").atZone(BeijingTime.ZONE).getMonthValue();
                    perColumn.computeIfAbsent(rs.getString("column_key"), k -> new long[12])[month - 1]++;
                });
        List<ColumnCount> columns = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, long[]> e : perColumn.entrySet()) {
            long sum = java.util.Arrays.stream(e.getValue()).sum();
            TongfaProperties.Column column = properties.columns().get(e.getKey());
            columns.add(new ColumnCount(e.getKey(), column == null ? e.getKey() : column.name(),
                    java.util.Arrays.stream(e.getValue()).boxed().toList(), sum));
            total += sum;
        }
        long interpretations = jdbc.sql("SELECT COUNT(*) FROM item i WHERE i.disclosure_type = 'PROACTIVE' "
                        + "AND i.first_published_at >= :from AND i.first_published_at < :to AND ("
                        + "EXISTS (SELECT 1 FROM item_relation r WHERE r.item_id = i.id AND r.relation = 'INTERPRETS') OR "
                        + "EXISTS (SELECT 1 FROM item_relation r WHERE r.related_item_id = i.id AND r.relation = 'INTERPRETED_BY'))")
                .param("from", ts(from)).param("to", ts(to)).query(Long.class).single();
        return new KnownFigures(columns, total, interpretations, channels(from, to),
                documents(year, "REGULATION"), documents(year, "NORMATIVE"));
    }

    private List<ChannelCount> channels(Instant from, Instant to) {
        Map<String, long[]> outcomes = new LinkedHashMap<>();
        properties.channels().keySet().stream().sorted().forEach(c -> outcomes.put(c, new long[5]));
        // The year's releases, by what became of each: the chart of channel outcomes.
        jdbc.sql("SELECT channel, status, COUNT(*) AS n FROM delivery WHERE action = 'PUBLISH' "
                        + "AND released_at >= :from AND released_at < :to GROUP BY channel, status")
                .param("from", ts(from)).param("to", ts(to))
                .query(rs -> {
                    long[] counts = outcomes.computeIfAbsent(rs.getString("channel"), c -> new long[5]);
                    int slot = switch (rs.getString("status")) {
                        case "DELIVERED" -> 1;
                        case "FAILED", "DEAD" -> 2;
                        case "PENDING", "IN_PROGRESS" -> 3;
                        default -> 4;
                    };
                    counts[slot] += rs.getLong("n");
                });
        jdbc.sql("SELECT channel, COUNT(DISTINCT item_id) AS n FROM delivery WHERE action = 'PUBLISH' "
                        + "AND status = 'DELIVERED' AND delivered_at >= :from AND delivered_at < :to GROUP BY channel")
                .param("from", ts(from)).param("to", ts(to))
                .query(rs -> {
                    outcomes.computeIfAbsent(rs.getString("channel"), c -> new long[5])[0] = rs.getLong("n");
                });
        List<ChannelCount> channels = new ArrayList<>();
        outcomes.forEach((c, n) -> channels.add(new ChannelCount(c, n[0], n[1], n[2], n[3], n[4])));
        return channels;
    }

    private DocumentCount documents(int year, String type) {
        LocalDate first = LocalDate.of(year, 1, 1);
        LocalDate last = LocalDate.of(year, 12, 31);
        long[] counts = new long[3];
        jdbc.sql("SELECT v.signed_on, v.validity, v.validity_date FROM item i JOIN item_version v "
                        + "ON v.item_id = i.id AND v.version = i.released_version "
                        + "WHERE i.disclosure_type = 'PROACTIVE' AND i.first_published_at IS NOT NULL "
                        + "AND v.document_type = :type AND v.signed_on IS NOT NULL")
                .param("type", type)
                .query(rs -> {
                    LocalDate signed = rs.getObject("signed_on", LocalDate.class);
                    LocalDate ended = "VALID".equals(rs.getString("validity")) ? null
                            : rs.getObject("validity_date", LocalDate.class);
                    if (!signed.isBefore(first) && !signed.isAfter(last)) {
                        counts[0]++;
                    }
                    if (ended != null && !ended.isBefore(first) && !ended.isAfter(last)) {
                        counts[1]++;
                    }
                    if (!signed.isAfter(last) && (ended == null || ended.isAfter(last))) {
                        counts[2]++;
                    }
                });
        return new DocumentCount(counts[0], counts[1], counts[2]);
    }

    /** 1 January of {@code year}, 00:00 in Beijing. */
    static Instant start(int year) {
        return Year.of(year).atDay(1).atStartOfDay(BeijingTime.ZONE).toInstant();
    }
}
