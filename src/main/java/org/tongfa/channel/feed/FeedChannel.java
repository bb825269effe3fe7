package org.tongfa.channel.feed;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.tongfa.delivery.Channel;
import org.tongfa.delivery.ChannelPreview;
import org.tongfa.delivery.DeliveryReceipt;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.delivery.RetryLaterException;
import org.tongfa.published.PublishedEntries;
import org.tongfa.published.PublishedEntry;
import org.tongfa.published.PublishedEntryStore;

/**
 * A {@code feed} channel: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of all items and of each column,
 * served by {@link FeedEndpoint} at {@code /feeds/all.rss|.atom|.json} and
 * {@code /feeds/columns/<column>.rss|.atom|.json}.
 *
 * <p>A delivery records the item in the shared {@link PublishedEntryStore} (idempotent), renders every
 * feed again on this node and, with a WebSub hub configured, records which feeds the hub must hear of
 * ({@link FeedHubPings}); it never calls the hub itself. The {@link HubNotifier} tells the hub apart
 * from deliveries, with its own retries, so a hub outage neither keeps a change out of the feeds nor
 * fails a delivery. Feeds are rendered once per change and served from memory; other nodes notice a
 * change by reading the store's revision at most once per {@code refresh-interval} and render then.
 *
 * <p>Thread-safe: the rendered feeds are one immutable snapshot swapped in by reference.
 */
final class FeedChannel implements Channel, ChannelPreview {

    static final String TYPE = "feed";
    private static final Logger log = LoggerFactory.getLogger(FeedChannel.class);

    /** The feeds of one store revision, keyed by path ({@code all.rss}, {@code columns/news.json}). */
    private record Rendered(long revision, Map<String, FeedDocument> documents) {
    }

    private final String id;
    private final PublishedEntryStore store;
    private final FeedRenderer renderer;
    private final String baseUrl;
    private final String siteUrl;
    private final String hubUrl;
    private final HubNotifier notifier;
    private final int items;
    private final String title;
    private final String description;
    private final Map<String, String> columnNames;
    private final long refreshMillis;
    private final Clock clock;

    private volatile Rendered rendered;
    private volatile long lastCheck;
    private final AtomicBoolean checking = new AtomicBoolean();

    /**
     * @param title the all-items feed's title; a column's feed is titled {@code <title> - <column name>}
     * @param description what every feed says it is about
     */
    FeedChannel(String id, PublishedEntryStore store, FeedRenderer renderer, String baseUrl, String siteUrl,
            String hubUrl, HubNotifier notifier, int items, String title, String description,
            Map<String, String> columnNames, Duration refreshInterval, Clock clock) {
        this.id = id;
        this.store = store;
        this.renderer = renderer;
        this.baseUrl = baseUrl;
        this.siteUrl = siteUrl;
        this.hubUrl = hubUrl;
        this.notifier = notifier;
        this.items = items;
        this.title = title;
        this.description = description;
        this.columnNames = Map.copyOf(columnNames);
        this.refreshMillis = refreshInterval.toMillis();
        this.clock = clock;
    }

    String id() {
        return id;
    }

    /** What tells the hub of changes, when the channel has a hub. */
    Optional<HubNotifier> notifier() {
        return Optional.ofNullable(notifier);
    }

    /**
     * The item's entry in the column's feed, in each format (RSS, Atom, JSON Feed), rendered by the same
     * renderer as the published feeds with this one item in it; nothing is stored.
     */
    @Override
    public List<Rendering> preview(ItemSnapshot item) {
        String path = "columns/" + item.column();
        String name = item.columnName() == null ? item.column() : item.columnName();
        List<Rendering> renderings = new ArrayList<>();
        Instant changed = FeedRenderer.updatedAt(item);
        for (FeedFormat format : FeedFormat.values()) {
            FeedRenderer.Scope scope = new FeedRenderer.Scope(path, title + " - " + name, description,
                    baseUrl + path + "." + format.extension, siteUrl + "columns/" + item.column() + "/", hubUrl);
            FeedDocument document = renderer.render(format, scope, List.of(new PublishedEntry(item, false, null)),
                    changed == null ? clock.instant() : changed, this::itemUrl);
            renderings.add(new Rendering(format == FeedFormat.JSON ? "JSON Feed" : format.name().equals("RSS") ? "RSS"
                    : "Atom", document.contentType(), new String(document.body(), StandardCharsets.UTF_8), List.of()));
        }
        return renderings;
    }

