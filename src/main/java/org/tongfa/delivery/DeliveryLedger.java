package org.tongfa.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The delivery ledger (a transactional outbox): every (item version, channel, action) is a row, and
 * every change of a row is a single guarded UPDATE, so several nodes may share one database.
 *
 * <p>Claiming uses {@code FOR UPDATE SKIP LOCKED} plus a lease: a node claims due rows, marks them
 * IN_PROGRESS with {@code lease_until}, and only the holder of the current attempt number may complete
 * a row. A row whose node died becomes claimable again when its lease lapses, and a restarted node
 * hands back its own rows at once ({@link #releaseLeasesOf}).
 */
@Repository
public class DeliveryLedger {

    static final String COLUMNS = "id, item_id, item_version, channel, action, status, attempts, retry_from, next_attempt_at, "
            + "lease_owner, lease_until, last_error, remote_id, remote_url, released_at, created_at, updated_at, "
            + "delivered_at";

    private static final int MAX_ERROR = 2000;

    private final JdbcClient jdbc;

    public DeliveryLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Queues the publication (or update) of an item version to the given channels. Rows of older
     * versions that were still waiting are superseded: a channel never receives a stale version.
     * Must run inside the transaction that releases the item.
     */
    @Transactional
    public void enqueuePublish(String itemId, int version, Collection<String> channels, Instant now) {
        for (String channel : channels) {
            jdbc.sql("UPDATE delivery SET status = 'SUPERSEDED', last_error = :why, updated_at = :now "
                            + "WHERE item_id = :item AND channel = :channel AND status = 'PENDING' "
                            + "AND action = 'PUBLISH' AND item_version < :version")
                    .param("why", "superseded by version " + version)
                    .param("now", ts(now)).param("item", itemId).param("channel", channel).param("version", version)
                    .update();
            insert(itemId, version, channel, Action.PUBLISH, now);
        }
    }

    /**
     * Queues the retraction of an item from the given channels and withdraws every publication still
     * waiting there. Channels that may hold the item (a publication was attempted) get a RETRACT row
     * when {@code retractable} contains them. Must run inside the transaction that retracts the item.
     *
     * @return the channels that received a RETRACT row
     */
    @Transactional
    public List<String> enqueueRetract(String itemId, int version, Collection<String> channels,
            Collection<String> retractable, String reason, Instant now) {
        List<String> queued = new ArrayList<>();
        for (String channel : channels) {
            // Anything attempted may have reached the channel, even if its outcome was never confirmed.
            boolean mayHoldIt = jdbc.sql("SELECT COUNT(*) FROM delivery WHERE item_id = :item AND channel = :channel "
                            + "AND action = 'PUBLISH' AND attempts > 0")
                    .param("item", itemId).param("channel", channel)
                    .query(Long.class).single() > 0;
            jdbc.sql("UPDATE delivery SET status = 'RETRACTED', last_error = :why, updated_at = :now "
                            + "WHERE item_id = :item AND channel = :channel AND action = 'PUBLISH' AND status = 'PENDING'")
                    .param("why", "withdrawn before delivery: " + reason)
                    .param("now", ts(now)).param("item", itemId).param("channel", channel)
                    .update();
            if (mayHoldIt && retractable.contains(channel)) {
                insert(itemId, version, channel, Action.RETRACT, now);
                queued.add(channel);
            }
        }
        return queued;
    }

    private void insert(String itemId, int version, String channel, Action action, Instant now) {
        jdbc.sql("INSERT INTO delivery (item_id, item_version, channel, action, status, attempts, next_attempt_at, "
                        + "released_at, created_at, updated_at) "
                        + "VALUES (:item, :version, :channel, :action, 'PENDING', 0, :now, :now, :now, :now)")
                .param("item", itemId).param("version", version).param("channel", channel)
                .param("action", action.name()).param("now", ts(now))
                .update();
    }

    /**
     * Claims up to {@code limit} due rows of one channel for this node. A row is due when it is PENDING
     * and its time has come, or IN_PROGRESS with a lapsed lease (its node died). Rows of one item on
     * one channel go out in order: a row waits while an earlier one of the same item is in progress.
     */
    @Transactional
    public List<Delivery> claim(String channel, int limit, String node, Instant now, Instant leaseUntil) {
        if (limit <= 0) {
            return List.of();
        }
        List<Long> ids = jdbc.sql("SELECT d.id FROM delivery d WHERE d.channel = :channel AND "
                        + "((d.status = 'PENDING' AND d.next_attempt_at <= :now) "
                        + " OR (d.status = 'IN_PROGRESS' AND d.lease_until <= :now)) "
                        + "AND NOT EXISTS (SELECT 1 FROM delivery e WHERE e.item_id = d.item_id "
                        + "  AND e.channel = d.channel AND e.id < d.id AND e.status = 'IN_PROGRESS' AND e.lease_until > :now) "
                        + "ORDER BY d.next_attempt_at, d.id FETCH FIRST " + limit + " ROWS ONLY "
                        + "FOR UPDATE SKIP LOCKED")
                .param("channel", channel).param("now", ts(now))
                .query(Long.class).list();
        if (ids.isEmpty()) {
            return List.of();
        }
        jdbc.sql("UPDATE delivery SET status = 'IN_PROGRESS', attempts = attempts + 1, lease_owner = :node, "
                        + "lease_until = :lease, updated_at = :now WHERE id IN (:ids)")
                .param("node", node).param("lease", ts(leaseUntil)).param("now", ts(now)).param("ids", ids)
                .update();
        return jdbc.sql("SELECT " + COLUMNS + " FROM delivery WHERE id IN (:ids) ORDER BY next_attempt_at, id")
                .param("ids", ids).query(MAPPER).list();
    }

    /**
     * Records a successful attempt. Only the holder of attempt {@code attempt} may; a node whose lease
     * was taken over gets {@code false} and must not touch the row again.
     */
    @Transactional
    public boolean markDelivered(long id, int attempt, String remoteId, String remoteUrl, Instant now) {
        boolean done = jdbc.sql("UPDATE delivery SET status = 'DELIVERED', remote_id = :rid, remote_url = :rurl, "
                        + "delivered_at = :now, updated_at = :now, lease_owner = NULL, lease_until = NULL, last_error = NULL "
                        + "WHERE id = :id AND status = 'IN_PROGRESS' AND attempts = :attempt")
                .param("rid", remoteId).param("rurl", remoteUrl).param("now", ts(now))
                .param("id", id).param("attempt", attempt)
                .update() == 1;
        if (done) {
            Delivery row = find(id).orElseThrow();
            if (row.action() == Action.RETRACT) {
                // The channel no longer shows the item: its earlier deliveries are history now.
                jdbc.sql("UPDATE delivery SET status = 'RETRACTED', updated_at = :now WHERE item_id = :item "
                                + "AND channel = :channel AND action = 'PUBLISH' AND status = 'DELIVERED'")
                        .param("now", ts(now)).param("item", row.itemId()).param("channel", row.channel())
                        .update();
            }
        }
        return done;
    }

    /** Records a failed attempt that will be tried again at {@code nextAttemptAt}. */
    public boolean markRetry(long id, int attempt, String error, Instant nextAttemptAt, Instant now) {
        return finish(id, attempt, DeliveryStatus.PENDING, error, nextAttemptAt, now);
    }

    /**
     * Makes a waiting delivery due now: the remote side reported that the work it awaited is done (a
     * WeChat publication job finished), so the next attempt need not wait for its scheduled time.
     *
     * @return whether a PENDING row was brought forward
     */
    public boolean expedite(long id, Instant now) {
        return jdbc.sql("UPDATE delivery SET next_attempt_at = :now, updated_at = :now "
                        + "WHERE id = :id AND status = 'PENDING' AND next_attempt_at > :now")
                .param("id", id).param("now", ts(now)).update() == 1;
    }

    /**
     * Records an attempt that found the remote side still working (see
     * {@link RetryLaterException#awaiting}): due again at {@code nextAttemptAt}, and not counted against
     * the retry schedule ({@code retry_from} moves up with {@code attempts}).
     */
    public boolean markAwaiting(long id, int attempt, String note, Instant nextAttemptAt, Instant now) {
        return jdbc.sql("UPDATE delivery SET status = 'PENDING', last_error = :note, next_attempt_at = :next, "
                        + "retry_from = retry_from + 1, updated_at = :now, lease_owner = NULL, lease_until = NULL "
                        + "WHERE id = :id AND status = 'IN_PROGRESS' AND attempts = :attempt")
                .param("note", truncate(note)).param("next", ts(nextAttemptAt))
                .param("now", ts(now)).param("id", id).param("attempt", attempt)
                .update() == 1;
    }

    /** Records a final failure: {@link DeliveryStatus#FAILED} or {@link DeliveryStatus#DEAD}. */
    public boolean markFinal(long id, int attempt, DeliveryStatus status, String error, Instant now) {
        return finish(id, attempt, status, error, now, now);
    }

    private boolean finish(long id, int attempt, DeliveryStatus status, String error, Instant next, Instant now) {
        return jdbc.sql("UPDATE delivery SET status = :status, last_error = :error, next_attempt_at = :next, "
                        + "updated_at = :now, lease_owner = NULL, lease_until = NULL "
                        + "WHERE id = :id AND status = 'IN_PROGRESS' AND attempts = :attempt")
                .param("status", status.name()).param("error", truncate(error)).param("next", ts(next))
                .param("now", ts(now)).param("id", id).param("attempt", attempt)
                .update() == 1;
    }

    /**
     * Puts a FAILED or DEAD delivery back in the queue, due now, with a fresh schedule.
     *
     * @return false when the row is in another state
     */
    @Transactional
    public boolean requeue(long id, Instant now) {
        return jdbc.sql("UPDATE delivery SET status = 'PENDING', retry_from = attempts, next_attempt_at = :now, updated_at = :now "
                        + "WHERE id = :id AND status IN ('FAILED', 'DEAD')")
                .param("now", ts(now)).param("id", id)
                .update() == 1;
    }

    /**
     * Hands back every row this node held when it stopped: their outcome is unknown, so they are tried
     * again at once under the same idempotency key.
     */
    @Transactional
    public int releaseLeasesOf(String node, Instant now) {
        return jdbc.sql("UPDATE delivery SET status = 'PENDING', next_attempt_at = :now, updated_at = :now, "
                        + "last_error = :why, lease_owner = NULL, lease_until = NULL "
                        + "WHERE status = 'IN_PROGRESS' AND lease_owner = :node")
                .param("now", ts(now)).param("node", node)
                .param("why", "interrupted by a restart of node " + node + "; outcome unknown, sent again with the same key")
                .update();
    }

    public Optional<Delivery> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM delivery WHERE id = :id").param("id", id).query(MAPPER).optional();
    }

    /** Every row of an item, oldest first. */
    public List<Delivery> forItem(String itemId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM delivery WHERE item_id = :item ORDER BY id")
                .param("item", itemId).query(MAPPER).list();
    }

    /**
     * The latest delivered publication of an item on a channel before row {@code beforeId}, if any:
     * what an update or a retraction addresses.
     */
    public Optional<Delivery> lastDelivered(String itemId, String channel, long beforeId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM delivery WHERE item_id = :item AND channel = :channel "
                        + "AND action = 'PUBLISH' AND id < :before AND status IN ('DELIVERED', 'RETRACTED') "
                        + "AND delivered_at IS NOT NULL ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")
                .param("item", itemId).param("channel", channel).param("before", beforeId)
                .query(MAPPER).optional();
    }

    /** Whether an earlier publication of the item may have reached the channel (so this one is an update). */
    public boolean earlierPublicationMayHaveArrived(String itemId, String channel, long beforeId) {
        return jdbc.sql("SELECT COUNT(*) FROM delivery WHERE item_id = :item AND channel = :channel "
                        + "AND action = 'PUBLISH' AND id < :before AND (status = 'DELIVERED' OR attempts > 0)")
                .param("item", itemId).param("channel", channel).param("before", beforeId)
                .query(Long.class).single() > 0;
    }

    /** Row counts by channel and status, for the channel list, health and metrics. */
    public Map<String, Map<DeliveryStatus, Long>> countsByChannel() {
        Map<String, Map<DeliveryStatus, Long>> counts = new TreeMap<>();
        jdbc.sql("SELECT channel, status, COUNT(*) AS n FROM delivery "
                        + "WHERE status IN ('PENDING', 'IN_PROGRESS', 'FAILED', 'DEAD') GROUP BY channel, status")
                .query((ResultSet rs) -> {
                    counts.computeIfAbsent(rs.getString("channel"), c -> new TreeMap<>())
                            .put(DeliveryStatus.valueOf(rs.getString("status")), rs.getLong("n"));
                });
        return counts;
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String truncate(String error) {
        if (error == null) {
            return null;
        }
        return error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR - 1) + "…";
    }

    static final RowMapper<Delivery> MAPPER = (rs, n) -> new Delivery(
            rs.getLong("id"),
            rs.getString("item_id"),
            rs.getInt("item_version"),
            rs.getString("channel"),
            Action.valueOf(rs.getString("action")),
            DeliveryStatus.valueOf(rs.getString("status")),
            rs.getInt("attempts"),
            rs.getInt("retry_from"),
            instant(rs, "next_attempt_at"),
            rs.getString("lease_owner"),
            instant(rs, "lease_until"),
            rs.getString("last_error"),
            rs.getString("remote_id"),
            rs.getString("remote_url"),
            instant(rs, "released_at"),
            instant(rs, "created_at"),
            instant(rs, "updated_at"),
            instant(rs, "delivered_at"));
}
