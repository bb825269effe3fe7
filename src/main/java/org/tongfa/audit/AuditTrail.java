package org.tongfa.audit;

import static org.tongfa.common.SqlTimestamps.instant;
import static org.tongfa.common.SqlTimestamps.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tongfa.common.AuditEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail's table: appends hash-chained rows, reads them back filtered, and re-checks the chain.
 * There is no way here to change or remove a row.
 *
 * <p>Appends are serialised by a lock on the one row of {@code audit_head} (the chain's end), taken in
 * the caller's transaction and held until it ends: two transactions never chain to the same row, and
 * sequence numbers have no gaps, because a rolled-back action takes its row and its move of the head
 * with it. The lock is taken last in the action, so it is held only for the commit.
 */
@Repository
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    /** What a field of the changes is never allowed to hold, judged by its name. */
    private static final Pattern SECRET = Pattern.compile(
            "(?i)pass(word|wd|phrase)|token|secret|credential|api[-_]?key|private[-_]?key");
    static final String WITHHELD = "[withheld]";
    private static final int VERIFY_BATCH = 1000;
    private static final String COLUMNS = "seq, occurred_at, action, actor, source_address, item_id, item_version, "
            + "changes_json, previous_hash, hash";
    private static final TypeReference<LinkedHashMap<String, String>> CHANGES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    // Our own mapper: the stored format must not change with the application's global settings.
    private final ObjectMapper json = JsonMapper.builder().build();

    AuditTrail(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * Appends {@code event} as the next row: in the caller's transaction if there is one (and rolled back
     * with it), else in its own.
     *
     * @param sourceAddress the address to record, or {@code null}
     */
    AuditEntry append(AuditEvent event, String sourceAddress) {
        Map<String, String> changes = withoutSecrets(event);
        return tx.execute(status -> {
            Head head = head(" FOR UPDATE");
            AuditEntry entry = new AuditEntry(head.seq() + 1, AuditHash.precise(clock.instant()), event.action().name(),
                    event.actor(), sourceAddress, event.itemId(), event.version(), changes, head.hash(), null);
            entry = entry.withHash(AuditHash.of(entry));
            jdbc.sql("INSERT INTO audit_entry (" + COLUMNS + ") VALUES (:seq, :at, :action, :actor, :source, :item, "
                            + ":version, :changes, :previous, :hash)")
                    .param("seq", entry.seq()).param("at", ts(entry.at())).param("action", entry.action())
                    .param("actor", entry.actor()).param("source", entry.sourceAddress()).param("item", entry.itemId())
                    .param("version", entry.version()).param("changes", json.writeValueAsString(entry.changes()))
                    .param("previous", entry.previousHash()).param("hash", entry.hash())
                    .update();
            jdbc.sql("UPDATE audit_head SET last_seq = :seq, last_hash = :hash WHERE id = 1")
                    .param("seq", entry.seq()).param("hash", entry.hash()).update();
            return entry;
        });
    }

    /** The end of the chain: the last row's sequence number and hash (0 and the genesis value before the first). */
    private record Head(long seq, String hash) {
    }

    private Head head(String lock) {
        return jdbc.sql("SELECT last_seq, last_hash FROM audit_head WHERE id = 1" + lock)
                .query((rs, n) -> new Head(rs.getLong("last_seq"), rs.getString("last_hash"))).single();
    }

    /** The event's changes, with the value of every field named like a secret withheld. */
    private static Map<String, String> withoutSecrets(AuditEvent event) {
        Map<String, String> changes = new TreeMap<>(event.changes());
        changes.replaceAll((field, value) -> {
            if (!SECRET.matcher(field).find()) {
                return value;
            }
            // The events are built without secrets; one that slipped in is kept out of the trail and the log.
            log.warn("Audit event {} carried a field named like a secret ({}); its value was withheld",
                    event.action(), field);
            return WITHHELD;
        });
        return changes;
    }

    /**
     * Which rows to read; every part is optional.
     *
     * @param from inclusive
     * @param to exclusive
     */
    public record Filter(String itemId, String actor, AuditEvent.Action action, Instant from, Instant to) {
    }

    /** One page of rows, newest first, and how many rows the filter matches. */
    public record Page(List<AuditEntry> entries, int page, int size, long total) {
    }

    /** The rows {@code filter} matches, newest first. */
    public Page page(Filter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        condition(where, params, "item_id = :item", "item", filter.itemId());
        condition(where, params, "actor = :actor", "actor", filter.actor());
        condition(where, params, "action = :action", "action", filter.action() == null ? null : filter.action().name());
        condition(where, params, "occurred_at >= :from", "from", ts(filter.from()));
        condition(where, params, "occurred_at < :to", "to", ts(filter.to()));
        long total = jdbc.sql("SELECT COUNT(*) FROM audit_entry" + where).params(params).query(Long.class).single();
        List<AuditEntry> entries = jdbc.sql("SELECT " + COLUMNS + " FROM audit_entry" + where
                        + " ORDER BY seq DESC LIMIT :limit OFFSET :offset")
                .params(params).param("limit", size).param("offset", (long) page * size)
                .query((rs, n) -> read(rs)).list();
        return new Page(entries, page, size, total);
    }

    private static void condition(StringBuilder where, Map<String, Object> params, String sql, String name, Object value) {
        if (value != null) {
            where.append(" AND ").append(sql);
            params.put(name, value);
        }
    }

    /** What was wrong with the first broken row. */
    public enum Problem {
        /** The row's content no longer gives its stored hash: it was changed. */
        HASH_MISMATCH,
        /** The row does not follow the one before it (rows removed, or one rewritten with a new hash). */
        BROKEN_LINK
    }

    /**
     * The answer of a full check: {@code ok} and the rows checked, or the first broken row.
     *
     * @param brokenAt the sequence number of the first broken row, or {@code null}
     * @param problem what is wrong with it, or {@code null}
     * @param detail the same in words, or {@code null}
     */
    public record Verification(boolean ok, long rowsChecked, Long brokenAt, Problem problem, String detail) {

        static Verification broken(long checked, long seq, Problem problem, String detail) {
            return new Verification(false, checked, seq, problem, detail);
        }
    }

    /**
     * Re-checks the whole chain, in batches, up to the end recorded in {@code audit_head} when it starts
     * (rows appended meanwhile are for the next check): each row's hash against its content, its link to
     * the row before, sequence numbers without gaps, and the last row against the head.
     */
    public Verification verify() {
        Head head = head("");
        long previousSeq = 0;
        String previousHash = AuditHash.GENESIS;
        long checked = 0;
        while (true) {
            List<Stored> batch = jdbc.sql("SELECT " + COLUMNS + " FROM audit_entry WHERE seq > :after AND seq <= :last "
                            + "ORDER BY seq LIMIT :limit")
                    .param("after", previousSeq).param("last", head.seq()).param("limit", VERIFY_BATCH)
                    .query((rs, n) -> stored(rs)).list();
            for (Stored row : batch) {
                long seq = row.seq();
                if (row.entry() == null || !AuditHash.of(row.entry()).equals(row.hash())) {
                    return Verification.broken(checked, seq, Problem.HASH_MISMATCH, "row " + seq
                            + (row.entry() == null ? "'s changes are not a JSON object of texts"
                                    : "'s content does not give its stored hash: it was changed after it was written"));
                }
                if (seq != previousSeq + 1) {
                    return Verification.broken(checked, seq, Problem.BROKEN_LINK, "row " + seq + " follows row "
                            + previousSeq + ": " + missing(previousSeq + 1, seq - 1) + " missing");
                }
                if (!row.entry().previousHash().equals(previousHash)) {
                    return Verification.broken(checked, seq, Problem.BROKEN_LINK, "row " + seq
                            + " does not chain to " + (seq == 1 ? "the genesis value" : "row " + previousSeq)
                            + ": its previous hash is not that row's hash");
                }
                previousSeq = seq;
                previousHash = row.hash();
                checked++;
            }
            if (batch.size() < VERIFY_BATCH) {
                break;
            }
        }
        if (previousSeq != head.seq()) {
            return Verification.broken(checked, previousSeq + 1, Problem.BROKEN_LINK, "the trail ends at row "
                    + previousSeq + " but its head records row " + head.seq() + ": "
                    + missing(previousSeq + 1, head.seq()) + " missing");
        }
        if (!previousHash.equals(head.hash())) {
            return Verification.broken(checked, previousSeq, Problem.BROKEN_LINK, "row " + previousSeq
                    + " is not the row its head records: it was rewritten with a new hash");
        }
        return new Verification(true, checked, null, null, null);
    }

    private static String missing(long first, long last) {
        return first == last ? "row " + first + " is" : "rows " + first + "-" + last + " are";
    }

    /** A row as read for checking: its entry, or {@code null} when its changes cannot be read back. */
    private record Stored(long seq, String hash, AuditEntry entry) {
    }

    private Stored stored(ResultSet rs) throws SQLException {
        Map<String, String> changes = changes(rs.getString("changes_json"));
        return new Stored(rs.getLong("seq"), rs.getString("hash"), changes == null ? null : read(rs, changes));
    }

    private AuditEntry read(ResultSet rs) throws SQLException {
        Map<String, String> changes = changes(rs.getString("changes_json"));
        return read(rs, changes == null ? Map.of() : changes);
    }

    private static AuditEntry read(ResultSet rs, Map<String, String> changes) throws SQLException {
        return new AuditEntry(rs.getLong("seq"), instant(rs, "occurred_at"), rs.getString("action"), rs.getString("actor"),
                rs.getString("source_address"), rs.getString("item_id"), rs.getObject("item_version", Integer.class),
                changes, rs.getString("previous_hash"), rs.getString("hash"));
    }

    /** The stored changes, or {@code null} when they are not a JSON object of texts (a changed row). */
    private Map<String, String> changes(String stored) {
        try {
            return json.readValue(stored, CHANGES);
        } catch (JacksonException e) {
            return null;
        }
    }
}
