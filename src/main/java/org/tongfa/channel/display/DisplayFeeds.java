package org.tongfa.channel.display;

import org.tongfa.delivery.ItemSnapshot;
import java.time.Duration;
import java.util.Set;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tongfa.common.EntityTags;
import org.tongfa.config.SiteProperties;
import org.tongfa.published.PublishedEntries;
import org.tongfa.published.PublishedEntry;
import org.tongfa.published.PublishedEntryStore;
import org.tongfa.text.PlainText;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders each screen's {@code feed.json} and keeps it in memory, so that thousands of screens polling
 * cost almost nothing: a request reads the store's revision at most once per
 * {@code tongfa.display.refresh-interval} per channel (one primary-key read), loads the channel's entries
 * only when that revision moved, and renders a screen's playlist again only when the revision moved, a
 * new minute began, or the playlist's own next change (an expiry, a release, a daypart boundary) came.
 *
 * <p>The {@code ETag} is a hash of the content without {@code generatedAt}; when a fresh rendering has
 * the same content, the previous bytes are kept, so equal tags always mean equal bytes (a strong tag).
 *
 * <p>Thread-safe: renderings and entries are immutable values swapped in by reference; two threads
 * rendering the same screen at once produce the same value.
 */
@Component
class DisplayFeeds {

    private static final Logger log = LoggerFactory.getLogger(DisplayFeeds.class);

    /** A rendered feed: its strong tag, its bytes, and until when it holds. */
    record Feed(String etag, byte[] body, Playlist playlist, long revision, Instant validUntil) {
    }

    /** What this node last read of one channel. */
    private static final class ChannelEntries {
        volatile PublishedEntries entries;
        volatile long checkedAt;
        volatile boolean stale;
        final AtomicBoolean checking = new AtomicBoolean();
    }

    private final PublishedEntryStore store;
    /** The bureau's name (the site's, {@code tongfa.site.name}), in every screen's header. */
    private final String bureau;
    private final Screens screens;
    private final Clock clock;
    private final ScreenSchedule schedule;
    private final long refreshMillis;
    private final Map<String, ChannelEntries> channels = new ConcurrentHashMap<>();
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    private final ObjectMapper json = JsonMapper.builder().build();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    DisplayFeeds(PublishedEntryStore store, Screens screens, Clock clock, SiteProperties site) {
        this.store = store;
        this.bureau = site.name() == null ? "" : site.name();
        this.screens = screens;
        this.clock = clock;
        this.schedule = new ScreenSchedule(clock, screens.settings().timeZone());
        this.refreshMillis = screens.settings().refreshInterval().toMillis();
    }

    /** The channel changed on this node: the next request reads the store again, and listeners hear of it. */
    void changed(String channel) {
        channels.computeIfAbsent(channel, c -> new ChannelEntries()).stale = true;
        listeners.forEach(listener -> listener.accept(channel));
    }

    /** Calls {@code listener} with the channel's id after each change on this node (on the delivering thread). */
    void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** The screen's current feed, rendered again only when something it depends on changed. */
    Feed feed(Screen screen) {
        PublishedEntries entries = entries(screen.channel());
        Instant now = clock.instant();
        Feed current = feeds.get(screen.id());
        if (current != null && current.revision() == entries.revision() && now.isBefore(current.validUntil())) {
            return current;
        }
        Feed rendered = render(screen, entries, now, current);
        feeds.put(screen.id(), rendered);
        return rendered;
    }

    /**
     * Of the item ids a screen reports, those it can really have shown: items delivered to its channel
     * in one of its columns (live, or withdrawn since, since a heartbeat reports what played before the
     * last poll). Anything else is dropped, so a screen cannot fill the play log with made-up ids.
     */
    java.util.Set<String> showable(Screen screen, java.util.Collection<String> reported) {
        if (reported.isEmpty()) {
            return java.util.Set.of();
        }
        java.util.Set<String> wanted = new java.util.HashSet<>(reported);
        java.util.Set<String> found = new java.util.HashSet<>();
        for (PublishedEntry entry : entries(screen.channel()).entries()) {
            String id = entry.item().itemId();
            if (wanted.contains(id) && screen.columns().contains(entry.item().column())) {
                found.add(id);
            }
        }
        return found;
    }

