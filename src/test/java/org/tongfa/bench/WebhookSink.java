package org.tongfa.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The webhook receiver of the benchmark: a JDK {@link HttpServer} on 127.0.0.1 with one path per
 * channel ({@code /hook/<channel>}). Each path answers in its {@link Mode}; every request to a
 * {@code /hook/} path is recorded with its arrival time ({@link System#nanoTime()}), its
 * {@code webhook-id} and the item id in its body. {@code /ceiling} only counts, for the bare OkHttp loop.
 */
final class WebhookSink implements AutoCloseable {

    /** How a path answers. */
    enum Mode {
        /** 200 {@code {"id":"..."}} at once. */
        OK,
        /** 500 at once. */
        ERROR,
        /** Holds the request for {@link #hangMillis}, longer than the channel's timeout, then 200. */
        HANG
    }

    /** One request as it arrived. */
    record Arrival(String channel, String webhookId, String itemId, long nanos, int status) {
    }

    private static final Pattern ITEM_ID = Pattern.compile("\"itemId\"\\s*:\\s*\"([^\"]+)\"");
    private static final byte[] CEILING_ANSWER = "{\"id\":\"ceiling\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ERROR_ANSWER = "{\"error\":\"bench sink answers 500 on this path\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor;
    private final long hangMillis;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<String, Mode> modes = new ConcurrentHashMap<>();
    private final AtomicInteger remoteIds = new AtomicInteger();
    private final AtomicLong ceilingRequests = new AtomicLong();
    private volatile Queue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    private volatile byte[] sampleBody;

    WebhookSink(long hangMillis) throws IOException {
        // Without this the JDK server leaves Nagle on and every small response waits ~40 ms for an ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.hangMillis = hangMillis;
        // Enough threads for every concurrent webhook call, the ceiling loop and the hanging requests.
        this.executor = new ThreadPoolExecutor(16, 512, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "sink");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(executor);
        server.createContext("/hook/", this::hook);
        server.createContext("/ceiling", this::ceiling);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String channel) {
        return "http://127.0.0.1:" + port() + "/hook/" + channel;
    }

    String ceilingUrl() {
        return "http://127.0.0.1:" + port() + "/ceiling";
    }

    void mode(String channel, Mode mode) {
        modes.put(channel, mode);
    }

    /** Starts a new recording and returns the previous one. */
    Queue<Arrival> reset() {
        Queue<Arrival> previous = arrivals;
        arrivals = new ConcurrentLinkedQueue<>();
        return previous;
    }

    List<Arrival> snapshot() {
        return List.copyOf(arrivals);
    }

    /** A body Tongfa really sent, so the ceiling loop posts the same bytes. */
    byte[] sampleBody() {
        return sampleBody;
    }

    long ceilingRequests() {
        return ceilingRequests.get();
    }

    private void hook(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try (exchange) {
            String channel = exchange.getRequestURI().getPath().substring("/hook/".length());
            byte[] body = readAll(exchange.getRequestBody());
            Mode mode = modes.getOrDefault(channel, Mode.OK);
            int status = mode == Mode.ERROR ? 500 : 200;
            Matcher m = ITEM_ID.matcher(new String(body, StandardCharsets.UTF_8));
            arrivals.add(new Arrival(channel, exchange.getRequestHeaders().getFirst("webhook-id"),
                    m.find() ? m.group(1) : null, arrived, mode == Mode.HANG ? -1 : status));
            if (System.getProperty("bench.debug") != null) {
                System.err.println("SINK " + channel + " " + exchange.getRequestHeaders().getFirst("webhook-id") + " "
                        + body.length + " " + new String(body, 0, Math.min(300, body.length), StandardCharsets.UTF_8));
            }
            if (mode == Mode.OK && sampleBody == null) {
                sampleBody = body;
            }
            if (mode == Mode.HANG) {
                try {
                    closing.await(hangMillis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] answer = mode == Mode.ERROR ? ERROR_ANSWER
                    : ("{\"id\":\"" + channel + "-" + remoteIds.incrementAndGet() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (IOException gone) {
            // the client gave up (a hanging path after the channel's timeout): nothing to answer
        }
    }

    private void ceiling(HttpExchange exchange) throws IOException {
        try (exchange) {
            readAll(exchange.getRequestBody());
            ceilingRequests.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, CEILING_ANSWER.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(CEILING_ANSWER);
            }
        } catch (IOException gone) {
            // client went away
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
