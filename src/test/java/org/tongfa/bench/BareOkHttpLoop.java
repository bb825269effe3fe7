package org.tongfa.bench;

import java.io.IOException;
import java.net.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The ceiling: the same OkHttp as the webhook channel, configured the same way (one client per
 * channel, same timeouts, no retries, no proxy), posting the same body with the same kind of headers
 * from {@code clients x threadsPerClient} threads, with nothing else in the way: no ledger, no Camel,
 * no signing.
 */
final class BareOkHttpLoop implements AutoCloseable {

    record Outcome(long ok, long failed, double seconds) {
        double perSecond() {
            return ok / seconds;
        }
    }

    private static final MediaType JSON = MediaType.get("application/json");

    private final String url;
    private final byte[] body;
    private final List<OkHttpClient> clients = new ArrayList<>();
    private final int threadsPerClient;
    private final ExecutorService pool;

    BareOkHttpLoop(String url, byte[] body, int clients, int threadsPerClient) {
        this.url = url;
        this.body = body;
        this.threadsPerClient = threadsPerClient;
        for (int i = 0; i < clients; i++) {
            Duration timeout = Duration.ofSeconds(2);
            this.clients.add(new OkHttpClient.Builder()
                    .callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout)
                    .followRedirects(false).followSslRedirects(false)
                    .retryOnConnectionFailure(false)
                    .proxy(Proxy.NO_PROXY)
                    .build());
        }
        this.pool = Executors.newFixedThreadPool(clients * threadsPerClient);
    }

    /** Posts until {@code seconds} have passed or {@code maxRequests} were sent, whichever comes first. */
    Outcome run(double seconds, long maxRequests) throws Exception {
        AtomicLong issued = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        List<Future<?>> futures = new ArrayList<>();
        for (OkHttpClient client : clients) {
            for (int t = 0; t < threadsPerClient; t++) {
                futures.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline && issued.incrementAndGet() <= maxRequests) {
                        long n = issued.get();
                        Request request = new Request.Builder()
                                .url(url)
                                .header("webhook-id", "ceiling-" + n)
                                .header("webhook-timestamp", Long.toString(System.currentTimeMillis() / 1000))
                                .header("webhook-signature", "v1,Y2VpbGluZyBjYWxsIHdpdGhvdXQgYSByZWFsIHNpZ25hdHVyZQ==")
                                .header("User-Agent", "Tongfa-Bench/1")
                                .post(RequestBody.create(body, JSON))
                                .build();
                        try (Response response = client.newCall(request).execute()) {
                            response.peekBody(64 * 1024).string();
                            (response.code() == 200 ? ok : failed).incrementAndGet();
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
        }
        for (Future<?> f : futures) {
            f.get((long) (seconds * 1000) + 10_000, TimeUnit.MILLISECONDS);
        }
        return new Outcome(ok.get(), failed.get(), (System.nanoTime() - start) / 1e9);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        for (OkHttpClient client : clients) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }
}
