package org.tongfa.channel.display;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.tongfa.web.ApiException;

/**
 * The screens' push streams ({@code GET /display/screens/<id>/events}, server-sent events): each open
 * stream gets its screen's feed at once, then again whenever it changes, so an emergency or a retraction
 * reaches every online screen within about a second; polling {@code feed.json} stays the fallback.
 *
 * <p>A stream holds no request thread: it is an asynchronous servlet request ({@link SseEmitter}), idle
 * in Tomcat's selector until something is written. One scheduler thread notices changes (at once for a
 * delivery on this node, through {@link DisplayFeeds#onChange}; every {@code refresh-interval} for other
 * nodes' deliveries and for the passing of time) and writes heartbeat comments every
 * {@code stream-heartbeat}; a few sender threads do the writing, at most one write per stream at a time,
 * so a screen whose connection stalls holds up one sender, never the others. A stream whose write fails
 * is dropped. Streams are capped per node ({@code max-streams}, refused with 503: the screen keeps polling)
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
    private static final MediaType JSON_TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    /** One open stream and what it was last sent. */
    private static final class Stream {
        final Screen screen;
        final SseEmitter emitter;
        final AtomicBoolean sending = new AtomicBoolean();
        volatile String sentTag;
        volatile boolean feedDue;
        volatile boolean heartbeatDue;
        volatile boolean closed;

        Stream(Screen screen, SseEmitter emitter) {
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
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(named("display-push", false));
    private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS, named("display-send-", true));
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
     * Opens a stream for {@code screen}, its current feed already queued as the first event.
     *
     * @throws ApiException 503 when this node holds {@code max-streams} streams
     */
    SseEmitter open(Screen screen) {
        if (!running) {
            throw unavailable("this node is stopping");
        }
        if (open.incrementAndGet() > settings.maxStreams()) {
            open.decrementAndGet();
            throw unavailable("this node holds as many push streams as it may");
        }
        SseEmitter emitter = new SseEmitter(settings.streamLifetime().toMillis());
        Stream stream = new Stream(screen, emitter);
        emitter.onCompletion(() -> forget(stream));
        emitter.onError(error -> forget(stream));
        // The stream's life is over: the player opens a new one with a fresh token.
        emitter.onTimeout(emitter::complete);
        List<Stream> streams = byScreen.computeIfAbsent(screen.id(), id -> new CopyOnWriteArrayList<>());
        streams.add(stream);
        for (Stream old : streams) {
            if (streams.size() <= PER_SCREEN) {
                break;
            }
            close(old);
        }
        monitor.polled(screen.id());
        // Sent before the handler returns, the event waits in the emitter until the response is ready.
        DisplayFeeds.Feed feed = feeds.feed(screen);
        try {
            emitter.send(event(feed));
            stream.sentTag = feed.etag();
        } catch (IOException e) {
            forget(stream);
        }
        return emitter;
    }

    private static ApiException unavailable(String why) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Stream unavailable",
                why + "; poll feed.json and open a stream again later", List.of());
    }

    /** How many streams are open on this node. */
    int openStreams() {
        return open.get();
    }

    private static SseEmitter.SseEventBuilder event(DisplayFeeds.Feed feed) {
        // The tag names the event, so a screen can tell a feed it already shows.
        return SseEmitter.event().name("feed").id(feed.etag().replace("\"", ""))
                .data(new String(feed.body(), StandardCharsets.UTF_8), JSON_TEXT);
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
                    stream.emitter.send(event(feed));
                    stream.sentTag = feed.etag();
                } else if (heartbeatDue) {
                    stream.emitter.send(SseEmitter.event().comment("heartbeat"));
                }
            }
        } catch (IOException | RuntimeException e) {
            // The screen went away (or its connection broke): it reconnects, or polls. Spring MVC ends the
            // request itself after a failed write, so it is only forgotten here.
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
            stream.emitter.complete();
        } catch (RuntimeException alreadyGone) {
            // completing a broken stream: nothing left to do
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
        long check = Math.max(100, settings.refreshInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::check, check, check, TimeUnit.MILLISECONDS);
        long heartbeat = settings.streamHeartbeat().toMillis();
        scheduler.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
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
