package org.tongfa.item;

import static org.tongfa.common.SqlTimestamps.instant;
import static org.tongfa.common.SqlTimestamps.ts;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The review history ({@code item_review_step}): appended to, never changed. */
@Repository
class ReviewRepository {

    private final JdbcClient jdbc;

    ReviewRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appends a decision for {@code itemId}.
     *
     * @return {@code false} when that step of that round of that version was decided already (by a
     *     concurrent reviewer): the unique key is the last word on who won
     */
    boolean append(String itemId, ReviewRecord r) {
        try {
            jdbc.sql("INSERT INTO item_review_step (item_id, version, round, step, decision, actor_login, actor_name, "
                            + "acted_at, opinion, secrecy, secrecy_basis, disclosure_type, disclosure_reason, "
                            + "disclosure_changed) VALUES (:item, :version, :round, :step, :decision, :login, :name, "
                            + ":at, :opinion, :secrecy, :basis, :disclosure, :disclosureReason, :changed)")
                    .param("item", itemId).param("version", r.version()).param("round", r.round())
                    .param("step", r.step()).param("decision", r.decision().name()).param("login", r.actorLogin())
                    .param("name", r.actorName()).param("at", ts(r.actedAt())).param("opinion", r.opinion())
                    .param("secrecy", r.secrecy() == null ? null : r.secrecy().name())
                    .param("basis", r.secrecyBasis())
                    .param("disclosure", r.disclosureType() == null ? null : r.disclosureType().name())
                    .param("disclosureReason", r.disclosureReason()).param("changed", r.disclosureChanged())
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Every decision on the item, oldest first. */
    List<ReviewRecord> history(String itemId) {
        return jdbc.sql("SELECT * FROM item_review_step WHERE item_id = :item ORDER BY id")
                .param("item", itemId).query(RECORD).list();
    }

    /** The decisions on one version, oldest first. */
    List<ReviewRecord> forVersion(String itemId, int version) {
        return jdbc.sql("SELECT * FROM item_review_step WHERE item_id = :item AND version = :version ORDER BY id")
                .param("item", itemId).param("version", version).query(RECORD).list();
    }

    /**
     * The decisions on each item's given version, oldest first, in one query: for a list of items (the
     * review inbox, the returned items) without a query per item.
     */
    Map<String, List<ReviewRecord>> forVersions(Map<String, Integer> versions) {
        Map<String, List<ReviewRecord>> found = new HashMap<>();
        versions.keySet().forEach(id -> found.put(id, new ArrayList<>()));
        if (versions.isEmpty()) {
            return found;
        }
        jdbc.sql("SELECT * FROM item_review_step WHERE item_id IN (:items) ORDER BY item_id, id")
                .param("items", List.copyOf(versions.keySet()))
                .query((ResultSet rs) -> {
                    String item = rs.getString("item_id");
                    ReviewRecord record = RECORD.mapRow(rs, 0);
                    if (record.version() == versions.get(item)) {
                        found.get(item).add(record);
                    }
                });
        return found;
    }

    private static final RowMapper<ReviewRecord> RECORD = (rs, n) -> new ReviewRecord(rs.getInt("version"),
            rs.getInt("round"), rs.getString("step"), ReviewRecord.Decision.valueOf(rs.getString("decision")),
            rs.getString("actor_login"), rs.getString("actor_name"), instant(rs, "acted_at"), rs.getString("opinion"),
            rs.getString("secrecy") == null ? null : ReviewRecord.Secrecy.valueOf(rs.getString("secrecy")),
            rs.getString("secrecy_basis"),
            rs.getString("disclosure_type") == null ? null : DisclosureType.valueOf(rs.getString("disclosure_type")),
            rs.getString("disclosure_reason"), rs.getBoolean("disclosure_changed"));
}