    @Override
    public DeliveryReceipt deliver(Dispatch dispatch) throws RetryLaterException {
        ItemSnapshot item = dispatch.item();
        store.take(id, dispatch);
        try {
            Set<String> changed = refresh();
            if (notifier != null) {
                // The item's own feeds even when this rendering saw no change: a repeated delivery after a
                // crash finds the store changed already, and the hub may not have heard.
                Set<String> owed = new TreeSet<>(changed);
                owed.addAll(feedPaths(item.column()));
                owed.retainAll(rendered.documents().keySet());
                notifier.changed(owed);
            }
        } catch (DataAccessException e) {
            throw new RetryLaterException("feed store unavailable: " + e.getMessage(), e);
        }
        return new DeliveryReceipt(item.itemId(), itemUrl(item));
    }

    /** The feeds (paths below the base URL) that change when an item of {@code column} changes. */
    static List<String> feedPaths(String column) {
        List<String> paths = new ArrayList<>();
        for (FeedFormat format : FeedFormat.values()) {
            paths.add("all." + format.extension);
        }
        for (FeedFormat format : FeedFormat.values()) {
            paths.add("columns/" + column + "." + format.extension);
        }
        return paths;
    }

    /**
     * The current feed at {@code path} ({@code all.rss}, {@code columns/news.atom}), checking the shared
     * store for changes from other nodes at most once per refresh interval.
     */
    Optional<FeedDocument> document(String path) {
        Rendered current = rendered;
        long now = clock.millis();
        if (current == null || now - lastCheck >= refreshMillis) {
            if (current == null) {
                refresh();
            } else if (checking.compareAndSet(false, true)) {
                // One request thread checks; the others keep serving what is rendered.
                try {
                    refresh();
                } catch (RuntimeException e) {
                    log.warn("Feed {} could not check its store, serving revision {}: {}", id, current.revision(),
                            e.toString());
                } finally {
                    checking.set(false);
                }
            }
            lastCheck = now;
            current = rendered;
        }
        return Optional.ofNullable(current.documents().get(path));
    }

    /**
     * Renders every feed again when the store changed since the last rendering.
     *
     * @return the feeds whose bytes differ from the previous rendering on this node (none at the first)
     */
    synchronized Set<String> refresh() {
        long revision = store.revision(id);
        Rendered current = rendered;
        if (current != null && current.revision() == revision) {
            return Set.of();
        }
        PublishedEntries entries = store.load(id);
        Rendered next = new Rendered(entries.revision(), render(entries));
        rendered = next;
        Set<String> changed = new TreeSet<>();
        if (current != null) {
            next.documents().forEach((path, document) -> {
                FeedDocument before = current.documents().get(path);
                if (before == null || !before.etag().equals(document.etag())) {
                    changed.add(path);
                }
            });
        }
        return changed;
    }

    private Map<String, FeedDocument> render(PublishedEntries entries) {
        Map<String, FeedDocument> documents = new HashMap<>();
        FeedRenderer.ItemUrls urls = this::itemUrl;
        renderScope(documents, "all", title, siteUrl, entries.entries(), urls);
        Map<String, String> columns = new TreeMap<>(columnNames);
        for (PublishedEntry entry : entries.entries()) {
            String column = entry.item().column();
            // A column key becomes part of a URL: one that is not a catalogue-shaped key gets no feed of its own.
            if (column != null && COLUMN_KEY.matcher(column).matches()) {
                columns.putIfAbsent(column, entry.item().columnName() == null ? column : entry.item().columnName());
            }
        }
        columns.forEach((key, name) -> renderScope(documents, "columns/" + key, title + " - " + name,
                siteUrl + "columns/" + key + "/", entries.entries().stream()
                        .filter(e -> key.equals(e.item().column())).toList(), urls));
        return Map.copyOf(documents);
    }

    private static final java.util.regex.Pattern COLUMN_KEY = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private void renderScope(Map<String, FeedDocument> documents, String path, String scopeTitle, String home,
            List<PublishedEntry> all, FeedRenderer.ItemUrls urls) {
        List<PublishedEntry> live = all.stream().filter(PublishedEntry::live).limit(items).toList();
        Instant lastModified = Instant.EPOCH;
        for (PublishedEntry entry : all) {
            Instant changed = entry.retracted() && entry.retractedAt() != null ? entry.retractedAt()
                    : FeedRenderer.updatedAt(entry.item());
            if (changed != null && changed.isAfter(lastModified)) {
                lastModified = changed;
            }
        }
        for (FeedFormat format : FeedFormat.values()) {
            String self = baseUrl + path + "." + format.extension;
            FeedRenderer.Scope scope = new FeedRenderer.Scope(path, scopeTitle, description, self, home, hubUrl);
            try {
                FeedDocument document = renderer.render(format, scope, live, lastModified, urls);
                documents.put(document.path(), document);
            } catch (RuntimeException e) {
                // The renderer already leaves out entries that fail; this is the feed itself. The others still go out.
                log.error("Feed {} cannot render {}.{}: {}", id, path, format.extension, e.toString(), e);
            }
        }
    }

    String itemUrl(ItemSnapshot item) {
        return siteUrl + "items/" + item.itemId() + ".html";
    }
}
