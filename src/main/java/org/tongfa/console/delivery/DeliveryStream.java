package org.tongfa.console.delivery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.tongfa.delivery.DeliveryChanges;

/**
 * The live side of the delivery matrix: every open matrix (or retraction page) holds one server-sent
 * event stream, and when the ledger announces a committed change ({@link DeliveryChanges.Changed}) the
 * cells of the changed items that the page shows are re-rendered and pushed to it (event {@code cells},
 * the cells' HTML under their stable ids).
 *
 * <p>The ledger announces on the thread that committed (often a delivery worker's): the listener only
 * notes what changed and hands the work to one sender thread, which coalesces a burst into one read of
 * the ledger (the cells the changed rows belong to, not their items' whole rows) and one message per
 * page. No stream holds a database connection: the read is the sender's, short, between two waits. A
 * stream leaves the set when it completes, times out (after {@link #TIMEOUT_MS}; the browser's
 * {@code EventSource} then reconnects and is sent its cells afresh, so nothing changed meanwhile is
 * missed) or fails, and when a send to it fails (the browser went away).
 */
@Component
class DeliveryStream implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeliveryStream.class);
    /** How long one stream lasts before the browser is asked to reconnect. */
    static final long TIMEOUT_MS = 5 * 60_000L;

    /**
     * One open page: what it shows and what its person may do.
     *
     * @param items the items whose cells the page shows
     * @param channel the one channel it shows, or {@code null} for all
     */
    record Subscriber(SseEmitter emitter, Set<String> items, String channel, CellRenderer.Viewer viewer) {
    }

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final MatrixCells cells;
    private final CellRenderer renderer;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "console-delivery-stream");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final Set<Long> changedRows = ConcurrentHashMap.newKeySet();
    private final Set<String> changedItems = ConcurrentHashMap.newKeySet();

    DeliveryStream(MatrixCells cells, CellRenderer renderer) {
        this.cells = cells;
        this.renderer = renderer;
    }

    /** Opens a stream for a page showing {@code items}; its current cells are sent at once. */
    SseEmitter subscribe(Collection<String> items, String channel, CellRenderer.Viewer viewer) {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
        Subscriber subscriber = new Subscriber(emitter, Set.copyOf(items), channel, viewer);
        add(subscriber);
        // Sent by the sender, so that it never crosses a push of the same cells, and covers whatever
        // changed between the page's rendering (or the last stream's end) and now.
        sender.execute(() -> push(subscriber, cells.latest(subscriber.items())));
        return emitter;
    }

    /** Registers a stream and the callbacks that take it out again. */
    void add(Subscriber subscriber) {
        SseEmitter emitter = subscriber.emitter();
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> {
            subscribers.remove(subscriber);
            emitter.complete();
        });
        emitter.onError(e -> subscribers.remove(subscriber));
        subscribers.add(subscriber);
    }

    /** How many streams are open. */
    int open() {
        return subscribers.size();
    }

    @EventListener
    void changed(DeliveryChanges.Changed changed) {
        if (subscribers.isEmpty()) {
            return;
        }
        changedRows.addAll(changed.deliveryIds());
        changedItems.addAll(changed.itemIds());
        if (drainQueued.compareAndSet(false, true)) {
            sender.execute(this::drain);
        }
    }

    /** Sends every open page the changed cells it shows. */
    void drain() {
        drainQueued.set(false);
        Set<Long> rows = take(changedRows);
        Set<String> items = new LinkedHashSet<>(take(changedItems));
        try {
            Set<String> watched = new LinkedHashSet<>();
            subscribers.forEach(s -> watched.addAll(s.items()));
            items.retainAll(watched);
            // A row's change re-renders its own cell only; a change the ledger announced for a whole item
            // (a new version queued on every channel, a retraction) re-renders all of that item's cells.
            List<MatrixCell> fresh = new ArrayList<>(items.isEmpty() ? List.of() : cells.latest(items));
            Set<String> cellItems = new LinkedHashSet<>(watched);
            cellItems.removeAll(items);
            fresh.addAll(cells.changedBy(rows, cellItems));
            if (fresh.isEmpty()) {
                return;
            }
            for (Subscriber subscriber : subscribers) {
                push(subscriber, fresh);
            }
        } catch (RuntimeException e) {
            log.warn("Could not push delivery changes to open pages: {}", e.toString());
        }
    }

    private static <T> Set<T> take(Set<T> changed) {
        Set<T> taken = new LinkedHashSet<>();
        for (T value : new ArrayList<>(changed)) {
            if (changed.remove(value)) {
                taken.add(value);
            }
        }
        return taken;
    }

    /** Sends the subscriber those of {@code fresh} that its page shows; a failed send closes the stream. */
    void push(Subscriber subscriber, List<MatrixCell> fresh) {
        List<MatrixCell> shown = fresh.stream().filter(c -> subscriber.items().contains(c.itemId())
                && (subscriber.channel() == null || subscriber.channel().equals(c.channel()))).toList();
        if (shown.isEmpty() || !subscribers.contains(subscriber)) {
            return;
        }
        try {
            subscriber.emitter().send(SseEmitter.event().name("cells").data(renderer.render(shown, subscriber.viewer())));
        } catch (IOException | IllegalStateException e) {
            // The browser went away (or the stream ended meanwhile): forget it. Completed plainly: an error
            // dispatch would only log a broken pipe as a server error.
            subscribers.remove(subscriber);
            subscriber.emitter().complete();
        }
    }

    /**
     * Ends every open stream as soon as the service starts to stop: the web server's graceful shutdown
     * (which runs before beans are destroyed) would otherwise wait its whole timeout for these requests,
     * which never end by themselves. The browsers reconnect to whichever node answers next.
     */
    @EventListener(ContextClosedEvent.class)
    void closing() {
        subscribers.forEach(s -> s.emitter().complete());
        subscribers.clear();
    }

    @Override
    public void destroy() {
        sender.shutdownNow();
        closing();
    }
}
