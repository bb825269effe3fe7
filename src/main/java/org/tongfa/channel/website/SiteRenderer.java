package org.tongfa.channel.website;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.published.PublishedEntries;
import org.tongfa.published.PublishedEntry;
import org.tongfa.text.PlainText;

/**
 * Renders the whole static site from a channel's entries: home, column pages, item pages, withdrawn
 * notices, and the same pages again in every other {@link SiteMode} (长者模式 under {@code elder/}),
 * each a second rendering rather than a script so it works without JavaScript. The pages themselves
 * are written by {@link ListPages} and {@link ItemPage}, inside the shell of {@link SiteLayout}.
 *
 * <p>Lists (home, column pages) are rendered every time; an item page or withdrawn notice is rendered
 * only when what it shows changed (its version, its retraction, which of its related items are live),
 * and is otherwise reused and reported as unchanged, so {@link SiteDirectory} links it from the
 * previous build instead of writing it. Not thread-safe: its owner renders under one lock.
 *
 * <p>Layout (relative to the base URL): {@code index.html}, {@code columns/<key>/index.html},
 * {@code columns/<key>/page-<n>.html}, {@code items/<id>.html}, {@code withdrawn/<id>.html} (served with
 * 410 in place of a retracted item's page), {@code site.css}, and {@code elder/} mirroring the pages.
 */
final class SiteRenderer {

    private static final Logger log = LoggerFactory.getLogger(SiteRenderer.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern COLUMN_KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    static final byte[] STYLESHEET = resource("/website/site.css");

    private final String baseUrl;
    private final String feedUrl;
    private final String title;
    private final int pageSize;
    private final Map<String, String> columnNames;

    SiteRenderer(String baseUrl, String feedUrl, String title, int pageSize, Map<String, String> columnNames) {
        this.baseUrl = baseUrl;
        this.feedUrl = feedUrl;
        this.title = title;
        this.pageSize = pageSize;
        this.columnNames = Map.copyOf(columnNames);
    }

    /**
     * A rendered site.
     *
     * @param files every file, by path relative to the base URL
     * @param unchanged the paths whose bytes are the same as in the previous rendering
     */
    record Site(Map<String, byte[]> files, Set<String> unchanged) {
    }

    /** An item page and what it was rendered from. */
    private record CachedPage(String key, byte[] bytes) {
    }

    private Map<String, CachedPage> cache = new HashMap<>();

    /**
     * The site, with the item pages that did not change since the previous call marked unchanged.
     *
     * <p>One stored entry never takes the site down: an entry that cannot be placed (no usable id,
     * column or publication time) or whose page fails to render is left out of every page and logged,
     * and every text is written cleaned of characters no reader can be shown ({@link PlainText#clean}).
     */
    Site renderSite(PublishedEntries stored) {
        PublishedEntries entries = new PublishedEntries(stored.revision(),
                stored.entries().stream().filter(SiteRenderer::placeable).toList());
        Map<String, CachedPage> previous = cache;
        Map<String, CachedPage> next = new HashMap<>();
        Set<String> unchanged = new HashSet<>();
        Map<String, String> columns = new TreeMap<>(columnNames);
        for (PublishedEntry entry : entries.entries()) {
            columns.putIfAbsent(entry.item().column(), entry.item().columnName() == null ? entry.item().column()
                    : entry.item().columnName());
        }
        SiteLayout layout = new SiteLayout(baseUrl, title, columns);
        ItemPage itemPage = new ItemPage(layout);
        ListPages lists = new ListPages(layout, feedUrl);
        // Item pages first, so that an entry whose page cannot be rendered is left out of the lists too.
        Map<String, byte[]> pages = new LinkedHashMap<>();
        Set<String> broken = new HashSet<>();
        for (SiteMode mode : SiteMode.values()) {
            for (PublishedEntry entry : entries.entries()) {
                String id = entry.item().itemId();
                String path = mode.prefix() + (entry.live() ? SitePaths.item(id) : SitePaths.withdrawn(id));
                try {
                    String key = pageKey(entry, entries);
                    CachedPage cached = previous.get(path);
                    if (cached != null && cached.key().equals(key)) {
                        unchanged.add(path);
                    } else {
                        cached = new CachedPage(key, entry.live() ? itemPage.render(mode, entry.item(), entries)
                                : lists.withdrawn(mode, entry));
                    }
                    next.put(path, cached);
                    pages.put(path, cached.bytes());
                } catch (RuntimeException e) {
                    if (broken.add(id)) {
                        log.warn("Website leaves out item {} v{}, whose page cannot be rendered: {}", id,
                                entry.item().version(), e.toString());
                    }
                }
            }
        }
        PublishedEntries listed = broken.isEmpty() ? entries : new PublishedEntries(entries.revision(),
                entries.entries().stream().filter(e -> !broken.contains(e.item().itemId())).toList());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("site.css", STYLESHEET);
        for (SiteMode mode : SiteMode.values()) {
            files.put(mode.prefix() + "index.html", lists.home(mode, listed));
            for (Map.Entry<String, String> column : columns.entrySet()) {
                List<PublishedEntry> live = listed.live(column.getKey());
                int count = Math.max(1, (live.size() + pageSize - 1) / pageSize);
                for (int n = 1; n <= count; n++) {
                    List<PublishedEntry> slice = live.subList((n - 1) * pageSize, Math.min(live.size(), n * pageSize));
                    files.put(mode.prefix() + SitePaths.column(column.getKey(), n),
                            lists.column(mode, column.getKey(), column.getValue(), slice, n, count));
                }
            }
        }
        pages.forEach((path, bytes) -> {
            if (!broken.contains(path.substring(path.lastIndexOf('/') + 1, path.length() - ".html".length()))) {
                files.put(path, bytes);
            }
        });
        next.keySet().removeIf(path -> !files.containsKey(path));
        unchanged.retainAll(files.keySet());
        cache = next;
        return new Site(files, unchanged);
    }

    /** Item ids and column keys become file names and URLs; the lists need a publication time. */
    private static boolean placeable(PublishedEntry entry) {
        ItemSnapshot item = entry.item();
        boolean placeable = item != null && item.itemId() != null && ID.matcher(item.itemId()).matches()
                && item.column() != null && COLUMN_KEY.matcher(item.column()).matches() && item.publishedAt() != null;
        if (!placeable) {
            log.warn("Website leaves out a stored entry it cannot place (item {}, column {})",
                    item == null ? null : item.itemId(), item == null ? null : item.column());
        }
        return placeable;
    }

    /**
     * Everything an item page or withdrawn notice shows that can change between renderings: its own
     * version and retraction, and for each related item whether it is live here and what it is called.
     */
    private static String pageKey(PublishedEntry entry, PublishedEntries entries) {
        StringBuilder key = new StringBuilder().append(entry.item().version()).append('|').append(entry.retracted())
                .append('|').append(entry.retractedAt()).append('|').append(entry.item().updatedAt());
        for (ItemSnapshot.RelatedRef ref : ItemPage.related(entry.item())) {
            key.append('|').append(ref.itemId()).append('=').append(ItemPage.liveRelated(ref, entries)
                    .map(e -> e.item().version() + ":" + e.item().title()).orElse("-"));
        }
        return key.toString();
    }


    private static byte[] resource(String name) {
        try (InputStream in = SiteRenderer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
