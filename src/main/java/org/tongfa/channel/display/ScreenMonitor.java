package org.tongfa.channel.display;

import static org.tongfa.common.SqlTimestamps.ts;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tongfa.config.TongfaProperties;

/**
 * Knows which screens are alive: a poll of {@code feed.json} counts as a sign of life (in memory on the
 * node that answered), a heartbeat also records the current item and the items shown since the last
 * one, in {@code display_screen} and {@code display_play} so that every node and every restart sees it.
 * A screen silent for longer than its {@code offline-after} is OFFLINE.
 *
 * <p>Thread-safe. Heartbeats come once per poll interval per screen, so the writes stay small.
 */
@Component
public class ScreenMonitor {

    /** One screen as operators see it in {@code GET /api/v1/screens}. */
    public record ScreenView(String id, String name, String location, String orientation, Instant lastSeen,
            String currentItem, String state) {
    }

    private record Seen(Instant at, String currentItem) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Screens screens;
    private final String nodeId;
    private final Map<String, Instant> polled = new ConcurrentHashMap<>();

    ScreenMonitor(JdbcTemplate jdbc, Clock clock, Screens screens, TongfaProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.screens = screens;
        this.nodeId = properties.nodeId();
    }

    /** The screen fetched its feed. Memory only: polls are the hot path. */
    void polled(String screenId) {
        polled.put(screenId, clock.instant());
    }

    /** The screen reports it is alive, what it shows now and what it showed since its last heartbeat. */
    void heartbeat(String screenId, String showing, List<String> shown) {
        Instant now = clock.instant();
        polled.put(screenId, now);
        OffsetDateTime at = ts(now);
        upsert("UPDATE display_screen SET last_seen = ?, current_item = ?, node_id = ? WHERE screen_id = ?",
                new Object[] {at, showing, nodeId, screenId},
                "INSERT INTO display_screen (last_seen, current_item, node_id, screen_id) VALUES (?, ?, ?, ?)");
        for (String item : new LinkedHashSet<>(shown)) {
            long times = shown.stream().filter(item::equals).count();
            upsert("UPDATE display_play SET plays = plays + ?, last_shown_at = ? WHERE screen_id = ? AND item_id = ?",
                    new Object[] {times, at, screenId, item},
                    "INSERT INTO display_play (plays, last_shown_at, screen_id, item_id) VALUES (?, ?, ?, ?)");
        }
    }

    /** UPDATE, else INSERT with the same parameters; a concurrent first insert on another node wins, then we update. */
    private void upsert(String update, Object[] args, String insert) {
        for (int attempt = 0; ; attempt++) {
            if (jdbc.update(update, args) > 0) {
                return;
            }
            try {
                jdbc.update(insert, args);
                return;
            } catch (DuplicateKeyException raced) {
                if (attempt > 1) {
                    throw raced;
                }
            }
        }
    }

    /** Every configured screen with what is known of it, ordered by id. */
    public List<ScreenView> list() {
        Map<String, Seen> stored = new HashMap<>();
        jdbc.query("SELECT screen_id, last_seen, current_item FROM display_screen", rs -> {
            stored.put(rs.getString(1), new Seen(rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3)));
        });
        Instant now = clock.instant();
        List<ScreenView> views = new ArrayList<>();
        for (Screen screen : screens.all()) {
            Seen seen = stored.get(screen.id());
            Instant lastSeen = seen == null ? null : seen.at();
            Instant poll = polled.get(screen.id());
            if (poll != null && (lastSeen == null || poll.isAfter(lastSeen))) {
                lastSeen = poll;
            }
            boolean online = lastSeen != null && lastSeen.plus(screen.offlineAfter()).isAfter(now);
            views.add(new ScreenView(screen.id(), screen.name(), screen.location(),
                    screen.orientation().name().toLowerCase(java.util.Locale.ROOT), lastSeen,
                    seen == null ? null : seen.currentItem(), online ? "ONLINE" : "OFFLINE"));
        }
        views.sort(java.util.Comparator.comparing(ScreenView::id));
        return views;
    }
}
