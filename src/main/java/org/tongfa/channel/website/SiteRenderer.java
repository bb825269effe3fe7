package org.tongfa.channel.website;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
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
 * Renders the static site from a channel's entries: home, column pages, item pages, withdrawn notices,
 * and the same pages again in every other {@link SiteMode} (长者模式 under {@code elder/}, 繁体版 under
 * {@code hant/}), each a second rendering rather than a script so it works without JavaScript. The
 * pages themselves are written by {@link ListPages} and {@link ItemPage}, inside the shell of
 * {@link SiteLayout}.
 *
 * <p>Incremental: it remembers what each page of its last rendering was made of (an item page's
 * version, retraction and related links; the lines of each list page; the outside addresses needing a
 * leaving notice), and a rendering renders only the pages whose inputs changed and names the pages
 * that are gone. Every page is a function of those inputs alone, so a site built by a sequence of
 * renderings holds the same bytes as one rendering of the same entries from nothing. The whole site is
 * rendered when there is no last rendering (the first on a node, or after a write failed) or when the
 * navigation changed (a column not configured appeared, went, or was renamed), since every page shows
 * it. Not thread-safe: its owner renders under one lock.
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
    /** What the site on disk was rendered from; {@code null} when that is not known. */
    private State last;
    /** What the latest rendering was made from, until its owner says it was written ({@link #rendered}). */
    private State pending;

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
     * What turns the site of the last rendering into this one.
     *
     * @param whole whether {@code pages} and {@code lists} are the whole site, to be written as a new build;
     *     otherwise only the changed files, to be written over the last rendering's
     * @param pages the files to write first, by path relative to the base URL: when not whole, in an order
     *     that keeps every link working while they are written one by one (leaving notices, then item pages
     *     and withdrawn notices)
     * @param lists the home and column pages to write after them, which link to them: rendered when asked
     *     for, so that the items' own pages can be written (and indexed) first
     * @param removed the paths of the last rendering this one no longer has, to remove after writing
     * @param shown the live entries whose pages this rendering holds
     * @param rendered the entries of {@code shown} whose item pages are among {@code pages}
     * @param hidden the items whose pages the last rendering showed and this one does not
     */
    record Site(boolean whole, Map<String, byte[]> pages, Supplier<Map<String, byte[]>> lists, Set<String> removed,
            List<PublishedEntry> shown, List<PublishedEntry> rendered, Set<String> hidden) {

        /** Every file to write, in order. */
        Map<String, byte[]> files() {
            Map<String, byte[]> files = new LinkedHashMap<>(pages);
            files.putAll(lists.get());
            return files;
        }
    }

    /** An item's pages as last rendered: what they were rendered from, whether they could be, their outside links. */
    private record ItemPages(String key, boolean live, boolean broken, Set<String> outsideLinks) {

        /** Where its pages are, in every mode; nowhere when they could not be rendered. */
        List<String> paths(String id) {
            List<String> paths = new ArrayList<>();
            for (SiteMode mode : broken ? new SiteMode[0] : SiteMode.values()) {
                paths.add(mode.prefix() + (live ? SitePaths.item(id) : SitePaths.withdrawn(id)));
            }
            return paths;
        }

        boolean shown() {
            return live && !broken;
        }
    }

    /** What a list shows of an item. */
    private record Line(String id, String title, String priority, Instant publishedAt) {

        static Line of(PublishedEntry entry) {
            ItemSnapshot item = entry.item();
            return new Line(item.itemId(), item.title(), item.priority(), item.publishedAt());
        }
    }

    /** What one rendering was made from. */
    private record State(SiteLayout layout, List<Map.Entry<String, String>> navigation,
            Map<String, PublishedEntry> entries, Map<String, ItemPages> items, Map<String, List<Line>> lists,
            Set<String> outside) {
    }

    /** The pages a rendering writes and removes, as it finds them. */
    private static final class Changes {
        final Map<String, byte[]> leaves = new LinkedHashMap<>();
        final Map<String, byte[]> pages = new LinkedHashMap<>();
        final Map<String, Supplier<byte[]>> lists = new LinkedHashMap<>();
        final Set<String> removed = new LinkedHashSet<>();
        final List<PublishedEntry> rendered = new ArrayList<>();
    }

    /**
     * The site for everything the channel holds, as changes to the last rendering (whole when there is
     * none, see the type's description).
     *
     * <p>One stored entry never takes the site down: an entry that cannot be placed (no usable id,
     * column or publication time) or whose page fails to render is left out of every page and logged,
     * and every text is written cleaned of characters no reader can be shown ({@link PlainText#clean}).
     */
    Site renderSite(PublishedEntries stored) {
        return render(stored.entries().stream().filter(SiteRenderer::placeable).toList());
    }

    /**
     * The site after one entry changed since the last rendering, as changes to it: what a delivery on
     * this node renders, without reading the other entries again.
     *
     * @throws IllegalStateException when there is no last rendering ({@link #hasRendering})
     */
    Site render(PublishedEntry changed) {
        if (last == null) {
            throw new IllegalStateException("no rendering to change");
        }
        Map<String, PublishedEntry> entries = new HashMap<>(last.entries());
        entries.remove(changed.item().itemId());
        if (placeable(changed)) {
            entries.put(changed.item().itemId(), changed);
        }
        return render(entries.values());
    }

    /** Whether the site on disk is known to be this renderer's last rendering, for {@link #render(PublishedEntry)}. */
    boolean hasRendering() {
        return last != null;
    }

    /** The latest rendering was written: the site on disk is made of it now. */
    void rendered() {
        last = pending;
        layout = last.layout();
        pending = null;
    }

    /** The latest rendering could not be written, or not completely: the next one renders the whole site. */
    void forget() {
        last = null;
        pending = null;
    }

    private Site render(Collection<PublishedEntry> placeable) {
        PublishedEntries entries = new PublishedEntries(0, List.copyOf(placeable));
        // Configured columns in their configured order, then any others the entries name.
        Map<String, String> columns = new LinkedHashMap<>(columnNames);
        for (PublishedEntry entry : entries.entries()) {
            columns.putIfAbsent(entry.item().column(), entry.item().columnName() == null ? entry.item().column()
                    : entry.item().columnName());
        }
        List<Map.Entry<String, String>> navigation = List.copyOf(columns.entrySet());
        // Every page shows the navigation: when it changed, nothing of the last rendering can be kept.
        State before = last != null && last.navigation().equals(navigation) ? last : null;
        SiteLayout layout = before == null ? new SiteLayout(baseUrl, site, title, Collections.unmodifiableMap(columns))
                : before.layout();
        ListPages lists = new ListPages(layout, feedUrl);
        ServicePages services = new ServicePages(layout);
        Changes changes = new Changes();
        Map<String, ItemPages> items = items(entries, before, new ItemPage(layout), lists, changes);
        List<PublishedEntry> shown = entries.entries().stream().filter(e -> items.get(e.item().itemId()).shown())
                .toList();
        Map<String, List<Line>> lines = lists(new PublishedEntries(0, shown), before, lists, layout.columns(), changes);
        Set<String> outside = new TreeSet<>();
        items.values().stream().filter(ItemPages::shown).forEach(pages -> outside.addAll(pages.outsideLinks()));
        for (String url : outside) {
            if (before == null || !before.outside().contains(url)) {
                for (SiteMode mode : SiteMode.values()) {
                    changes.leaves.put(mode.prefix() + SitePaths.leave(url), services.leaving(mode, url));
                }
            }
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (before == null) {
            files.putAll(STATIC_FILES);
            for (SiteMode mode : SiteMode.values()) {
                files.put(mode.prefix() + SitePaths.SITEMAP, services.sitemap(mode));
                files.put(mode.prefix() + SitePaths.CONTACT, services.contact(mode));
                files.put(mode.prefix() + SitePaths.NOT_FOUND, services.notFound(mode));
            }
        } else {
            for (String url : before.outside()) {
                if (!outside.contains(url)) {
                    for (SiteMode mode : SiteMode.values()) {
                        changes.removed.add(mode.prefix() + SitePaths.leave(url));
                    }
                }
            }
        }
        files.putAll(changes.leaves);
        files.putAll(changes.pages);
        Set<String> hidden = new HashSet<>();
        if (last != null) {
            last.items().forEach((id, was) -> {
                ItemPages now = items.get(id);
                if (was.shown() && (now == null || !now.shown())) {
                    hidden.add(id);
                }
            });
        }
        Map<String, PublishedEntry> byId = new HashMap<>();
        entries.entries().forEach(e -> byId.put(e.item().itemId(), e));
        pending = new State(layout, navigation, byId, items, lines, outside);
        Map<String, Supplier<byte[]>> listed = changes.lists;
        Supplier<Map<String, byte[]>> renderLists = () -> {
            Map<String, byte[]> pages = new LinkedHashMap<>();
            listed.forEach((path, page) -> pages.put(path, page.get()));
            return pages;
        };
        return new Site(before == null, files, renderLists, changes.removed, shown, changes.rendered, hidden);
    }

    /**
     * Each entry's pages: rendered again when what they show changed since {@code before} (always when
     * there is no {@code before}), else kept as they are.
     */
    private static Map<String, ItemPages> items(PublishedEntries entries, State before, ItemPage itemPage,
            ListPages lists, Changes changes) {
        RelatedLinks links = entries.links();
        Map<String, ItemPages> items = new HashMap<>();
        for (PublishedEntry entry : entries.entries()) {
            String id = entry.item().itemId();
            ItemPages previous = before == null ? null : before.items().get(id);
            List<ItemSnapshot.RelatedRef> related;
            String key;
            try {
                related = links.of(id);
                key = pageKey(entry, related);
            } catch (RuntimeException e) {
                // Only the entry's own links can fail to be read: the key depends on the entry alone.
                related = null;
                key = pageKey(entry, List.of()) + "|unreadable links";
            }
            ItemPages pages = previous != null && previous.key().equals(key) ? previous
                    : render(entry, related, key, itemPage, lists, changes);
            if (previous != null) {
                List<String> now = pages.paths(id);
                previous.paths(id).stream().filter(path -> !now.contains(path)).forEach(changes.removed::add);
            }
            items.put(id, pages);
        }
        if (before != null) {
            before.items().forEach((id, pages) -> {
                if (!items.containsKey(id)) {
                    changes.removed.addAll(pages.paths(id));
                }
            });
        }
        return items;
    }

    /**
     * An entry's item page or withdrawn notice in every mode; none, and the entry left out of the lists,
     * when one of them cannot be rendered.
     *
     * @param related its links, or {@code null} when they cannot be read
     */
    private static ItemPages render(PublishedEntry entry, List<ItemSnapshot.RelatedRef> related, String key,
            ItemPage itemPage, ListPages lists, Changes changes) {
        String id = entry.item().itemId();
        Map<String, byte[]> pages = new LinkedHashMap<>();
        Set<String> outside = new TreeSet<>();
        try {
            if (related == null) {
                throw new IllegalArgumentException("its related links cannot be read");
            }
            for (SiteMode mode : SiteMode.values()) {
                if (entry.live()) {
                    ItemPage.Rendered page = itemPage.render(mode, entry.item(), related);
                    pages.put(mode.prefix() + SitePaths.item(id), page.bytes());
                    outside.addAll(page.outsideLinks());
                } else {
                    pages.put(mode.prefix() + SitePaths.withdrawn(id), lists.withdrawn(mode, entry));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Website leaves out item {} v{}, whose page cannot be rendered: {}", id, entry.item().version(),
                    e.toString());
            return new ItemPages(key, entry.live(), true, Set.of());
        }
        changes.pages.putAll(pages);
        if (entry.live()) {
            changes.rendered.add(entry);
        }
        return new ItemPages(key, entry.live(), false, Set.copyOf(outside));
    }

    /**
     * The home page and the column pages of the {@code shown} entries, each rendered again only when the
     * lines it shows or the number of pages of its column changed since {@code before} (always when there
     * is no {@code before}); column pages past a column's new last page are removed.
     *
     * @return the lines of each column
     */
    private Map<String, List<Line>> lists(PublishedEntries shown, State before, ListPages lists,
            Map<String, String> columns, Changes changes) {
        Map<String, List<Line>> lines = new HashMap<>();
        boolean home = before == null;
        for (Map.Entry<String, String> column : columns.entrySet()) {
            String key = column.getKey();
            List<PublishedEntry> live = shown.live(key);
            List<Line> now = live.stream().map(Line::of).toList();
            List<Line> was = before == null ? null : before.lists().get(key);
            lines.put(key, now);
            home |= was == null || !top(was).equals(top(now));
            int count = pages(now.size());
            int wasCount = was == null ? 0 : pages(was.size());
            for (int n = 1; n <= count; n++) {
                // The pagination shows the number of pages: when it changed, every page of the column did.
                if (was == null || count != wasCount || !slice(was, n).equals(slice(now, n))) {
                    List<PublishedEntry> page = live.subList((n - 1) * pageSize, Math.min(live.size(), n * pageSize));
                    int number = n;
                    for (SiteMode mode : SiteMode.values()) {
                        changes.lists.put(mode.prefix() + SitePaths.column(key, n),
                                () -> lists.column(mode, key, column.getValue(), page, number, count));
                    }
                }
            }
            for (int n = count + 1; n <= wasCount; n++) {
                for (SiteMode mode : SiteMode.values()) {
                    changes.removed.add(mode.prefix() + SitePaths.column(key, n));
                }
            }
        }
        if (home) {
            for (SiteMode mode : SiteMode.values()) {
                changes.lists.put(mode.prefix() + SitePaths.HOME, () -> lists.home(mode, shown));
            }
        }
        return lines;
    }

    private int pages(int lines) {
        return Math.max(1, (lines + pageSize - 1) / pageSize);
    }

    private List<Line> slice(List<Line> lines, int n) {
        return lines.subList(Math.min(lines.size(), (n - 1) * pageSize), Math.min(lines.size(), n * pageSize));
    }

    /** The lines of a column the home page shows. */
    private static List<Line> top(List<Line> lines) {
        return lines.subList(0, Math.min(lines.size(), ListPages.HOME_ITEMS_PER_COLUMN));
    }

    /**
     * The page shell of the latest rendering (its columns), for pages rendered outside the static
     * build, such as the search results; {@code null} before the first rendering.
     */
    SiteLayout layout() {
        return layout;
    }

    /**
     * An item's page in one mode as this site would render it, for a preview: the configured columns as
     * navigation, related links left out (they are only those live on the site), nothing remembered or
     * written. Thread-safe: it shares no state with the renderings.
     */
    byte[] preview(SiteMode mode, ItemSnapshot item) {
        SiteLayout shell = new SiteLayout(baseUrl, site, title, columnNames);
        return new ItemPage(shell).render(mode, item, List.of()).bytes();
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
