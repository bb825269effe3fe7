package org.tongfa.channel.webhook;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.Channel;
import org.tongfa.delivery.ChannelPreview;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.delivery.DeliveryReceipt;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.GiveUpException;
import org.tongfa.delivery.RetryLaterException;
import org.tongfa.net.PrivateNetworkGuard;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A {@code webhook} channel: POSTs each action as a signed Standard Webhooks event and classifies the
 * answer. It never retries and never sleeps; the ledger owns retries (see {@link Channel}).
 *
 * <p>Thread-safe: all state is immutable and OkHttp clients are shared between threads by design.
 */
final class WebhookChannel implements Channel, ChannelPreview, AutoCloseable {

    static final String TYPE = "webhook";
    static final String USER_AGENT = "Tongfa-Webhook/1";
    private static final MediaType JSON = MediaType.get("application/json");
    /** Receivers answer with a small JSON document; reading more would only waste memory. */
    private static final long MAX_RESPONSE_BYTES = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(WebhookChannel.class);

    private final String id;
    private final String prefix;
    private final HttpUrl url;
    private final java.time.Duration timeout;
    private final WebhookSigner signer;
    private final List<String> fields;
    private final String remoteIdField;
    private final String remoteUrlField;
    private final OkHttpClient client;
    private final ObjectMapper json;
    private final Clock clock;

    WebhookChannel(String id, String prefix, HttpUrl url, WebhookSigner signer, WebhookChannelProperties settings,
            OkHttpClient client, ObjectMapper json, Clock clock) {
        this.id = id;
        this.prefix = prefix;
        this.url = url;
        this.signer = signer;
        this.fields = List.copyOf(settings.fields());
        this.remoteIdField = settings.remoteIdField();
        this.remoteUrlField = settings.remoteUrlField();
        this.timeout = settings.timeout();
        this.client = client;
        this.json = json;
        this.clock = clock;
    }




    /**
     * The body of the {@code item.published} webhook the partner would receive, with the channel's own
     * {@code fields}; not signed and not sent (the signature and the webhook-id are per delivery).
     */
    @Override
    public List<Rendering> preview(ItemSnapshot item) {
        Dispatch dispatch = new Dispatch(0, "preview", Action.PUBLISH, 1, item, null, null);
        String body = json.writerWithDefaultPrettyPrinter().writeValueAsString(
                WebhookPayload.of(dispatch, fields, clock.instant()));
        return List.of(new Rendering("推送内容（JSON）", "application/json", body, List.of()));
    }

    /** One request, cut off at the channel's whole-call timeout. */
    @Override
    public java.time.Duration longestCall() {
        return timeout;
    }

    @Override
    public DeliveryReceipt deliver(Dispatch dispatch) throws RetryLaterException, GiveUpException {
        Instant now = clock.instant();
        long timestamp = now.getEpochSecond();
        byte[] body = json.writeValueAsBytes(WebhookPayload.of(dispatch, fields, now));
        // The idempotency key is stable across attempts, so the receiver deduplicates on webhook-id.
        String webhookId = dispatch.idempotencyKey();
        if (webhookId == null || !webhookId.matches("[\\x21-\\x7e]{1,255}")) {
            // OkHttp would reject it as a header value; no later attempt can fix the key.
            throw new GiveUpException("webhook channel " + id + ": idempotency key of delivery "
                    + dispatch.deliveryId() + " is not a valid webhook-id (printable ASCII, no spaces)");
        }
        SendProgress progress = new SendProgress();
        Request request = new Request.Builder()
                .url(url)
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.sign(webhookId, timestamp, body))
                .header("User-Agent", USER_AGENT)
                .tag(SendProgress.class, progress)
                .post(RequestBody.create(body, JSON))
                .build();

