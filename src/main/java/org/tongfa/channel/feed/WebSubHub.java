package org.tongfa.channel.feed;

import java.io.IOException;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.tongfa.delivery.GiveUpException;
import org.tongfa.delivery.RetryLaterException;
import org.tongfa.net.PrivateNetworkGuard;

/**
 * Tells a WebSub hub that a feed changed: one {@code hub.mode=publish} POST per topic URL, so the hub
 * fetches it and pushes to subscribers. Publishing a ping twice is harmless (the hub fetches again
 * and finds nothing new), which makes a repeated notification safe.
 */
final class WebSubHub {

    private final HttpUrl hub;
    private final OkHttpClient client;

    WebSubHub(HttpUrl hub, OkHttpClient client) {
        this.hub = hub;
        this.client = client;
    }

    /**
     * Notifies the hub of one topic.
     *
     * @throws RetryLaterException when the hub is unreachable, slow, or answers 408, 429 or 5xx
     * @throws GiveUpException when the hub refuses the ping for good (another 4xx), or the hub's address
     *     is on a private network the channel does not allow
     */
    void publish(String topic) throws RetryLaterException, GiveUpException {
        Request request = new Request.Builder().url(hub)
                .post(new FormBody.Builder().add("hub.mode", "publish").add("hub.url", topic).build())
                .build();
        try (Response response = client.newCall(request).execute()) {
            int code = response.code();
            if (code >= 200 && code < 300) {
                return;
            }
            if (code == 408 || code == 429 || code >= 500) {
                throw new RetryLaterException("WebSub hub answered " + code + " for " + topic);
            }
            throw new GiveUpException("WebSub hub refused the publish ping for " + topic + " with " + code);
        } catch (IOException e) {
            PrivateNetworkGuard.RefusedException refused = PrivateNetworkGuard.findRefusal(e);
            if (refused != null) {
                throw new GiveUpException("WebSub hub refused locally: " + refused.getMessage());
            }
            throw RetryLaterException.outcomeUnknown("WebSub hub unreachable: " + e, e);
        }
    }
}
