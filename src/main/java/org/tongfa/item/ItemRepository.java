package org.tongfa.item;

import static org.tongfa.common.SqlTimestamps.instant;
import static org.tongfa.common.SqlTimestamps.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.tongfa.item.ItemRequest.ChannelOverride;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Items, their versions and their links, over plain JDBC. */
@Repository
class ItemRepository {

    private static final String ITEM_COLUMNS = "id, status, current_version, released_version, column_key, title, "
            + "disclosure_type, priority, scheduled_at, expire_at, first_published_at, last_published_at, retracted_at, "
            + "retract_reason, created_at, created_by, updated_at";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, ChannelOverride>> OVERRIDES = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ItemRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(ItemRow row) {
        jdbc.sql("INSERT INTO item (" + ITEM_COLUMNS + ") VALUES (:id, :status, :current, :released, :column, :title, "
                        + ":disclosure, :priority, :scheduled, :expire, :first, :last, :retracted, :reason, :created, "
                        + ":createdBy, :updated)")
                .params(params(row)).update();
    }

    void update(ItemRow row) {
        jdbc.sql("UPDATE item SET status = :status, current_version = :current, released_version = :released, "
                        + "column_key = :column, title = :title, disclosure_type = :disclosure, priority = :priority, "
                        + "scheduled_at = :scheduled, expire_at = :expire, first_published_at = :first, "
                        + "last_published_at = :last, retracted_at = :retracted, retract_reason = :reason, "
                        + "updated_at = :updated WHERE id = :id")
                .params(params(row)).update();
    }

