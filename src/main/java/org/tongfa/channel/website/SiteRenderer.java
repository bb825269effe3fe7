package org.tongfa.channel.website;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tongfa.config.SiteProperties;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.published.PublishedEntries;
import org.tongfa.published.PublishedEntry;
import org.tongfa.published.RelatedLinks;
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
 * 410 in place of a retracted item's page), {@code sitemap.html}, {@code contact.html}, {@code 404.html}
 * (served with 404 for any path that does not exist), {@code leave/<hash>.html} (the notice before each
 * outside link), {@code site.css}, {@code site.js}, {@code cursor.svg}, and {@code elder/} and
 * {@code hant/} mirroring the pages.
 */
final class SiteRenderer {

    private static final Logger log = LoggerFactory.getLogger(SiteRenderer.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern COLUMN_KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** The files every build holds as they are: the stylesheet, the optional script, the large cursor. */
    static final Map<String, byte[]> STATIC_FILES = Map.of("site.css", resource("/website/site.css"),
            "site.js", resource("/website/site.js"), "cursor.svg", resource("/website/cursor.svg"));

    private final String baseUrl;
    private final String feedUrl;
    private final SiteProperties site;
    private final String title;
    private final int pageSize;
    private final Map<String, String> columnNames;
    private volatile SiteLayout layout;

    /**
     * @param title the site's name in its pages; blank for the one in {@code site}
     * @param columnNames the configured columns, key to name, in the order the site lists them
     */
    SiteRenderer(String baseUrl, String feedUrl, SiteProperties site, String title, int pageSize,
            Map<String, String> columnNames) {
        this.baseUrl = baseUrl;
        this.feedUrl = feedUrl;
        this.site = site;
        this.title = title == null || title.isBlank() ? site.name() : title;
        this.pageSize = pageSize;
        this.columnNames = Collections.unmodifiableMap(new LinkedHashMap<>(columnNames));
    }

    /**
     * A rendered site.
     *
     * @param files every file, by path relative to the base URL
     * @param unchanged the paths whose bytes are the same as in the previous rendering
     */
    record Site(Map<String, byte[]> files, Set<String> unchanged) {
    }

    /** An item page, what it was rendered from, and the outside addresses it links to. */
    private record CachedPage(String key, byte[] bytes, Set<String> outsideLinks) {
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
        RelatedLinks links = entries.links();
        Map<String, CachedPage> previous = cache;
        Map<String, CachedPage> next = new HashMap<>();
        Set<String> unchanged = new HashSet<>();
        // Configured columns in their configured order, then any others the entries name.
        Map<String, String> columns = new LinkedHashMap<>(columnNames);
        for (PublishedEntry entry : entries.entries()) {
            columns.putIfAbsent(entry.item().column(), entry.item().columnName() == null ? entry.item().column()
                    : entry.item().columnName());
        }
        SiteLayout layout = new SiteLayout(baseUrl, site, title, Collections.unmodifiableMap(columns));
        ItemPage itemPage = new ItemPage(layout);
        ListPages lists = new ListPages(layout, feedUrl);
        ServicePages services = new ServicePages(layout);
        // Item pages first, so that an entry whose page cannot be rendered is left out of the lists too.
        Map<String, byte[]> pages = new LinkedHashMap<>();
        Set<String> broken = new HashSet<>();
        for (SiteMode mode : SiteMode.values()) {
            for (PublishedEntry entry : entries.entries()) {
                String id = entry.item().itemId();
                String path = mode.prefix() + (entry.live() ? SitePaths.item(id) : SitePaths.withdrawn(id));
                try {
                    List<ItemSnapshot.RelatedRef> related = links.of(id);
                    String key = pageKey(entry, related);
                    CachedPage cached = previous.get(path);
                    if (cached != null && cached.key().equals(key)) {
                        unchanged.add(path);
                    } else {
                        cached = entry.live() ? cache(key, itemPage.render(mode, entry.item(), related))
                                : new CachedPage(key, lists.withdrawn(mode, entry), Set.of());
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
        Map<String, byte[]> files = new LinkedHashMap<>(STATIC_FILES);
        for (SiteMode mode : SiteMode.values()) {
            files.put(mode.prefix() + SitePaths.HOME, lists.home(mode, listed));
            files.put(mode.prefix() + SitePaths.SITEMAP, services.sitemap(mode));
            files.put(mode.prefix() + SitePaths.CONTACT, services.contact(mode));
            files.put(mode.prefix() + SitePaths.NOT_FOUND, services.notFound(mode));
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
        Set<String> outside = new java.util.TreeSet<>();
        pages.forEach((path, bytes) -> {
            if (!broken.contains(path.substring(path.lastIndexOf('/') + 1, path.length() - ".html".length()))) {
                files.put(path, bytes);
                outside.addAll(next.get(path).outsideLinks());
            }
        });
        for (SiteMode mode : SiteMode.values()) {
            for (String url : outside) {
                files.put(mode.prefix() + SitePaths.leave(url), services.leaving(mode, url));
            }
        }
        next.keySet().removeIf(path -> !files.containsKey(path));
        unchanged.retainAll(files.keySet());
        cache = next;
        this.layout = layout;
        return new Site(files, unchanged);
    }

    private static CachedPage cache(String key, ItemPage.Rendered page) {
        return new CachedPage(key, page.bytes(), page.outsideLinks());
    }

    /**
     * The page shell of the latest rendering (its columns), for pages rendered outside the static
     * build, such as the search results; {@code null} before the first rendering.
     */
    SiteLayout layout() {
        return layout;
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
     * version and retraction, and its links to live items here in both directions, with their titles
     * ({@link RelatedLinks}). A link that appears because an interpretation was published
     * (or goes because it was retracted) changes the key, so the policy's page is rendered again with
     * its own snapshot, and so its own dates, untouched.
     */
    private static String pageKey(PublishedEntry entry, List<ItemSnapshot.RelatedRef> related) {
        StringBuilder key = new StringBuilder().append(entry.item().version()).append('|').append(entry.retracted())
                .append('|').append(entry.retractedAt()).append('|').append(entry.item().updatedAt());
        for (ItemSnapshot.RelatedRef ref : related) {
            key.append('|').append(ref.itemId()).append('=').append(ref.relation()).append(':').append(ref.title());
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
