package org.tongfa.compliance;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * POSTs each alert as JSON to {@code tongfa.compliance.alerts.webhook-url} (a chat robot, an ops pager),
 * with the alert's id in {@code webhook-id}. Any answer but 2xx, a timeout or a connection error is a
 * failure the outbox retries.
 */
final class WebhookAlertSender implements AlertSender {

    private final ComplianceProperties.Alerts settings;
    private final HttpClient http;

    WebhookAlertSender(ComplianceProperties.Alerts settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String target() {
        return AlertOutbox.WEBHOOK;
    }

    @Override
    public void send(String id, String payloadJson, String message) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(settings.webhookUrl()).timeout(settings.timeout())
                .header("Content-Type", "application/json; charset=utf-8").header("webhook-id", id)
                .POST(HttpRequest.BodyPublishers.ofString(payloadJson)).build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook answered " + response.statusCode());
        }
    }
}
