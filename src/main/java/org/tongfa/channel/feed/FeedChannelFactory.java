package org.tongfa.channel.feed;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.tongfa.config.TongfaProperties;
import org.tongfa.delivery.Channel;
import org.tongfa.delivery.ChannelConfig;
import org.tongfa.delivery.ChannelFactory;
import org.tongfa.net.PrivateNetworkGuard;
import org.tongfa.published.PublishedEntryStore;

/**
 * Creates {@code feed} channels. The feeds live at fixed paths ({@code /feeds/...}, served by
 * {@link FeedEndpoint}), so at most one feed channel may be enabled per service.
 */
@Component
public class FeedChannelFactory implements ChannelFactory {

    private final PublishedEntryStore store;
    private final TongfaProperties properties;
    private final Clock clock;
    private final Dns dns;

    /** The Spring constructor: the system resolver. */
    @Autowired
    public FeedChannelFactory(PublishedEntryStore store, TongfaProperties properties, Clock clock) {
        this(store, properties, clock, Dns.SYSTEM);
    }

    FeedChannelFactory(PublishedEntryStore store, TongfaProperties properties, Clock clock, Dns dns) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
        this.dns = dns;
    }

    @Override
    public String type() {
        return FeedChannel.TYPE;
    }

    @Override
    public Channel create(ChannelConfig config) {
        FeedChannelProperties settings = config.bind(FeedChannelProperties.class);
        String publicBase = stripSlash(properties.publicBaseUrl().toString());
        String baseUrl = config.directoryUrl("base-url", settings.baseUrl(), publicBase + "/feeds/");
        String siteUrl = config.directoryUrl("site-url", settings.siteUrl(), publicBase + "/site/");
        WebSubHub hub = null;
        String hubUrl = settings.hubUrl() == null || settings.hubUrl().isBlank() ? null : settings.hubUrl().strip();
        if (hubUrl != null) {
            // OkHttp takes every URL the shared check lets through (http(s), a host, a valid port).
            HttpUrl parsed = HttpUrl.get(config.httpUrl("hub-url", hubUrl).toString());
            String allowKey = config.key("allow-private-network");
            // The hub is a URL from configuration like a webhook's: the same guard keeps it off our network.
            PrivateNetworkGuard.checkUrl(config.key("hub-url"), allowKey, parsed, settings.allowPrivateNetwork());
            if (settings.timeout().isZero() || settings.timeout().isNegative()) {
                throw config.problem("timeout", "must be positive");
            }
            OkHttpClient.Builder client = new OkHttpClient.Builder().callTimeout(settings.timeout())
                    // A redirect could lead the ping where the guard never looked at the URL.
                    .followRedirects(false).followSslRedirects(false)
                    // The ledger owns retries; OkHttp must not repeat the ping on its own.
                    .retryOnConnectionFailure(false);
            new PrivateNetworkGuard(allowKey, dns).apply(client, settings.allowPrivateNetwork());
            hub = new WebSubHub(parsed, client.build());
        }
        if (settings.refreshInterval().isNegative()) {
            throw config.problem("refresh-interval", "must not be negative");
        }
        Map<String, String> columns = new TreeMap<>();
        properties.columns().forEach((key, column) -> columns.put(key, column.name()));
        return new FeedChannel(config.channelId(), store, baseUrl, siteUrl, hubUrl, hub, settings.items(),
                settings.title(), columns, settings.refreshInterval(), clock);
    }

    /** The feeds live at fixed paths ({@code /feeds/...}). */
    @Override
    public boolean onePerService() {
        return true;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
