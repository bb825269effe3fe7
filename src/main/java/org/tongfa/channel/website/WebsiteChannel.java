package org.tongfa.channel.website;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.tongfa.channel.website.search.SiteSearch;
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
 * A {@code website} channel: a static, accessible site rendered into {@code output-directory} and
 * served by {@link SiteController} at {@code /site/}.
 *
 * <p>A delivery records the item in the shared {@link PublishedEntryStore} (idempotent) and renders,
 * on this node, the pages it changes ({@link SiteRenderer}); the item is DELIVERED once its page is
 * live. Other nodes notice the change by reading the store's revision at most once per
 * {@code refresh-interval}, then read every entry and render the pages of those that changed, so every
 * node's site follows the shared database. The first rendering on a node renders the whole site.
 * Rendering failures (disk full, permissions) are transient: the ledger retries, and the next
 * rendering writes the whole site again.
 *
 * <p>The site's search index ({@link SiteSearch}) follows every rendering: a delivery returns once its
 * item is searchable, a retracted item is out of the results before its withdrawn notice is served, and
 * the first rendering on a node (at start, or when another node changed the store) builds the index
 * from the store.
 *
 * <p>Thread-safe: renderings are serialised, and a reader never waits for one; every page a reader gets
 * is complete (see {@link SiteDirectory}).
 */
final class WebsiteChannel implements Channel, ChannelPreview {

    static final String TYPE = "website";
    private static final Logger log = LoggerFactory.getLogger(WebsiteChannel.class);

    private final String id;
    private final PublishedEntryStore store;
    private final SiteRenderer renderer;
    private final SiteDirectory directory;
    private final SiteSearch search;
    private final String baseUrl;
    private final long refreshMillis;
    private final Clock clock;

    private volatile long renderedRevision = -1;
    private volatile long lastCheck;
    /** Held while rendering; a reader never waits for it (it is served the site as it is). */
    private final ReentrantLock rendering = new ReentrantLock();

    WebsiteChannel(String id, PublishedEntryStore store, SiteRenderer renderer, SiteDirectory directory,
            SiteSearch search, String baseUrl, Duration refreshInterval, Clock clock) {
        this.id = id;
        this.store = store;
        this.renderer = renderer;
        this.directory = directory;
        this.search = search;
        this.baseUrl = baseUrl;
        this.refreshMillis = refreshInterval.toMillis();
        this.clock = clock;
    }

    /** The item's page and its elder mode (长者模式), rendered as a delivery would render them, written nowhere. */
    @Override
    public List<Rendering> preview(ItemSnapshot item) {
        return List.of(
                new Rendering("网页", "text/html;charset=UTF-8", new String(renderer.preview(SiteMode.STANDARD, item),
                        java.nio.charset.StandardCharsets.UTF_8), List.of()),
                new Rendering("长者模式", "text/html;charset=UTF-8", new String(renderer.preview(SiteMode.ELDER, item),
                        java.nio.charset.StandardCharsets.UTF_8), List.of()));
    }

