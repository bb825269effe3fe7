package org.tongfa.channel.display;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The screens' push streams ({@code GET /display/screens/<id>/events}, server-sent events): each open
 * stream gets its screen's feed at once, then again whenever it changes, so an emergency or a retraction
 * reaches every online screen within about a second; polling {@code feed.json} stays the fallback.
 *
 * <p>A stream holds no request thread: it is an asynchronous servlet request (Spring MVC's
 * {@code SseEmitter}, behind a {@link Sink} that {@link DisplayController} provides, so that this class
 * knows no HTTP), idle in Tomcat's selector until something is written. One scheduler thread notices changes (at once for a
 * delivery on this node, through {@link DisplayFeeds#onChange}; every {@code refresh-interval} for other
 * nodes' deliveries and for the passing of time) and writes heartbeat comments every
 * {@code stream-heartbeat}; a few sender threads do the writing, at most one write per stream at a time,
 * so a screen whose connection stalls holds up one sender, never the others. A stream whose write fails
 * is dropped. Streams are capped per node ({@code max-streams}, refused: the screen keeps polling)
 * and per screen ({@link #PER_SCREEN}: a reloaded kiosk's old stream is closed), and each lasts
 * {@code stream-lifetime}, after which the player opens a new one with a new token.
 *
 * <p>Thread-safe. Closed before the web server's graceful shutdown, so open streams never hold it up.
 */
@Component
class ScreenStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScreenStreams.class);
    /** Streams one screen may hold at once; a newer one closes the oldest. */
    static final int PER_SCREEN = 2;
    private static final int SENDERS = 4;

    /**
     * Where a stream's events go: one screen's connection. Calls come from one thread at a time.
     */
    interface Sink {

        /** Writes a feed event: the feed's tag and its document. */
        void feed(String etag, byte[] document) throws IOException;

        /** Writes a comment line that keeps the connection alive. */
        void heartbeat() throws IOException;

        /** Ends the stream from this side. */
        void close();
    }

    /** One open stream and what it was last sent. */
    private static final class Stream {
        final Screen screen;
        final Sink emitter;
        final AtomicBoolean sending = new AtomicBoolean();
        volatile String sentTag;
        volatile boolean feedDue;
        volatile boolean heartbeatDue;
        volatile boolean closed;

        Stream(Screen screen, Sink emitter) {
            this.screen = screen;
            this.emitter = emitter;
        }
    }

    private final DisplayFeeds feeds;
    private final ScreenMonitor monitor;
    private final DisplaySettings settings;
    private final Map<String, List<Stream>> byScreen = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicBoolean checkQueued = new AtomicBoolean();
    // Made at each start: a context can be stopped and started again (Spring's restart), and a stopped
    // executor cannot be reused.
    private volatile ScheduledExecutorService scheduler;
    private volatile ExecutorService senders;
    private volatile boolean running;

    ScreenStreams(DisplayFeeds feeds, ScreenMonitor monitor, Screens screens) {
        this.feeds = feeds;
        this.monitor = monitor;
        this.settings = screens.settings();
        feeds.onChange(channel -> checkSoon());
    }

    private static ThreadFactory named(String name, boolean numbered) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, numbered ? name + n.incrementAndGet() : name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Opens a stream for {@code screen} on {@code sink}, its current feed written first.
     *
     * @return what to call when the connection ends (whoever ends it); empty when this node holds
     *     {@code max-streams} streams or is stopping: the screen polls and tries again later
     */
    Optional<Runnable> open(Screen screen, Sink sink) {
        if (!running) {
            return Optional.empty();
        }
        if (open.incrementAndGet() > settings.maxStreams()) {
            open.decrementAndGet();
            return Optional.empty();
        }
        Stream stream = new Stream(screen, sink);
        List<Stream> streams = byScreen.computeIfAbsent(screen.id(), id -> new CopyOnWriteArrayList<>());
        streams.add(stream);
        for (Stream old : streams) {
            if (streams.size() <= PER_SCREEN) {
                break;
            }
            close(old);
        }
        monitor.polled(screen.id());
        DisplayFeeds.Feed feed = feeds.feed(screen);
        try {
            sink.feed(feed.etag(), feed.body());
            stream.sentTag = feed.etag();
        } catch (IOException e) {
            forget(stream);
        }
        return Optional.of(() -> forget(stream));
    }

    /** How long one stream lasts before the player opens a new one. */
    Duration lifetime() {
        return settings.streamLifetime();
    }

    /** How many streams are open on this node. */
    int openStreams() {
        return open.get();
    }

    private void checkSoon() {
        if (running && checkQueued.compareAndSet(false, true)) {
            try {
                scheduler.execute(this::check);
            } catch (RejectedExecutionException stopping) {
                checkQueued.set(false);
            }
        }
    }

    /** Queues a write to every stream whose screen's feed is not the one it was last sent. */
    private void check() {
        checkQueued.set(false);
        for (List<Stream> streams : byScreen.values()) {
            for (Stream stream : streams) {
                try {
                    if (!feeds.feed(stream.screen).etag().equals(stream.sentTag)) {
                        stream.feedDue = true;
                        offer(stream);
                    }
                } catch (RuntimeException e) {
                    log.warn("Screen {}: cannot check its feed for its push stream: {}", stream.screen.id(), e.toString());
                }
            }
        }
    }

    private void heartbeat() {
        byScreen.values().forEach(streams -> streams.forEach(stream -> {
            stream.heartbeatDue = true;
            offer(stream);
        }));
    }

    /** Starts a sender for {@code stream} unless one is writing to it already (it will see the new work). */
    private void offer(Stream stream) {
        if (!stream.closed && stream.sending.compareAndSet(false, true)) {
            try {
                senders.execute(() -> drain(stream));
            } catch (RejectedExecutionException stopping) {
                stream.sending.set(false);
            }
        }
    }

    private void drain(Stream stream) {
        try {
            while (!stream.closed && (stream.feedDue || stream.heartbeatDue)) {
                boolean feedDue = stream.feedDue;
                boolean heartbeatDue = stream.heartbeatDue;
                stream.feedDue = false;
                stream.heartbeatDue = false;
                DisplayFeeds.Feed feed = feedDue ? feeds.feed(stream.screen) : null;
                if (feed != null && !feed.etag().equals(stream.sentTag)) {
                    stream.emitter.feed(feed.etag(), feed.body());
                    stream.sentTag = feed.etag();
                } else if (heartbeatDue) {
                    stream.emitter.heartbeat();
                }
            }
        } catch (IOException | RuntimeException e) {
            // The screen went away (or its connection broke): it reconnects, or polls. The web layer ends
            // the request itself after a failed write, so it is only forgotten here.
            log.debug("Screen {}: push stream dropped: {}", stream.screen.id(), e.toString());
            forget(stream);
        } finally {
            stream.sending.set(false);
        }
        if (!stream.closed && (stream.feedDue || stream.heartbeatDue)) {
            offer(stream);
        }
    }

    private void close(Stream stream) {
        forget(stream);
        try {
            stream.emitter.close();
        } catch (RuntimeException alreadyGone) {
            // closing a broken stream: nothing left to do
        }
    }

    private void forget(Stream stream) {
        List<Stream> streams = byScreen.get(stream.screen.id());
        if (streams != null && streams.remove(stream)) {
            stream.closed = true;
            open.decrementAndGet();
        }
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(named("display-push", false));
        senders = Executors.newFixedThreadPool(SENDERS, named("display-send-", true));
        long check = Math.max(100, settings.refreshInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::check, check, check, TimeUnit.MILLISECONDS);
        long heartbeat = settings.streamHeartbeat().toMillis();
        scheduler.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        byScreen.values().forEach(streams -> streams.forEach(this::close));
        senders.shutdown();
        try {
            if (!senders.awaitTermination(2, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops first, before the web server waits for open requests to finish. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
