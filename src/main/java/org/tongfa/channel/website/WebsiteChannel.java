package org.tongfa.channel.website;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.tongfa.delivery.Channel;
import org.tongfa.delivery.DeliveryReceipt;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.delivery.RetryLaterException;
import org.tongfa.published.PublishedEntries;
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
    private final String baseUrl;
    private final long refreshMillis;
    private final Clock clock;

    private volatile long renderedRevision = -1;
    private volatile long lastCheck;
    private final AtomicBoolean checking = new AtomicBoolean();

    WebsiteChannel(String id, PublishedEntryStore store, SiteRenderer renderer, SiteDirectory directory,
            String baseUrl, Duration refreshInterval, Clock clock) {
        this.id = id;
        this.store = store;
        this.renderer = renderer;
        this.directory = directory;
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
        SiteRenderer.Site site = renderer.renderSite(entries);
        directory.publish(entries.revision(), site.files(), site.unchanged());
        renderedRevision = entries.revision();
    }
}
