package org.tongfa.compliance;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * POSTs each alert as JSON to {@code tongfa.compliance.alerts.webhook-url} (a chat robot, an ops pager),
 * with the alert's id in {@code webhook-id}. Any answer but 2xx (a redirect included: it is not followed),
 * a timeout or a connection error is a failure the outbox retries. OkHttp, as every other partner call.
 */
final class WebhookAlertSender implements AlertSender {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final ComplianceProperties.Alerts settings;
    private final OkHttpClient http;

    WebhookAlertSender(ComplianceProperties.Alerts settings) {
        this.settings = settings;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(settings.timeout())
                .callTimeout(settings.timeout())
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .build();
    }

    @Override
    public String target() {
        return AlertOutbox.WEBHOOK;
    }

    @Override
    public void send(String id, String payloadJson, String message) throws IOException {
        Request request = new Request.Builder().url(settings.webhookUrl().toString())
                .header("webhook-id", id)
                .post(RequestBody.create(payloadJson, JSON))
                .build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw new IOException("webhook answered " + response.code());
            }
        }
    }
}