    @Override
    public DeliveryReceipt deliver(Dispatch dispatch) throws RetryLaterException {
        ItemSnapshot item = dispatch.item();
        try {
            takeAndRender(dispatch);
        } catch (DataAccessException e) {
            throw new RetryLaterException("website store unavailable: " + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new RetryLaterException("cannot render the website: " + e, e);
        }
        return new DeliveryReceipt(item.itemId(), baseUrl + SitePaths.item(item.itemId()));
    }

    /**
     * Takes the dispatch into the store and renders what it changed: only the pages it changes when the
     * store shows that this change is the only one since the last rendering; otherwise (the first
     * rendering here, or another node changed the store meanwhile) as {@link #refresh} does. Serialised
     * with every other rendering, so that the changes of this node follow each other one by one.
     */
    private void takeAndRender(Dispatch dispatch) throws RetryLaterException, IOException {
        rendering.lock();
        try {
            takeAndRenderLocked(dispatch);
        } finally {
            rendering.unlock();
        }
    }

    private void takeAndRenderLocked(Dispatch dispatch) throws RetryLaterException, IOException {
        long before = renderedRevision;
        if (store.take(id, dispatch) && before >= 0 && renderer.hasRendering() && directory.current() != null) {
            // The entry first, then the revision: if the revision is the next one, the entry read is as this
            // change left it, for every other change since the last rendering would count in the revision too.
            Optional<PublishedEntry> entry = store.find(id, dispatch.item().itemId());
            if (entry.isPresent() && store.revision(id) == before + 1) {
                write(renderer.render(entry.get()), before + 1);
                return;
            }
        }
        refresh();
    }

    /**
     * The directory holding the current site, after checking the shared store for changes from other
     * nodes at most once per refresh interval; {@code null} if nothing could be rendered yet.
     */
    Path site() {
        long now = clock.millis();
        if (renderedRevision < 0 || now - lastCheck >= refreshMillis) {
            // Not while a delivery renders: its pages are coming, and the current ones are complete meanwhile.
            if (rendering.tryLock()) {
                try {
                    refresh();
                } catch (IOException | RuntimeException e) {
                    log.warn("Website {} could not refresh, serving revision {}: {}", id, renderedRevision, e.toString());
                } finally {
                    lastCheck = now;
                    rendering.unlock();
                }
            }
        }
        return directory.current();
    }

    /**
     * The page shell of the current site, for a page rendered outside the static build (the search
     * results) to wrap its content in; {@code null} before the first rendering.
     */
    SiteLayout layout() {
        return renderer.layout();
    }

    /**
     * Renders the site again when the store changed since the last rendering: reads every entry, and
     * renders the pages whose entries changed, or the whole site when there is no last rendering here.
     */
    void refresh() throws IOException {
        rendering.lock();
        try {
            long revision = store.revision(id);
            if (revision == renderedRevision && directory.current() != null) {
                return;
            }
            PublishedEntries entries = store.load(id);
            write(renderer.renderSite(entries), entries.revision());
        } finally {
            rendering.unlock();
        }
    }

    /**
     * Writes a rendering and has the index follow: items no longer shown leave the results before the
     * pages change (a retracted item's withdrawn notice is served once its page is removed, last), the
     * items rendered are indexed once their own pages are there, so a result never links to a page not
     * yet served. At a delivery the lists that link to them follow the index, which need not wait for
     * them: a column of 10,000 items has 500 pages in each mode, and a new item moves every one.
     */
    private void write(SiteRenderer.Site site, long revision) throws IOException {
        try {
            if (site.whole()) {
                search.keepOnly(site.shown().stream().map(e -> e.item().itemId()).collect(Collectors.toSet()));
                directory.publish(revision, site.files());
                search.follow(site.shown());
            } else {
                search.remove(site.hidden());
                directory.update(site.pages(), List.of());
                search.add(site.rendered());
                directory.update(site.lists().get(), site.removed());
            }
        } catch (IOException | RuntimeException e) {
            // What is on disk may be part of this rendering: the next one writes the whole site again.
            renderer.forget();
            throw e;
        }
        renderer.rendered();
        renderedRevision = revision;
        log.debug("Website {} at revision {}: {} pages written, {} removed", id, revision, site.pages().size(),
                site.removed().size());
    }

    /** The site's search index; ask {@link #site()} first to have it follow changes made on other nodes. */
    SiteSearch search() {
        return search;
    }

    /** The base URL of the site's pages in one mode, ending in {@code /}. */
    String root(SiteMode mode) {
        return baseUrl + mode.prefix();
    }

    /**
     * A page answered on request (the search results) in the site's shell of the latest rendering:
     * header, navigation, breadcrumbs and footer around {@code mainHtml}, in {@code mode}.
     *
     * @param path the page's path below the mode's root, which the mode switches link to
     */
    byte[] page(SiteMode mode, String pageTitle, String path, String mainHtml) {
        SiteLayout layout = renderer.layout();
        if (layout == null) {
            throw new IllegalStateException("the site has not been rendered yet");
        }
        return layout.render(mode, new SiteLayout.Page(pageTitle + " - " + layout.title(), path, null,
                List.of(new SiteLayout.Crumb(pageTitle, null)), List.of(), mainHtml));
    }
}
