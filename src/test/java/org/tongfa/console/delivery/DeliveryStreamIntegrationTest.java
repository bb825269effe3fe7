package org.tongfa.console.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.tongfa.delivery.Delivery;
import org.tongfa.delivery.DeliveryChanges;
import org.tongfa.delivery.DeliveryDesk;
import org.tongfa.delivery.DeliveryLedger;
import org.tongfa.delivery.DeliveryStatus;

/** The live side without a browser: the ledger's announcement after commit, the streams' clean-up, bulk retry. */
class DeliveryStreamIntegrationTest extends DeliveryConsoleSupport {

    @Autowired
    DeliveryLedger ledger;
    @Autowired
    DeliveryDesk desk;
    @Autowired
    DeliveryStream stream;
    @Autowired
    ApplicationEventMulticaster multicaster;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcClient jdbc;

    private long failedRow(String title) {
        partner.stubFor(post("/nanfang").willReturn(aResponse().withStatus(400)));
        String id = approvedNewsItem(title, "nanfang");
        ok(api("POST", "/api/v1/items/" + id + "/publish", "{}"));
        return await().atMost(Duration.ofSeconds(15)).until(() -> ledger.forItem(id).stream()
                .filter(d -> d.status() == DeliveryStatus.FAILED).findFirst(), java.util.Optional::isPresent).get().id();
    }

    @Test
    void theLedgerAnnouncesAChangeOnlyAfterItsTransactionCommitsAndNothingAfterARollback() {
        long row = failedRow("提交后通知");
        List<DeliveryChanges.Changed> seen = new CopyOnWriteArrayList<>();
        List<Boolean> visibleWhenAnnounced = new CopyOnWriteArrayList<>();
        partner.resetAll();
        partner.stubFor(post("/nanfang").willReturn(aResponse().withStatus(200)));
        ApplicationListener<PayloadApplicationEvent<DeliveryChanges.Changed>> listener = event -> {
            if (!event.getPayload().deliveryIds().contains(row)) {
                return; // the workers' own changes to other rows
            }
            seen.add(event.getPayload());
            // Read on another connection: the change must be committed by now.
            visibleWhenAnnounced.add(!jdbc.sql("SELECT status FROM delivery WHERE id = :id")
                    .param("id", row).query(String.class).single().equals("FAILED"));
        };
        multicaster.addApplicationListener(listener);
        try {
            TransactionTemplate tx = new TransactionTemplate(transactions);
            tx.executeWithoutResult(status -> {
                assertThat(ledger.requeue(row, Instant.now())).isTrue();
                assertThat(seen).as("nothing before the commit").isEmpty();
                status.setRollbackOnly();
            });
            assertThat(seen).as("nothing after a rollback").isEmpty();
            tx.executeWithoutResult(status -> {
                assertThat(ledger.requeue(row, Instant.now())).isTrue();
                assertThat(seen).isEmpty();
            });
            assertThat(seen).isNotEmpty();
            assertThat(visibleWhenAnnounced.get(0)).as("the first announcement comes after the commit").isTrue();
        } finally {
            multicaster.removeApplicationListener(listener);
        }
    }

    @Test
    void retryingAChannelsFailedDeliveriesRequeuesEachLatestOneOnceAndRefusesAnUnknownChannel() throws Exception {
        long first = failedRow("批量重试一");
        long second = failedRow("批量重试二");
        partner.resetAll();
        partner.stubFor(post("/nanfang").willReturn(aResponse().withStatus(200)));
        List<Delivery> requeued = desk.retryFailed("nanfang", ADMIN);
        assertThat(requeued).extracting(Delivery::id).contains(first, second);
        assertThat(requeued).allMatch(d -> d.status() == DeliveryStatus.PENDING || d.status() == DeliveryStatus.IN_PROGRESS
                || d.status() == DeliveryStatus.DELIVERED);
        await().atMost(Duration.ofSeconds(15)).until(() -> ledger.find(first).orElseThrow().status() == DeliveryStatus.DELIVERED
                && ledger.find(second).orElseThrow().status() == DeliveryStatus.DELIVERED);
        assertThat(desk.retryFailed("nanfang", ADMIN)).as("nothing left to retry").isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> desk.retryFailed("no-such-channel", ADMIN))
                .isInstanceOf(DeliveryDesk.Refused.class);
    }

    @Test
    void aStreamIsForgottenWhenItsBrowserGoesAwayOrItsSendFails() throws Exception {
        long row = failedRow("连接清理");
        String item = ledger.find(row).orElseThrow().itemId();
        int before = stream.open();
        // A real browser-like client over HTTP, signed in by session.
        HttpURLConnection events = (HttpURLConnection) URI.create(url("/console/deliveries/events?items=" + item)).toURL()
                .openConnection();
        events.setRequestProperty("Cookie", sessionCookie(OPERATOR));
        events.setRequestProperty("Accept", "text/event-stream");
        InputStream in = events.getInputStream();
        assertThat(events.getContentType()).startsWith("text/event-stream");
        byte[] first = new byte[64];
        assertThat(in.read(first)).as("the current cells are sent at once").isPositive();
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.open() == before + 1);
        events.disconnect();
        in.close();
        // The next changes are sent to a closed connection: the write fails and the stream is dropped.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            ledger.requeue(row, Instant.now());
            return stream.open() == before;
        });

        // A stream whose send fails is dropped at once.
        SseEmitter broken = new SseEmitter() {
            @Override
            public void send(SseEventBuilder builder) throws IOException {
                throw new IOException("broken pipe");
            }
        };
        DeliveryStream.Subscriber subscriber = new DeliveryStream.Subscriber(broken, java.util.Set.of(item), null,
                new CellRenderer.Viewer(false, "_csrf", ""));
        stream.add(subscriber);
        assertThat(stream.open()).isEqualTo(before + 1);
        stream.push(subscriber, List.of(MatrixCell.empty(item, "nanfang")));
        assertThat(stream.open()).isEqualTo(before);
    }

    /** A console session's cookie, signed in through the form as a browser would. */
    private static String sessionCookie(String login) throws IOException {
        java.net.CookieManager cookies = new java.net.CookieManager();
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        try {
            String page = client.send(java.net.http.HttpRequest.newBuilder(URI.create(url("/console/login"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            String csrf = page.replaceAll("(?s).*name=\"_csrf\" content=\"([^\"]+)\".*", "$1");
            client.send(java.net.http.HttpRequest.newBuilder(URI.create(url("/console/login")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("login=" + login + "&password=" + PASSWORD
                            + "&_csrf=" + java.net.URLEncoder.encode(csrf, java.nio.charset.StandardCharsets.UTF_8))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return cookies.getCookieStore().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .reduce((a, b) -> a + "; " + b).orElseThrow();
    }
}
