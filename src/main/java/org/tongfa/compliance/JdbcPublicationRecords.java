package org.tongfa.compliance;

import static org.tongfa.common.SqlTimestamps.instant;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * {@link PublicationRecords} over the shared database: the item table's {@code first_published_at} of live,
 * proactively disclosed (主动公开) items in their released version's column for columns, the website's {@code published_entry.published_at} (the first publication, as the channel took it)
 * for the home page, and the delivery ledger's DELIVERED publications for WeChat accounts.
 */
@Repository
class JdbcPublicationRecords implements PublicationRecords {

    private final NamedParameterJdbcTemplate jdbc;

    JdbcPublicationRecords(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, ColumnPublication> columns(Collection<String> columns) {
        Map<String, ColumnPublication> found = new HashMap<>();
        if (columns.isEmpty()) {
            return found;
        }
        // The released version's column and disclosure: an edit waiting for review may move the item or
        // change its disclosure, and readers still see the released one. Only 主动公开 items reach readers.
        jdbc.query("SELECT v.column_key, MAX(i.first_published_at) AS latest, COUNT(*) AS live FROM item i "
                        + "JOIN item_version v ON v.item_id = i.id AND v.version = i.released_version "
                        + "WHERE i.status = 'PUBLISHED' AND v.disclosure_type = 'PROACTIVE' AND v.column_key IN (:columns) "
                        + "GROUP BY v.column_key",
                new MapSqlParameterSource("columns", columns),
                rs -> {
                    found.put(rs.getString("column_key"), new ColumnPublication(instant(rs, "latest"), rs.getLong("live")));
                });
        return found;
    }

    @Override
    public Optional<Instant> homePageLatest(String websiteChannel, Collection<String> columns) {
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(jdbc.query("SELECT MAX(published_at) AS latest FROM published_entry "
                        + "WHERE channel = :channel AND retracted = FALSE AND column_key IN (:columns)",
                new MapSqlParameterSource("channel", websiteChannel).addValue("columns", columns),
                rs -> rs.next() ? instant(rs, "latest") : null));
    }

    @Override
    public Optional<Instant> latestArticle(String wechatChannel) {
        return Optional.ofNullable(jdbc.query("SELECT MAX(first_at) AS latest FROM (SELECT MIN(delivered_at) AS first_at "
                        + "FROM delivery WHERE channel = :channel AND action = 'PUBLISH' AND status = 'DELIVERED' "
                        + "GROUP BY item_id) firsts",
                new MapSqlParameterSource("channel", wechatChannel),
                rs -> rs.next() ? instant(rs, "latest") : null));
    }
}
