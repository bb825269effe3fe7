package org.tongfa.channel.feed;

import static org.tongfa.common.SqlTimestamps.ts;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The WebSub notifications a feed channel still owes its hub, in the shared database
 * ({@code feed_hub_ping}): one row per changed feed, however many changes it stands for, so the hub is
 * told once per feed URL about everything pending (what WebSub asks of a publisher).
 *
 * <p>A row is written by the feed delivery after the feed changed and before the delivery counts as
 * done, so a crash in between repeats the delivery and writes it again; it is removed only after the
 * hub took the ping. Every node may send: a node {@linkplain #claim claims} a due row by moving its next
 * attempt past the call's timeout, so two nodes do not ping at once, and a node that dies while sending
 * leaves a row that comes due again. Thread-safe.
 */
@Component
class FeedHubPings {

    /** One owed notification, as claimed: {@code changes} tells a later change from the ones the ping covers. */
    record Due(String feedPath, long changes, int attempts) {
    }

    private final JdbcTemplate jdbc;

    FeedHubPings(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records that these feeds changed: a feed already owed keeps its schedule (a hub in back-off stays so). */
    void changed(String channel, Collection<String> feedPaths, Instant now) {
        for (String path : feedPaths) {
            for (int attempt = 0; ; attempt++) {
                if (jdbc.update("UPDATE feed_hub_ping SET changes = changes + 1 WHERE channel = ? AND feed_path = ?",
                        channel, path) > 0) {
                    break;
                }
                try {
                    jdbc.update("INSERT INTO feed_hub_ping (channel, feed_path, changes, attempts, next_attempt_at) "
                            + "VALUES (?, ?, 1, 0, ?)", channel, path, ts(now));
                    break;
                } catch (DuplicateKeyException raced) {
                    // Another delivery inserted the row first: the next round bumps it instead.
                    if (attempt > 2) {
                        throw raced;
                    }
                }
            }
        }
    }

    /** The feeds whose notification is due at {@code now}, oldest first; not yet claimed. */
    List<String> due(String channel, Instant now) {
        return jdbc.queryForList("SELECT feed_path FROM feed_hub_ping WHERE channel = ? AND next_attempt_at <= ? "
                + "ORDER BY next_attempt_at, feed_path", String.class, channel, ts(now));
    }

    /**
     * Takes a due notification for this node until {@code until}: empty when another node took it first
     * or it is no longer due.
     */
    Optional<Due> claim(String channel, String feedPath, Instant now, Instant until) {
        if (jdbc.update("UPDATE feed_hub_ping SET next_attempt_at = ? WHERE channel = ? AND feed_path = ? "
                + "AND next_attempt_at <= ?", ts(until), channel, feedPath, ts(now)) == 0) {
            return Optional.empty();
        }
        // Read after the claim: a change counted here happened before the ping is sent, so the ping covers it.
        return jdbc.query("SELECT changes, attempts FROM feed_hub_ping WHERE channel = ? AND feed_path = ?",
                (rs, n) -> new Due(feedPath, rs.getLong(1), rs.getInt(2)), channel, feedPath).stream().findFirst();
    }

    /**
     * The hub took the ping (or refused it for good): the row goes unless a change came in meanwhile,
     * which is then due at once.
     */
    void done(String channel, Due ping, Instant now) {
        if (jdbc.update("DELETE FROM feed_hub_ping WHERE channel = ? AND feed_path = ? AND changes = ?",
                channel, ping.feedPath(), ping.changes()) == 0) {
            jdbc.update("UPDATE feed_hub_ping SET attempts = 0, next_attempt_at = ?, last_error = NULL "
                    + "WHERE channel = ? AND feed_path = ?", ts(now), channel, ping.feedPath());
        }
    }

    /** The ping failed for now: try again at {@code next}. */
    void failed(String channel, Due ping, Instant next, String error) {
        jdbc.update("UPDATE feed_hub_ping SET attempts = ?, next_attempt_at = ?, last_error = ? "
                + "WHERE channel = ? AND feed_path = ?", ping.attempts() + 1, ts(next),
                error.length() > 1000 ? error.substring(0, 1000) : error, channel, ping.feedPath());
    }
}