    private PublishedEntries entries(String channel) {
        ChannelEntries known = channels.computeIfAbsent(channel, c -> new ChannelEntries());
        long now = clock.millis();
        PublishedEntries current = known.entries;
        if (current != null && !known.stale && now - known.checkedAt < refreshMillis) {
            return current;
        }
        if (current == null) {
            synchronized (known) {
                if (known.entries == null) {
                    known.stale = false;
                    known.entries = store.load(channel);
                    known.checkedAt = now;
                }
                return known.entries;
            }
        }
        // One request thread checks; the others keep serving what this node has.
        if (known.checking.compareAndSet(false, true)) {
            try {
                known.stale = false;
                if (store.revision(channel) != current.revision()) {
                    known.entries = store.load(channel);
                }
                known.checkedAt = now;
            } catch (RuntimeException e) {
                log.warn("Display channel {} could not check its store, serving revision {}: {}", channel,
                        current.revision(), e.toString());
            } finally {
                known.checking.set(false);
            }
        }
        return known.entries;
    }

    /**
     * The feed a screen of {@code orientation} showing this item's column would get with only this item
     * published, for a preview: rendered as every screen's feed is, stored nowhere.
     */
    byte[] preview(ItemSnapshot item, Orientation orientation) {
        Screen screen = new Screen("preview", "预览", "预览", null, Set.of(item.column()), List.of(), 30, orientation,
                null, 3600, Duration.ofHours(1), PlaylistCap.NONE);
        return render(screen, new PublishedEntries(0, List.of(new PublishedEntry(item, false, null))), clock.instant(),
                null).body();
    }

    private Feed render(Screen screen, PublishedEntries entries, Instant now, Feed previous) {
        Playlist playlist = playlist(screen, entries.entries());
        Instant nextMinute = now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Instant validUntil = playlist.nextChange() != null && playlist.nextChange().isBefore(nextMinute)
                ? playlist.nextChange() : nextMinute;
        Map<String, Object> content = content(bureau, screen, playlist);
        String etag = etag(json.writeValueAsBytes(content));
        if (previous != null && previous.etag().equals(etag)) {
            return new Feed(etag, previous.body(), playlist, entries.revision(), validUntil);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("screen", screen.id());
        document.put("generatedAt", now.truncatedTo(ChronoUnit.SECONDS).toString());
        document.putAll(content);
        return new Feed(etag, json.writeValueAsBytes(document), playlist, entries.revision(), validUntil);
    }

    /**
     * The screen's playlist; one stored entry that cannot be scheduled (data nobody foresaw) is left out
     * and logged rather than taking the screen's feed down.
     */
    private Playlist playlist(Screen screen, List<PublishedEntry> all) {
        try {
            return schedule.playlist(screen, all);
        } catch (RuntimeException whole) {
            List<PublishedEntry> usable = new ArrayList<>();
            for (PublishedEntry entry : all) {
                try {
                    // Ordering compares ids and times: an entry without them cannot take part at all.
                    if (entry.item() == null || entry.item().itemId() == null || entry.item().publishedAt() == null) {
                        throw new IllegalStateException("no item id or publication time");
                    }
                    schedule.playlist(screen, List.of(entry));
                    usable.add(entry);
                } catch (RuntimeException e) {
                    log.warn("Screen {} leaves out item {}, which cannot be scheduled: {}", screen.id(),
                            entry.item() == null ? null : entry.item().itemId(), e.toString());
                }
            }
            return schedule.playlist(screen, usable);
        }
    }

    /** What the screen shows; text cleaned of characters no screen can display ({@link PlainText#clean}). */
    private static Map<String, Object> content(String bureau, Screen screen, Playlist playlist) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("bureau", PlainText.clean(bureau));
        content.put("name", PlainText.clean(screen.name()));
        content.put("location", PlainText.clean(screen.location()));
        content.put("orientation", screen.orientation().name().toLowerCase(java.util.Locale.ROOT));
        content.put("pollSeconds", screen.pollSeconds());
        content.put("mode", playlist.mode().name());
        content.put("nextDaypartStart", playlist.nextDaypartStart() == null ? null
                : playlist.nextDaypartStart().toString());
        content.put("items", playlist.items().stream().map(i -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", i.id());
            item.put("title", PlainText.clean(i.title()));
            item.put("summary", PlainText.clean(i.summary()));
            item.put("priority", i.priority());
            item.put("seconds", i.seconds());
            item.put("imageUrl", PlainText.clean(i.imageUrl()));
            item.put("publishedAt", String.valueOf(i.publishedAt()));
            item.put("department", PlainText.clean(i.department()));
            return item;
        }).toList());
        return content;
    }

    private static String etag(byte[] content) {
        return EntityTags.of(content);
    }
}
