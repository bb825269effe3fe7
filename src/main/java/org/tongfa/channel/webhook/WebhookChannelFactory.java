package org.tongfa.channel.webhook;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.springframework.stereotype.Component;
import org.tongfa.delivery.Channel;
import org.tongfa.delivery.ChannelConfig;
import org.tongfa.delivery.ChannelFactory;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.net.PrivateNetworkGuard;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates {@code webhook} channels: each item action becomes a signed HTTP POST (Standard Webhooks) to
 * a third-party news app or portal.
 *
 * <p>Settings under {@code tongfa.channels.<id>.}: {@code url} (required, http or https),
 * {@code secret} (required; a {@code whsec_}-prefixed base64 key or any text), {@code timeout}
 * (default 10s, at most 5m), {@code allow-private-network} (default false), {@code fields} (item
 * fields to send, empty for all), {@code remote-id-field} (default {@code id}) and
 * {@code remote-url-field} (default {@code url}), the last two dotted paths into the JSON answer.
 *
 * <p>The channels it creates are {@link AutoCloseable}; closing one releases its HTTP client.
 */
@Component
public class WebhookChannelFactory implements ChannelFactory {

    static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    private final Clock clock;
    private final Dns dns;
    // Our own mapper rather than the application's: the wire format must not change with global settings.
    private final ObjectMapper json = JsonMapper.builder().build();

    /** The Spring constructor: system clock and system DNS. */
    public WebhookChannelFactory() {
        this(Clock.systemUTC(), Dns.SYSTEM);
    }

    WebhookChannelFactory(Clock clock, Dns dns) {
        this.clock = clock;
        this.dns = dns;
    }

    @Override
    public String type() {
        return WebhookChannel.TYPE;
    }

    /**
     * @throws org.tongfa.config.InvalidConfigurationException naming the full key of the first wrong setting
     */
    @Override
    public Channel create(ChannelConfig config) {
        WebhookChannelProperties settings = config.bind(WebhookChannelProperties.class);
        HttpUrl url = checkUrl(config, settings);
        WebhookSigner signer = signer(config, settings.secret());
        checkTimeout(config, settings.timeout());
        checkFields(config, settings.fields());

        PrivateNetworkGuard guard = new PrivateNetworkGuard(config.key("allow-private-network"), dns);
        OkHttpClient.Builder client = new OkHttpClient.Builder()
                .callTimeout(settings.timeout())
                .connectTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .writeTimeout(settings.timeout())
                .followRedirects(false)
                .followSslRedirects(false)
                // The ledger owns retries; OkHttp must not silently send the request twice.
                .retryOnConnectionFailure(false)
                .eventListenerFactory(WebhookChannel.SendProgress.FACTORY);
        guard.apply(client, settings.allowPrivateNetwork());
        return new WebhookChannel(config.channelId(), config.prefix(), url, signer, settings, client.build(), json, clock);
    }

    private static HttpUrl checkUrl(ChannelConfig config, WebhookChannelProperties settings) {
        URI uri = config.httpUrl("url", settings.url());
        if (uri.getUserInfo() != null) {
            throw config.problem("url", "must not carry credentials; requests are authenticated by their signature");
        }
        // OkHttp takes every URL the shared check lets through (http(s), a host, a valid port).
        HttpUrl url = HttpUrl.get(uri.toString());
        PrivateNetworkGuard.checkUrl(config.key("url"), config.key("allow-private-network"), url,
                settings.allowPrivateNetwork());
        return url;
    }

    private static WebhookSigner signer(ChannelConfig config, String secret) {
        try {
            return WebhookSigner.forSecret(secret);
        } catch (IllegalArgumentException e) {
            throw config.problem("secret", e.getMessage());
        }
    }

    private static void checkTimeout(ChannelConfig config, Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw config.problem("timeout", "must be positive");
        }
        if (timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw config.problem("timeout", "must be at most 5m");
        }
    }

    private static void checkFields(ChannelConfig config, List<String> fields) {
        List<String> unknown = new ArrayList<>(fields);
        unknown.removeAll(WebhookPayload.ITEM_FIELDS);
        if (!unknown.isEmpty()) {
            throw config.problem("fields", "unknown item field(s) " + unknown + "; known: " + WebhookPayload.ITEM_FIELDS);
        }
    }
}
