package org.tongfa.channel.website;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.tongfa.channel.website.search.SiteSearch;
import org.tongfa.delivery.Channel;
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
 * <p>A delivery records the item in the shared {@link PublishedEntryStore} (idempotent) and renders
 * the site again on this node; the item is DELIVERED once its page is live. Other nodes notice the
 * change by reading the store's revision at most once per {@code refresh-interval} and render then,
 * so every node's site follows the shared database. Rendering failures (disk full, permissions) are
 * transient: the ledger retries.
 *
 * <p>The site's search index ({@link SiteSearch}) follows every rendering: a delivery returns once its
 * item is searchable, a retracted item is out of the results before its withdrawn notice is served, and
 * the first rendering on a node (at start, or when another node changed the store) builds the index
 * from the store.
 *
 * <p>Thread-safe: renderings are serialised; readers only ever see a complete site (see
 * {@link SiteDirectory}).
 */
final class WebsiteChannel implements Channel {

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
    private final AtomicBoolean checking = new AtomicBoolean();

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

    @Override
    public DeliveryReceipt deliver(Dispatch dispatch) throws RetryLaterException {
        ItemSnapshot item = dispatch.item();
        store.take(id, dispatch);
        try {
            refresh();
        } catch (DataAccessException e) {
            throw new RetryLaterException("website store unavailable: " + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new RetryLaterException("cannot render the website: " + e, e);
        }
        return new DeliveryReceipt(item.itemId(), baseUrl + SitePaths.item(item.itemId()));
    }

    /**
     * The directory holding the current site, after checking the shared store for changes from other
     * nodes at most once per refresh interval; {@code null} if nothing could be rendered yet.
     */
    Path site() {
        long now = clock.millis();
        if (renderedRevision < 0 || now - lastCheck >= refreshMillis) {
            if (checking.compareAndSet(false, true)) {
                try {
                    refresh();
                } catch (IOException | RuntimeException e) {
                    log.warn("Website {} could not refresh, serving revision {}: {}", id, renderedRevision, e.toString());
                } finally {
                    lastCheck = now;
                    checking.set(false);
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

    /** Renders the site again when the store changed since the last rendering. */
    synchronized void refresh() throws IOException {
        long revision = store.revision(id);
        if (revision == renderedRevision && directory.current() != null) {
            return;
        }
        PublishedEntries entries = store.load(id);
        List<PublishedEntry> live = entries.live();
        // Retracted items leave the results before their withdrawn notices are served.
        search.keepOnly(live.stream().map(e -> e.item().itemId()).collect(Collectors.toSet()));
        SiteRenderer.Site site = renderer.renderSite(entries);
        directory.publish(entries.revision(), site.files(), site.unchanged());
        // Indexed once their pages are there, so a result never links to a page not yet served.
        search.follow(live.stream().filter(e -> site.files().containsKey(SitePaths.item(e.item().itemId())))
                .toList());
        renderedRevision = entries.revision();
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