    private static Map<String, Object> params(ItemRow row) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", row.id());
        p.put("status", row.status().name());
        p.put("current", row.currentVersion());
        p.put("released", row.releasedVersion());
        p.put("column", row.column());
        p.put("title", row.title());
        p.put("disclosure", row.disclosureType().name());
        p.put("priority", row.priority().name());
        p.put("scheduled", ts(row.scheduledAt()));
        p.put("expire", ts(row.expireAt()));
        p.put("first", ts(row.firstPublishedAt()));
        p.put("last", ts(row.lastPublishedAt()));
        p.put("retracted", ts(row.retractedAt()));
        p.put("reason", row.retractReason());
        p.put("created", ts(row.createdAt()));
        p.put("createdBy", row.createdBy());
        p.put("updated", ts(row.updatedAt()));
        return p;
    }

    Optional<ItemRow> find(String id) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM item WHERE id = :id").param("id", id).query(ITEM).optional();
    }

    /**
     * What may change about a stored version after it was written, with its item's publication times: its
     * disclosure attribute (the office step's, until it is released) and when it was released (again after a
     * retraction). One read; empty when the item or version does not exist.
     */
    Optional<ReleaseState> releaseState(String itemId, int version) {
        return jdbc.sql("SELECT v.disclosure_type, v.released_at, i.first_published_at, i.last_published_at "
                        + "FROM item_version v JOIN item i ON i.id = v.item_id "
                        + "WHERE v.item_id = :item AND v.version = :version")
                .param("item", itemId).param("version", version)
                .query((rs, n) -> new ReleaseState(DisclosureType.valueOf(rs.getString("disclosure_type")),
                        instant(rs, "released_at"), instant(rs, "first_published_at"),
                        instant(rs, "last_published_at")))
                .optional();
    }

    /** See {@link #releaseState}. */
    record ReleaseState(DisclosureType disclosureType, Instant releasedAt, Instant firstPublishedAt,
            Instant lastPublishedAt) {
    }

    /** Those of these items that exist, in no particular order: one read however many are asked for. */
    List<ItemRow> findAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM item WHERE id IN (:ids)").param("ids", ids).query(ITEM).list();
    }

    /** Reads the item and locks its row until the transaction ends: lifecycle changes are serialised. */
    Optional<ItemRow> lock(String id) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM item WHERE id = :id FOR UPDATE").param("id", id)
                .query(ITEM).optional();
    }

    /** One page of items, newest change first, with the total count. */
    Page list(String column, ItemStatus status, int page, int size) {
        return list(column, status, null, page, size);
    }

    /** One page of items whose title contains {@code titleContains} (any case; all when null or blank). */
    Page list(String column, ItemStatus status, String titleContains, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        Map<String, Object> p = new LinkedHashMap<>();
        if (titleContains != null && !titleContains.isBlank()) {
            where.append(" AND LOWER(title) LIKE :title ESCAPE '\\'");
            p.put("title", "%" + titleContains.strip().toLowerCase(java.util.Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (column != null) {
            where.append(" AND column_key = :column");
            p.put("column", column);
        }
        if (status != null) {
            where.append(" AND status = :status");
            p.put("status", status.name());
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM item" + where).params(p).query(Long.class).single();
        List<ItemRow> rows = jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM item" + where
                        + " ORDER BY updated_at DESC, id OFFSET " + ((long) page * size) + " ROWS FETCH NEXT " + size + " ROWS ONLY")
                .params(p).query(ITEM).list();
        return new Page(rows, total);
    }

    record Page(List<ItemRow> rows, long total) {
    }

    /**
     * At most {@code limit} items in {@code status} that {@code login} created, newest change first: a
     * person's drafts or returned items. Walks the status index in its order and stops at the limit.
     */
    List<ItemRow> createdBy(String login, ItemStatus status, int limit) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM item WHERE status = :status AND created_by = :login "
                        + "ORDER BY updated_at DESC, id FETCH FIRST " + limit + " ROWS ONLY")
                .param("status", status.name()).param("login", login).query(ITEM).list();
    }

    /**
     * At most {@code limit} items in {@code status}, in {@code columns} ({@code null}: every column), least
     * recently changed first: the items that have waited longest.
     */
    List<ItemRow> inStatus(ItemStatus status, Collection<String> columns, int limit) {
        if (columns != null && columns.isEmpty()) {
            return List.of();
        }
        String inColumns = columns == null ? "" : " AND column_key IN (:columns)";
        JdbcClient.StatementSpec query = jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM item WHERE status = :status"
                        + inColumns + " ORDER BY updated_at, id FETCH FIRST " + limit + " ROWS ONLY")
                .param("status", status.name());
        if (columns != null) {
            query = query.param("columns", List.copyOf(columns));
        }
        return query.query(ITEM).list();
    }

    /**
     * At most {@code limit} items released or to be released in {@code [from, to)}, by that time: SCHEDULED
     * ones by their scheduled time, PUBLISHED and RETRACTED ones by their first publication time.
     */
    List<ItemRow> releasedBetween(Instant from, Instant to, int limit) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM item WHERE "
                        + "(status = 'SCHEDULED' AND scheduled_at >= :from AND scheduled_at < :to) OR "
                        + "(status IN ('PUBLISHED', 'RETRACTED') AND first_published_at >= :from AND first_published_at < :to) "
                        + "ORDER BY COALESCE(scheduled_at, first_published_at), id FETCH FIRST " + limit + " ROWS ONLY")
                .param("from", ts(from)).param("to", ts(to)).query(ITEM).list();
    }

    /** The items SCHEDULED for {@code [from, to)}, at most {@code limit}, soonest first. */
    List<ItemRow> scheduledBetween(Instant from, Instant to, int limit) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM item WHERE status = 'SCHEDULED' AND scheduled_at >= :from "
                        + "AND scheduled_at < :to ORDER BY scheduled_at, id FETCH FIRST " + limit + " ROWS ONLY")
                .param("from", ts(from)).param("to", ts(to)).query(ITEM).list();
    }

    void insertVersion(ItemVersion v) {
        jdbc.sql("INSERT INTO item_version (item_id, version, title, summary, body_html, author, department, column_key, "
                        + "disclosure_type, disclosure_reason, index_number, document_number, cover_asset_id, priority, "
                        + "publish_at, expire_at, tags_json, overrides_json, channels_json, created_at, created_by, "
                        + "signed_on, validity, validity_date, topic, document_type) VALUES "
                        + "(:item, :version, :title, :summary, :body, :author, :department, :column, :disclosure, :reason, "
                        + ":index, :docno, :cover, :priority, :publishAt, :expireAt, :tags, :overrides, :channels, :created, "
                        + ":createdBy, :signedOn, :validity, :validityDate, :topic, :documentType)")
                .param("item", v.itemId()).param("version", v.version()).param("title", v.title())
                .param("summary", v.summary()).param("body", v.bodyHtml()).param("author", v.author())
                .param("department", v.department()).param("column", v.column())
                .param("disclosure", v.disclosureType().name()).param("reason", v.disclosureReason())
                .param("index", v.indexNumber()).param("docno", v.documentNumber()).param("cover", v.coverAssetId())
                .param("priority", v.priority().name()).param("publishAt", ts(v.publishAt()))
                .param("expireAt", ts(v.expireAt())).param("tags", json.writeValueAsString(v.tags()))
                .param("overrides", json.writeValueAsString(v.overrides()))
                .param("channels", json.writeValueAsString(v.channels()))
                .param("created", ts(v.createdAt())).param("createdBy", v.createdBy())
                .param("signedOn", v.signedOn(), Types.DATE)
                .param("validity", v.validity() == null ? null : v.validity().status().name())
                .param("validityDate", v.validity() == null ? null : v.validity().date(), Types.DATE)
                .param("topic", v.topic())
                .param("documentType", v.documentType() == null ? null : v.documentType().name())
                .update();
    }

    /** The office step's change of a version's disclosure attribute; the version has not been released. */
    void changeDisclosure(String itemId, int version, DisclosureType type, String reason) {
        jdbc.sql("UPDATE item_version SET disclosure_type = :type, disclosure_reason = :reason "
                        + "WHERE item_id = :item AND version = :version AND released_at IS NULL")
                .param("type", type.name()).param("reason", reason).param("item", itemId).param("version", version)
                .update();
    }

    void markReleased(String itemId, int version, Instant at) {
        jdbc.sql("UPDATE item_version SET released_at = :at WHERE item_id = :item AND version = :version")
                .param("at", ts(at)).param("item", itemId).param("version", version).update();
    }

    /** Notes why a scheduled release was refused; the item's state is changed by the caller. */
    void markReleaseRefused(String itemId, Instant at, String reason) {
        jdbc.sql("UPDATE item SET release_refused_at = :at, release_refused_reason = :reason WHERE id = :item")
                .param("at", ts(at)).param("reason", reason).param("item", itemId).update();
    }

    void clearReleaseRefusal(String itemId) {
        jdbc.sql("UPDATE item SET release_refused_at = NULL, release_refused_reason = NULL "
                        + "WHERE id = :item AND release_refused_at IS NOT NULL")
                .param("item", itemId).update();
    }

    Optional<ItemView.ReleaseRefusal> releaseRefusal(String itemId) {
        return jdbc.sql("SELECT release_refused_at, release_refused_reason FROM item WHERE id = :item "
                        + "AND release_refused_at IS NOT NULL")
                .param("item", itemId)
                .query((rs, n) -> new ItemView.ReleaseRefusal(instant(rs, "release_refused_at"),
                        rs.getString("release_refused_reason")))
                .optional();
    }

    Optional<ItemVersion> version(String itemId, int version) {
        return jdbc.sql("SELECT * FROM item_version WHERE item_id = :item AND version = :version")
                .param("item", itemId).param("version", version)
                .query(this::mapVersion).optional();
    }

    /** Every version of an item, oldest first. */
    List<ItemVersion> versions(String itemId) {
        return jdbc.sql("SELECT * FROM item_version WHERE item_id = :item ORDER BY version")
                .param("item", itemId).query(this::mapVersion).list();
    }

    /** Items whose current version may be at a review step: IN_REVIEW, or PUBLISHED with a newer version. */
    List<ItemRow> underReview() {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM item WHERE status = 'IN_REVIEW' OR (status = 'PUBLISHED' "
                        + "AND current_version > released_version) ORDER BY updated_at, id")
                .query(ITEM).list();
    }

    /** Replaces the links an item declares. */
    void replaceRelations(String itemId, List<ItemRequest.Relation> relations) {
        jdbc.sql("DELETE FROM item_relation WHERE item_id = :item").param("item", itemId).update();
        for (ItemRequest.Relation r : relations) {
            jdbc.sql("INSERT INTO item_relation (item_id, related_item_id, relation) VALUES (:item, :other, :relation)")
                    .param("item", itemId).param("other", r.itemId()).param("relation", r.relation().name())
                    .update();
        }
    }

    /** A link as seen from one item: declared by it, or declared by the other item and inverted. */
    record Link(String itemId, RelationType relation, String title, ItemStatus status, boolean declaredHere) {
    }

    /** Every link of an item, whatever state the other item is in: for the editors and the release rules. */
    List<Link> links(String itemId) {
        return links(itemId, false);
    }

    /**
     * The links readers may see: to items that are live now (PUBLISHED) and proactively disclosed
     * (主动公开) in the version readers see, with that released version's title. A draft, a scheduled,
     * retracted or not-public item is left out whichever side declared the link.
     */
    List<Link> publicLinks(String itemId) {
        return links(itemId, true);
    }

    private List<Link> links(String itemId, boolean publicOnly) {
        // The item's own relations first, each read by its key, then the other items by id: one join driven
        // from item made H2 walk every published item for each call (a snapshot of each delivery makes one),
        // so delivering grew with the size of the site.
        record Relation(String other, RelationType relation, boolean declaredHere) {
        }
        List<Relation> relations = new ArrayList<>();
        jdbc.sql("SELECT related_item_id, relation FROM item_relation WHERE item_id = :item")
                .param("item", itemId)
                .query((ResultSet rs) -> {
                    relations.add(new Relation(rs.getString(1), RelationType.valueOf(rs.getString(2)), true));
                });
        jdbc.sql("SELECT item_id, relation FROM item_relation WHERE related_item_id = :item")
                .param("item", itemId)
                .query((ResultSet rs) -> {
                    relations.add(new Relation(rs.getString(1), RelationType.valueOf(rs.getString(2)).inverse(), false));
                });
        if (relations.isEmpty()) {
            return new ArrayList<>();
        }
        // Public: the released version's title and disclosure, never a newer draft's (the item row carries the
        // current version's, and a correction waiting for its sign-off must not hide the live version).
        String title = publicOnly ? "v.title" : "i.title";
        String released = publicOnly ? " JOIN item_version v ON v.item_id = i.id AND v.version = i.released_version" : "";
        String live = publicOnly ? " AND i.status = 'PUBLISHED' AND v.disclosure_type = 'PROACTIVE'" : "";
        record Other(String title, ItemStatus status) {
        }
        Map<String, Other> others = new LinkedHashMap<>();
        jdbc.sql("SELECT i.id, " + title + " AS title, i.status FROM item i" + released + " WHERE i.id IN (:ids)" + live
                        + " ORDER BY i.created_at, i.id")
                .param("ids", relations.stream().map(Relation::other).distinct().toList())
                .query((ResultSet rs) -> {
                    others.put(rs.getString("id"), new Other(rs.getString("title"), ItemStatus.valueOf(rs.getString("status"))));
                });
        List<String> order = new ArrayList<>(others.keySet());
        List<Link> links = new ArrayList<>();
        for (boolean declared : new boolean[] {true, false}) {
            relations.stream()
                    .filter(r -> r.declaredHere() == declared && others.containsKey(r.other()))
                    .filter(r -> links.stream().noneMatch(l -> l.itemId().equals(r.other())))
                    .sorted(Comparator.comparingInt(r -> order.indexOf(r.other())))
                    .forEach(r -> links.add(new Link(r.other(), r.relation(), others.get(r.other()).title(),
                            others.get(r.other()).status(), declared)));
        }
        return links;
    }

    boolean exists(String id) {
        return jdbc.sql("SELECT COUNT(*) FROM item WHERE id = :id").param("id", id).query(Long.class).single() > 0;
    }

    private ItemVersion mapVersion(ResultSet rs, int n) throws SQLException {
        return new ItemVersion(
                rs.getString("item_id"), rs.getInt("version"), rs.getString("title"), rs.getString("summary"),
                rs.getString("body_html"), rs.getString("author"), rs.getString("department"),
                rs.getString("column_key"), DisclosureType.valueOf(rs.getString("disclosure_type")),
                rs.getString("disclosure_reason"), rs.getString("index_number"), rs.getString("document_number"),
                rs.getString("cover_asset_id"), Priority.valueOf(rs.getString("priority")),
                instant(rs, "publish_at"), instant(rs, "expire_at"),
                json.readValue(rs.getString("tags_json"), STRINGS),
                json.readValue(rs.getString("overrides_json"), OVERRIDES),
                json.readValue(rs.getString("channels_json"), STRINGS),
                instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "released_at"),
                rs.getObject("signed_on", LocalDate.class), validity(rs), rs.getString("topic"),
                rs.getString("document_type") == null ? null : DocumentType.valueOf(rs.getString("document_type")));
    }

    private static ItemRequest.Validity validity(ResultSet rs) throws SQLException {
        String status = rs.getString("validity");
        return status == null ? null
                : new ItemRequest.Validity(ValidityStatus.valueOf(status), rs.getObject("validity_date", LocalDate.class));
    }

    private static final RowMapper<ItemRow> ITEM = (rs, n) -> new ItemRow(
            rs.getString("id"), ItemStatus.valueOf(rs.getString("status")), rs.getInt("current_version"),
            (Integer) rs.getObject("released_version", Integer.class), rs.getString("column_key"), rs.getString("title"),
            DisclosureType.valueOf(rs.getString("disclosure_type")), Priority.valueOf(rs.getString("priority")),
            instant(rs, "scheduled_at"), instant(rs, "expire_at"), instant(rs, "first_published_at"),
            instant(rs, "last_published_at"), instant(rs, "retracted_at"), rs.getString("retract_reason"),
            instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "updated_at"));
}
