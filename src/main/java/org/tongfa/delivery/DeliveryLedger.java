package org.tongfa.delivery;

import static org.tongfa.common.SqlTimestamps.instant;
import static org.tongfa.common.SqlTimestamps.ts;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Autowired;
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
 *
 * <p><b>The latest action wins.</b> Per (item, channel) the rows form a sequence in id order (they are
 * written in the transaction that changes the item, which holds the item's lock), and only the last
 * one may still be sent: a publication is dead once a later publication or retraction of the same
 * item on the same channel exists, a retraction once a later re-publication exists. A dead row is
 * never claimed, requeued or put back to PENDING; wherever the ledger meets one that was still
 * waiting (when the later row is written, at claim, when an attempt ends, at a restart) it becomes
 * {@link DeliveryStatus#SUPERSEDED} or {@link DeliveryStatus#RETRACTED}. And the latest row waits
 * while an earlier one is still in flight, so a receiver is never sent an action older than one it
 * was already sent. (The one gap no database can close: a node that is still sending after its lease
 * lapsed; the lease must outlast an attempt.)
 */
@Repository
public class DeliveryLedger {

    static final String COLUMNS = "id, item_id, item_version, channel, action, status, attempts, retry_from, next_attempt_at, "
            + "lease_owner, lease_until, last_error, remote_id, remote_url, released_at, created_at, updated_at, "
            + "delivered_at";

    /** Row {@code d} has a later row of the same item on the same channel: it is no longer the latest action. */
    private static final String REPLACED = "EXISTS (SELECT 1 FROM delivery l WHERE l.item_id = d.item_id "
            + "AND l.channel = d.channel AND l.id > d.id)";
    /**
     * What a replaced row becomes: a publication followed only by retractions was RETRACTED, anything
     * else (a publication or retraction followed by a publication) was SUPERSEDED.
     */
    private static final String REPLACED_STATUS = "CASE WHEN d.action = 'PUBLISH' AND NOT EXISTS (SELECT 1 FROM delivery l "
            + "WHERE l.item_id = d.item_id AND l.channel = d.channel AND l.id > d.id AND l.action = 'PUBLISH') "
            + "THEN 'RETRACTED' ELSE 'SUPERSEDED' END";
    /** The status of a row whose attempt ended without a result: PENDING again, unless a later action replaced it. */
    private static final String AGAIN_UNLESS_REPLACED = "CASE WHEN " + REPLACED + " THEN " + REPLACED_STATUS
            + " ELSE 'PENDING' END";
    private static final String NOT_SENT_AGAIN = "; not sent again: a later action of the item on this channel replaced it";

    private final JdbcClient jdbc;
    private final DeliveryChanges changes;

    /** A ledger whose changes nobody is told of (tests that build one by hand). */
    public DeliveryLedger(JdbcClient jdbc) {
        this(jdbc, DeliveryChanges.NONE);
    }

    @Autowired
    public DeliveryLedger(JdbcClient jdbc, DeliveryChanges changes) {
        this.jdbc = jdbc;
        this.changes = changes;
    }

    /**
     * Queues the publication (or update) of an item version to the given channels. Every row of the
     * item on those channels that was still waiting, or had failed, is superseded: a channel never
     * receives a stale version, and an operator is never offered one to retry. Must run inside the
     * transaction that releases the item.
     */
    @Transactional
    public void enqueuePublish(String itemId, int version, Collection<String> channels, Instant now) {
        for (String channel : channels) {
            // A row in flight is left to its attempt, which finds this one when it ends; FAILED and DEAD
            // rows keep their error, so the history still says why they never arrived.
            jdbc.sql("UPDATE delivery SET status = 'SUPERSEDED', "
                            + "last_error = CASE WHEN status = 'PENDING' THEN :why ELSE last_error END, updated_at = :now "
                            + "WHERE item_id = :item AND channel = :channel AND status IN ('PENDING', 'FAILED', 'DEAD')")
                    .param("why", "superseded by version " + version)
                    .param("now", ts(now)).param("item", itemId).param("channel", channel)
                    .update();
            insert(itemId, version, channel, Action.PUBLISH, now);
        }
        changes.item(itemId);
    }

    /**
     * Queues the retraction of an item from the given channels and withdraws every publication there
     * that was not delivered and is not in flight (waiting, FAILED or DEAD: none of them may be sent
     * any more, not even by hand). Channels that may hold the item (a publication was attempted, in
     * flight included) get a RETRACT row when {@code retractable} contains them, unless the latest row
     * there is a retraction already. Must run inside the transaction that retracts the item.
     *
     * @return the channels that received a RETRACT row
     */
    @Transactional
    public List<String> enqueueRetract(String itemId, int version, Collection<String> channels,
            Collection<String> retractable, String reason, Instant now) {
        List<String> queued = new ArrayList<>();
        for (String channel : channels) {
            // First, so that a claim racing with us either lost its row to this UPDATE or has committed
            // its attempt (attempts > 0) before the count below is read.
            jdbc.sql("UPDATE delivery SET status = 'RETRACTED', "
                            + "last_error = CASE WHEN status = 'PENDING' THEN :why ELSE last_error END, updated_at = :now "
                            + "WHERE item_id = :item AND channel = :channel AND action = 'PUBLISH' "
                            + "AND status IN ('PENDING', 'FAILED', 'DEAD')")
                    .param("why", "withdrawn before delivery: " + reason)
                    .param("now", ts(now)).param("item", itemId).param("channel", channel)
                    .update();
            Optional<Action> latest = jdbc.sql("SELECT action FROM delivery WHERE item_id = :item AND channel = :channel "
                            + "ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")
                    .param("item", itemId).param("channel", channel)
                    .query((rs, n) -> Action.valueOf(rs.getString(1))).optional();
            if (latest.isEmpty() || latest.get() == Action.RETRACT) {
                continue; // nothing here, or already being taken back (say, the channel was removed earlier)
            }
            // Anything attempted may have reached the channel, even if its outcome was never confirmed.
            boolean mayHoldIt = jdbc.sql("SELECT COUNT(*) FROM delivery WHERE item_id = :item AND channel = :channel "
                            + "AND action = 'PUBLISH' AND attempts > 0")
                    .param("item", itemId).param("channel", channel)
                    .query(Long.class).single() > 0;
            if (mayHoldIt && retractable.contains(channel)) {
                insert(itemId, version, channel, Action.RETRACT, now);
                queued.add(channel);
            }
        }
        changes.item(itemId);
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
     * one channel go out in order: a row waits while an earlier one of the same item is in progress,
     * and a due row that a later action replaced is not claimed but closed (SUPERSEDED or RETRACTED).
     */
    @Transactional
    public List<Delivery> claim(String channel, int limit, String node, Instant now, Instant leaseUntil) {
        if (limit <= 0) {
            return List.of();
        }
        // Two reads, each a range of the index (channel, status, next_attempt_at): one condition with an OR
        // across the statuses made H2 walk every row the channel ever had, DELIVERED ones included, so a
        // claim grew with the ledger. Lapsed leases first (their rows were due before any pending one).
        List<long[]> due = new ArrayList<>(claimable(channel, "d.status = 'IN_PROGRESS' AND d.lease_until <= :now",
                limit, now));
        if (due.size() < limit) {
            due.addAll(claimable(channel, "d.status = 'PENDING' AND d.next_attempt_at <= :now", limit - due.size(), now));
        }
        List<Long> ids = new ArrayList<>();
        List<Long> replaced = new ArrayList<>();
        for (long[] row : due) {
            (row[1] == 1 ? replaced : ids).add(row[0]);
        }
        changes.rows(replaced);
        changes.rows(ids);
        if (!replaced.isEmpty()) {
            // Locked by the SELECT above, and a later row never goes away: closing them is safe.
            jdbc.sql("UPDATE delivery d SET status = " + REPLACED_STATUS + ", lease_owner = NULL, lease_until = NULL, "
                            + "last_error = :why, updated_at = :now WHERE d.id IN (:ids)")
                    .param("why", "not sent: a later action of the item on this channel replaced it")
                    .param("now", ts(now)).param("ids", replaced)
                    .update();
        }
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

    /** Due rows of one status, locked for this transaction: {id, 1 when a later action replaced it}. */
    private List<long[]> claimable(String channel, String condition, int limit, Instant now) {
        return jdbc.sql("SELECT d.id, CASE WHEN " + REPLACED + " THEN 1 ELSE 0 END AS replaced "
                        + "FROM delivery d WHERE d.channel = :channel AND " + condition + " "
                        + "AND NOT EXISTS (SELECT 1 FROM delivery e WHERE e.item_id = d.item_id "
                        + "  AND e.channel = d.channel AND e.id < d.id AND e.status = 'IN_PROGRESS' AND e.lease_until > :now) "
                        + "ORDER BY d.next_attempt_at, d.id FETCH FIRST :limit ROWS ONLY "
                        + "FOR UPDATE SKIP LOCKED")
                // The limit is a parameter, not part of the text: one statement text, parsed once and kept
                // in the database's statement cache, whatever the room of each claim.
                .param("channel", channel).param("now", ts(now)).param("limit", limit)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getInt(2)}).list();
    }

    /**
     * Records a successful attempt. Only the holder of attempt {@code attempt} may; a node whose lease
     * was taken over gets {@code false} and must not touch the row again.
     *
     * <p>Whatever the channel reported is bounded and cleaned first ({@link LedgerText}): a partner's
     * overlong or odd remote id or URL can never make recording the success fail.
     */
    @Transactional
    public boolean markDelivered(long id, int attempt, String remoteId, String remoteUrl, Instant now) {
        Optional<Delivery> row = find(id).filter(d -> d.attempts() == attempt);
        return row.isPresent() && markDelivered(row.get(), remoteId, remoteUrl, now);
    }

    /**
     * {@link #markDelivered(long, int, String, String, Instant)} for the attempt the caller holds (the
     * row as claimed, its attempts the fencing token): the worker's path, one UPDATE for a publication (no read first), since every moment between the
     * receiver's answer and this commit is a window in which a crash makes the row be sent again.
     */
    @Transactional
    public boolean markDelivered(Delivery row, String remoteId, String remoteUrl, Instant now) {
        boolean done = jdbc.sql("UPDATE delivery SET status = 'DELIVERED', remote_id = :rid, remote_url = :rurl, "
                        + "delivered_at = :now, updated_at = :now, lease_owner = NULL, lease_until = NULL, last_error = NULL "
                        + "WHERE id = :id AND status = 'IN_PROGRESS' AND attempts = :attempt")
                .param("rid", LedgerText.remoteId(remoteId)).param("rurl", LedgerText.remoteUrl(remoteUrl))
                .param("now", ts(now)).param("id", row.id()).param("attempt", row.attempts())
                .update() == 1;
        if (done && row.action() == Action.RETRACT) {
            // The channel no longer shows the item: its earlier deliveries are history now.
            jdbc.sql("UPDATE delivery SET status = 'RETRACTED', updated_at = :now WHERE item_id = :item "
                            + "AND channel = :channel AND action = 'PUBLISH' AND status = 'DELIVERED' AND id < :id")
                    .param("now", ts(now)).param("item", row.itemId()).param("channel", row.channel())
                    .param("id", row.id())
                    .update();
        }
        if (done) {
            changes.row(row.id());
            if (row.action() == Action.RETRACT) {
                changes.item(row.itemId());
            }
        }
        return done;
    }

    /** A partner's acceptance of a claimed row, to record: what {@link #markDelivered(Delivery, String, String, Instant)} takes. */
    public record Success(Delivery row, String remoteId, String remoteUrl, Instant now) {
    }

    /**
     * Records several successes in one transaction (group commit): each row with its own guard, as
     * {@link #markDelivered(Delivery, String, String, Instant)} does, and all or none of them committed.
     *
     * @return per success, in order, whether it was that attempt's to complete
     */
    @Transactional
    public boolean[] markDelivered(List<Success> successes) {
        boolean[] done = new boolean[successes.size()];
        for (int i = 0; i < done.length; i++) {
            Success s = successes.get(i);
            done[i] = markDelivered(s.row(), s.remoteId(), s.remoteUrl(), s.now());
        }
        return done;
    }

    /**
     * Records a failed attempt that will be tried again at {@code nextAttemptAt}, unless a later action
     * of the item on the channel was queued meanwhile: then the row is closed (SUPERSEDED or RETRACTED),
     * and the later row goes out instead.
     */
    public boolean markRetry(long id, int attempt, String error, Instant nextAttemptAt, Instant now) {
        return finish(id, attempt, null, error, nextAttemptAt, now);
    }

    /**
     * Makes a waiting delivery due now: the remote side reported that the work it awaited is done (a
     * WeChat publication job finished), so the next attempt need not wait for its scheduled time.
     *
     * @return whether a PENDING row was brought forward
     */
    public boolean expedite(long id, Instant now) {
        return changed(id, jdbc.sql("UPDATE delivery SET next_attempt_at = :now, updated_at = :now "
                        + "WHERE id = :id AND status = 'PENDING' AND next_attempt_at > :now")
                .param("id", id).param("now", ts(now)).update() == 1);
    }

    /**
     * Records an attempt that found the remote side still working (see
     * {@link DeliveryResult.Awaiting}): due again at {@code nextAttemptAt}, and not counted against
     * the retry schedule ({@code retry_from} moves up with {@code attempts}). Closed instead, as in
     * {@link #markRetry}, when a later action replaced it: that action's own attempt deals with
     * whatever the remote side finishes.
     */
    public boolean markAwaiting(long id, int attempt, String note, Instant nextAttemptAt, Instant now) {
        return changed(id, jdbc.sql("UPDATE delivery d SET status = " + AGAIN_UNLESS_REPLACED + ", "
                        + "last_error = CASE WHEN " + REPLACED + " THEN :closed ELSE :note END, next_attempt_at = :next, "
                        + "retry_from = retry_from + 1, updated_at = :now, lease_owner = NULL, lease_until = NULL "
                        + "WHERE d.id = :id AND d.status = 'IN_PROGRESS' AND d.attempts = :attempt")
                .param("note", LedgerText.error(note)).param("closed", LedgerText.error(note + NOT_SENT_AGAIN))
                .param("next", ts(nextAttemptAt))
                .param("now", ts(now)).param("id", id).param("attempt", attempt)
                .update() == 1);
    }

    /** Tells the listeners of a one-row change that took effect. */
    private boolean changed(long id, boolean done) {
        if (done) {
            changes.row(id);
        }
        return done;
    }

    /**
     * Records a final failure: {@link DeliveryStatus#FAILED} or {@link DeliveryStatus#DEAD}; or, when a
     * later action replaced the row meanwhile, SUPERSEDED or RETRACTED (nothing is left to retry).
     */
    public boolean markFinal(long id, int attempt, DeliveryStatus status, String error, Instant now) {
        return finish(id, attempt, status, error, now, now);
    }

    /** Ends an attempt with {@code status}, or PENDING when {@code null}; a replaced row is closed instead. */
    private boolean finish(long id, int attempt, DeliveryStatus status, String error, Instant next, Instant now) {
        String unlessReplaced = status == null ? AGAIN_UNLESS_REPLACED
                : "CASE WHEN " + REPLACED + " THEN " + REPLACED_STATUS + " ELSE '" + status.name() + "' END";
        return changed(id, jdbc.sql("UPDATE delivery d SET status = " + unlessReplaced + ", "
                        + "last_error = CASE WHEN " + REPLACED + " THEN :closed ELSE :error END, next_attempt_at = :next, "
                        + "updated_at = :now, lease_owner = NULL, lease_until = NULL "
                        + "WHERE d.id = :id AND d.status = 'IN_PROGRESS' AND d.attempts = :attempt")
                .param("error", LedgerText.error(error)).param("closed", LedgerText.error((error == null ? "" : error) + NOT_SENT_AGAIN))
                .param("next", ts(next)).param("now", ts(now)).param("id", id).param("attempt", attempt)
                .update() == 1);
    }

    /**
     * Puts a FAILED or DEAD delivery back in the queue, due now, with a fresh schedule, if it is still
     * the latest action of its item on its channel. A row that a later publication or retraction
     * replaced is refused: sending it would undo its successor (see {@link #successor}).
     *
     * @return false when the row is in another state or was replaced
     */
    @Transactional
    public boolean requeue(long id, Instant now) {
        return changed(id, jdbc.sql("UPDATE delivery d SET status = 'PENDING', retry_from = attempts, next_attempt_at = :now, "
                        + "updated_at = :now WHERE d.id = :id AND d.status IN ('FAILED', 'DEAD') AND NOT " + REPLACED)
                .param("now", ts(now)).param("id", id)
                .update() == 1);
    }

    /**
     * {@link #requeue} for every FAILED or DEAD delivery of a channel that is still the latest action of
     * its item there: an operator's "retry all" once the partner is back.
     *
     * @return the rows put back in the queue, as they are now
     */
    @Transactional
    public List<Delivery> requeueFailed(String channel, Instant now) {
        List<Long> ids = jdbc.sql("SELECT d.id FROM delivery d WHERE d.channel = :channel "
                        + "AND d.status IN ('FAILED', 'DEAD') AND NOT " + REPLACED + " ORDER BY d.id FOR UPDATE")
                .param("channel", channel).query(Long.class).list();
        if (ids.isEmpty()) {
            return List.of();
        }
        jdbc.sql("UPDATE delivery SET status = 'PENDING', retry_from = attempts, next_attempt_at = :now, "
                        + "updated_at = :now WHERE id IN (:ids)")
                .param("now", ts(now)).param("ids", ids)
                .update();
        changes.rows(ids);
        return jdbc.sql("SELECT " + COLUMNS + " FROM delivery WHERE id IN (:ids) ORDER BY id")
                .param("ids", ids).query(MAPPER).list();
    }

    /** The latest row of the same item on the same channel written after row {@code id}, if any. */
    public Optional<Delivery> successor(long id) {
        return jdbc.sql("SELECT " + COLUMNS.replaceAll("(^|, )", "$1l.") + " FROM delivery l JOIN delivery d "
                        + "ON l.item_id = d.item_id AND l.channel = d.channel AND l.id > d.id WHERE d.id = :id "
                        + "ORDER BY l.id DESC FETCH FIRST 1 ROWS ONLY")
                .param("id", id).query(MAPPER).optional();
    }

    /**
     * Hands back every row this node held when it stopped: their outcome is unknown, so they are tried
     * again at once under the same idempotency key; those a later action replaced meanwhile are closed.
     */
    @Transactional
    public int releaseLeasesOf(String node, Instant now) {
        return jdbc.sql("UPDATE delivery d SET status = " + AGAIN_UNLESS_REPLACED + ", next_attempt_at = :now, "
                        + "updated_at = :now, last_error = CASE WHEN " + REPLACED + " THEN :closed ELSE :why END, "
                        + "lease_owner = NULL, lease_until = NULL "
                        + "WHERE d.status = 'IN_PROGRESS' AND d.lease_owner = :node")
                .param("now", ts(now)).param("node", node)
                .param("why", "interrupted by a restart of node " + node + "; outcome unknown, sent again with the same key")
                .param("closed", "interrupted by a restart of node " + node + "; outcome unknown" + NOT_SENT_AGAIN)
                .update();
    }

    public Optional<Delivery> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM delivery WHERE id = :id").param("id", id).query(MAPPER).optional();
    }

    /**
     * The items with deliveries (on {@code channel}, or on any when it is {@code null}), the one with the
     * latest delivery first: the rows of the delivery matrix, a page at a time.
     */
    public List<String> recentItems(String channel, int offset, int limit) {
        // Each item's latest row (on the channel), newest first: the primary key read backwards until the
        // page is full, one index probe a row, instead of grouping the whole ledger for every page.
        return jdbc.sql("SELECT d.item_id FROM delivery d WHERE "
                        + (channel == null ? "NOT EXISTS (SELECT 1 FROM delivery l WHERE l.item_id = d.item_id AND l.id > d.id)"
                                : "d.channel = :channel AND NOT " + REPLACED)
                        + " ORDER BY d.id DESC OFFSET " + Math.max(0, offset) + " ROWS FETCH FIRST "
                        + Math.max(1, limit) + " ROWS ONLY")
                .params(channel == null ? Map.of() : Map.of("channel", channel))
                .query(String.class).list();
    }

    /** How many items {@link #recentItems} pages through. */
    public long countItems(String channel) {
        return jdbc.sql("SELECT COUNT(DISTINCT item_id) FROM delivery" + (channel == null ? "" : " WHERE channel = :channel"))
                .params(channel == null ? Map.of() : Map.of("channel", channel))
                .query(Long.class).single();
    }

    /** The latest row of each of these items on each channel: where each channel stands with it now. */
    public List<Delivery> latestOf(Collection<String> itemIds) {
        if (itemIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS.replaceAll("(^|, )", "$1d.") + " FROM delivery d WHERE d.item_id IN (:items) "
                        + "AND NOT " + REPLACED + " ORDER BY d.id")
                .param("items", itemIds).query(MAPPER).list();
    }

    /**
     * The latest row of each (item, channel) that one of the rows {@code ids} belongs to, among the items
     * {@code amongItems}: the cells those rows changed, in one read, without the item's other channels.
     */
    public List<Delivery> latestOfCellsOf(Collection<Long> ids, Collection<String> amongItems) {
        if (ids.isEmpty() || amongItems.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS.replaceAll("(^|, )", "$1d.") + " FROM delivery d WHERE d.item_id IN (:items) "
                        + "AND EXISTS (SELECT 1 FROM delivery c WHERE c.id IN (:ids) AND c.item_id = d.item_id "
                        + "AND c.channel = d.channel) AND NOT " + REPLACED + " ORDER BY d.id")
                .param("items", amongItems).param("ids", ids).query(MAPPER).list();
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
