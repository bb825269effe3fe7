package org.tongfa.channel.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongfa.published.PullTestSupport.dispatch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tongfa.delivery.Action;
import org.tongfa.published.Snapshots;
import org.tongfa.support.MutableClock;

/**
 * A hub that speaks HTTP/1.0 (a raw socket: it answers every request with {@code HTTP/1.0 204} and no
 * keep-alive, then closes the connection) takes every ping of a burst. OkHttp pools the connection all
 * the same and, without a retry on a stale pooled connection, sends the next ping into the closed
 * socket: "unexpected end of stream", and every ping but the first failed.
 */
class Http10HubTest {

    static final Instant T0 = Instant.parse("2026-03-02T01:30:00Z");

    ServerSocket server;
    final List<String> received = new CopyOnWriteArrayList<>();
    Thread acceptor;

    @BeforeEach
    void startHub() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    received.add(readRequest(socket.getInputStream()));
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.0 204 No Content\r\nServer: hub/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closed) {
                    // the server socket closed at the end of the test, or a client gave up
                }
            }
        }, "http10-hub");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stopHub() throws Exception {
        server.close();
        acceptor.join(5000);
    }

    /** Reads the request line, headers and a Content-Length body; returns the body. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the headers ended");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void everyPingOfABurstReachesAHubThatClosesEachConnection() throws Exception {
        FeedTestDatabase db = new FeedTestDatabase(new MutableClock(T0));
        FeedChannel channel = db.channel(Map.of("hub-url", "http://127.0.0.1:" + server.getLocalPort() + "/hub",
                "allow-private-network", "true"));
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "标题", T0)));

        channel.notifier().orElseThrow().sendDue();

        assertThat(received).hasSize(6).allSatisfy(body -> assertThat(body).startsWith("hub.mode=publish&hub.url="));
        assertThat(db.owed()).as("nothing left owed").isEmpty();
    }
}