        log.debug("Sending {} of item {} v{} as delivery {} to {} (attempt {})", dispatch.action(),
                dispatch.item().itemId(), dispatch.item().version(), dispatch.deliveryId(), id, dispatch.attempt());
        try (Response response = client.newCall(request).execute()) {
            return classify(dispatch, response, now);
        } catch (IOException e) {
            PrivateNetworkGuard.RefusedException refused = PrivateNetworkGuard.findRefusal(e);
            if (refused != null) {
                log.warn("Delivery {} to {} refused locally: {}", dispatch.deliveryId(), id, refused.getMessage());
                throw new GiveUpException("webhook channel " + id + ": " + refused.getMessage());
            }
            throw transportFailure(dispatch, e, progress.sent);
        }
    }

    private DeliveryReceipt classify(Dispatch dispatch, Response response, Instant now)
            throws RetryLaterException, GiveUpException {
        int code = response.code();
        String body = peek(response);

        if (code >= 200 && code < 300) {
            JsonNode answer = WebhookResponses.jsonOrNull(json, body);
            String remoteId = WebhookResponses.field(answer, remoteIdField);
            String remoteUrl = WebhookResponses.field(answer, remoteUrlField);
            if (remoteId == null && dispatch.action() != Action.PUBLISH) {
                // An update or retraction answered without an id still addresses the same remote item.
                remoteId = dispatch.previousRemoteId();
            }
            log.info("Delivered {} to {}: HTTP {}", dispatch.deliveryId(), id, code);
            return new DeliveryReceipt(remoteId, remoteUrl);
        }

        String reason = WebhookResponses.reason(json, response.body().contentType(), body);
        String what = "webhook channel " + id + " answered HTTP " + code + (reason.isEmpty() ? "" : ": " + reason);

        if (code >= 300 && code < 400) {
            // Not followed: a redirect could point the signed request at an address the guard never saw.
            String location = response.header("Location");
            log.warn("Delivery {} to {} refused: HTTP {} redirect not followed", dispatch.deliveryId(), id, code);
            throw new GiveUpException("webhook channel " + id + " answered HTTP " + code + " redirecting to "
                    + (location == null ? "(no Location)" : WebhookResponses.excerpt(location))
                    + "; redirects are not followed, set " + prefix + ".url to the final address");
        }
        if (code == 410) {
            log.warn("Delivery {} to {}: HTTP 410, the receiver is gone; disabling the channel",
                    dispatch.deliveryId(), id);
            throw GiveUpException.partnerGone(what + " (the endpoint is gone; channel disabled)");
        }
        if (code == 408 || code == 429 || (code >= 500 && code < 600)) {
            Duration retryAfter = code == 429 || code == 503
                    ? WebhookResponses.retryAfter(response.header("Retry-After"), now)
                    : null;
            log.warn("Delivery {} to {} will be retried: HTTP {}{}", dispatch.deliveryId(), id, code,
                    retryAfter == null ? "" : ", retry after " + retryAfter);
            throw retryAfter == null ? new RetryLaterException(what) : RetryLaterException.rateLimited(what, retryAfter);
        }
        if (code >= 400 && code < 500) {
            log.warn("Delivery {} to {} refused: HTTP {}", dispatch.deliveryId(), id, code);
            throw new GiveUpException(what);
        }
        // 1xx leaking through or a non-HTTP status: the receiver may or may not have acted.
        log.warn("Delivery {} to {} got an unexpected HTTP {}", dispatch.deliveryId(), id, code);
        throw RetryLaterException.outcomeUnknown(what, null);
    }

    private RetryLaterException transportFailure(Dispatch dispatch, IOException e, boolean sent) {
        boolean timeout = e instanceof InterruptedIOException;
        String what = "webhook channel " + id + (timeout ? " timed out" : " failed") + " ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")"
                + (sent ? "; the request was sent, the receiver may have acted on it" : "");
        log.warn("Delivery {} to {} will be retried: {}", dispatch.deliveryId(), id, what);
        // Once the request left, a timeout or reset says nothing about whether the receiver acted.
        return sent ? RetryLaterException.outcomeUnknown(what, e) : new RetryLaterException(what, e);
    }

    /** Up to {@link #MAX_RESPONSE_BYTES} of the body as text; empty when it cannot be read. */
    private String peek(Response response) {
        try {
            ResponseBody peeked = response.peekBody(MAX_RESPONSE_BYTES);
            return peeked.string();
        } catch (IOException e) {
            // The status line already arrived and decides the outcome; the body is a detail.
            log.debug("Could not read the answer of {}: {}", id, e.toString());
            return "";
        }
    }

    /** Releases the client's threads and pooled connections; calls in flight finish on their own. */
    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "WebhookChannel[" + id + " -> " + url.redact() + "]";
    }

    /** Records whether the request body went out, which decides {@code outcomeUnknown}. */
    static final class SendProgress extends EventListener {

        /** Finds each call's progress through the request tag set in {@link #deliver}. */
        static final EventListener.Factory FACTORY = call -> {
            SendProgress progress = call.request().tag(SendProgress.class);
            return progress == null ? EventListener.NONE : progress;
        };

        volatile boolean sent;

        @Override
        public void requestBodyEnd(Call call, long byteCount) {
            sent = true;
        }
    }
}
