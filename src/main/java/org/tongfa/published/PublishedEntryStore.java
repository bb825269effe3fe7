package org.tongfa.published;

import static org.tongfa.common.SqlTimestamps.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.RetryLaterException;
import org.tongfa.delivery.ItemSnapshot;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The durable store of pull channels (website, feed, display): for each channel, the last snapshot of every
 * item it was delivered, in the shared database ({@code published_entry}), and a change counter per
 * channel ({@code pull_channel_state}) that every node compares with what it last rendered.
 *
 * <p>A channel receives one dispatch per item action but renders pages and feeds from all live items,
 * which is why it keeps its own copy instead of asking the item feature. {@link #apply} is idempotent:
 * applying the same dispatch twice changes nothing the second time, and an action older than the one
 * stored is ignored. Actions are ordered by version, a retraction after the publication of its own
 * version: that is the order the ledger writes them in for one item on one channel (a retraction
 * carries the version it withdraws or a later one; a re-publication after a retraction always carries
 * a newer version), so a late publication can never bring back a retracted entry. Thread-safe; safe across nodes (one transaction per change, the row's
 * primary key arbitrates between concurrent first inserts).
 */
@Component
public class PublishedEntryStore {

    private static final Logger log = LoggerFactory.getLogger(PublishedEntryStore.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    // Our own mapper: the stored format must not change with the application's global settings.
    private final ObjectMapper json = JsonMapper.builder().build();

    public PublishedEntryStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * Takes one dispatch into a pull channel's store: what every pull channel's {@code deliver} starts
     * with. A database failure is transient for the channel.
     *
     * @return whether the store changed (false for a repeated or outdated dispatch)
     */
    public boolean take(String channel, Dispatch dispatch) throws RetryLaterException {
        ItemSnapshot item = dispatch.item();
        try {
            boolean changed = apply(channel, dispatch.action(), item);
            if (changed) {
                log.info("Pull channel {} took {} of item {} v{}", channel, dispatch.action(), item.itemId(),
                        item.version());
            }
            return changed;
        } catch (DataAccessException e) {
            throw new RetryLaterException("store of channel " + channel + " unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * Records one action for one item on one channel.
     *
     * @return whether the store changed (false for a repeated or outdated dispatch)
     */
    public boolean apply(String channel, Action action, ItemSnapshot item) {
        for (int attempt = 0; ; attempt++) {
            try {
                return Boolean.TRUE.equals(tx.execute(status -> applyOnce(channel, action, item)));
            } catch (DuplicateKeyException raced) {
                // Another node inserted the same row first; the next round sees it and updates instead.
                if (attempt > 2) {
                    throw raced;
                }
            }
        }
    }

    private boolean applyOnce(String channel, Action action, ItemSnapshot item) {
        List<int[]> existing = jdbc.query(
                "SELECT version, retracted FROM published_entry WHERE channel = ? AND item_id = ? FOR UPDATE",
                (rs, n) -> new int[] {rs.getInt(1), rs.getBoolean(2) ? 1 : 0}, channel, item.itemId());
        boolean retract = action == Action.RETRACT;
        if (existing.isEmpty()) {
            if (retract) {
                return false; // never shown here: nothing to take back
            }
            jdbc.update("INSERT INTO published_entry (channel, item_id, version, column_key, snapshot_json, "
                    + "published_at, updated_at, retracted, retracted_at) VALUES (?, ?, ?, ?, ?, ?, ?, FALSE, NULL)",
                    channel, item.itemId(), item.version(), item.column(), json.writeValueAsString(item),
                    ts(item.publishedAt()), ts(item.updatedAt()));
            bumpRevision(channel);
            return true;
        }
        int storedVersion = existing.get(0)[0];
        boolean storedRetracted = existing.get(0)[1] == 1;
        if (retract) {
            if (storedRetracted || item.version() < storedVersion) {
                return false;
            }
            // The retraction's version is remembered: a publication of that version or an older one is
            // from before the retraction and must never bring the entry back.
            jdbc.update("UPDATE published_entry SET version = ?, retracted = TRUE, retracted_at = ? "
                    + "WHERE channel = ? AND item_id = ?",
                    item.version(), ts(clock.instant()), channel, item.itemId());
        } else {
            // The same version again is a repeated dispatch (or one from before a retraction of that
            // version); an older one arrived late. Only a newer version (an update, or a re-publication
            // after the channel was removed from the item and added back) replaces what is stored.
            if (item.version() <= storedVersion) {
                return false;
            }
            jdbc.update("UPDATE published_entry SET version = ?, column_key = ?, snapshot_json = ?, published_at = ?, "
                    + "updated_at = ?, retracted = FALSE, retracted_at = NULL WHERE channel = ? AND item_id = ?",
                    item.version(), item.column(), json.writeValueAsString(item), ts(item.publishedAt()),
                    ts(item.updatedAt()), channel, item.itemId());
        }
        bumpRevision(channel);
        return true;
    }

    private void bumpRevision(String channel) {
        OffsetDateTime now = ts(clock.instant());
        if (jdbc.update("UPDATE pull_channel_state SET revision = revision + 1, changed_at = ? WHERE channel = ?",
                now, channel) == 0) {
            jdbc.update("INSERT INTO pull_channel_state (channel, revision, changed_at) VALUES (?, 1, ?)", channel, now);
        }
    }

    /** The channel's change counter: 0 before its first change. One primary-key read. */
    public long revision(String channel) {
        List<Long> revision = jdbc.queryForList("SELECT revision FROM pull_channel_state WHERE channel = ?",
                Long.class, channel);
        return revision.isEmpty() ? 0 : revision.get(0);
    }

    /** Everything the channel holds, with the revision it was read at (one read-only transaction). */
    public PublishedEntries load(String channel) {
        return tx.execute(status -> {
            long revision = revision(channel);
            List<PublishedEntry> entries = jdbc.query(
                    "SELECT snapshot_json, retracted, retracted_at FROM published_entry WHERE channel = ?",
                    this::entry, channel);
            return new PublishedEntries(revision, entries);
        });
    }

    /** The entry of one item, live or retracted; empty if it never reached the channel. One primary-key read. */
    public Optional<PublishedEntry> find(String channel, String itemId) {
        return jdbc.query("SELECT snapshot_json, retracted, retracted_at FROM published_entry WHERE channel = ? "
                + "AND item_id = ?", this::entry, channel, itemId).stream().findFirst();
    }

    private PublishedEntry entry(ResultSet rs, int row) throws SQLException {
        ItemSnapshot item = json.readValue(rs.getString(1), ItemSnapshot.class);
        OffsetDateTime retractedAt = rs.getObject(3, OffsetDateTime.class);
        return new PublishedEntry(item, rs.getBoolean(2), retractedAt == null ? null : retractedAt.toInstant());
    }
}
