package org.tongfa.channel.feed;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.tongfa.config.SiteProperties;
import org.tongfa.config.TongfaProperties;
import org.tongfa.delivery.Channel;
import org.tongfa.delivery.ChannelConfig;
import org.tongfa.delivery.ChannelFactory;
import org.tongfa.net.PrivateNetworkGuard;
import org.tongfa.published.PublishedEntryStore;

/**
 * Creates {@code feed} channels. The feeds live at fixed paths ({@code /feeds/...}, served by
 * {@link FeedEndpoint}), so at most one feed channel may be enabled per service. Their titles,
 * description and language are the site's ({@code tongfa.site.*}); a channel's {@code title} overrides
 * the name.
 */
@Component
public class FeedChannelFactory implements ChannelFactory {

    private final PublishedEntryStore store;
    private final FeedHubPings pings;
    private final TongfaProperties properties;
    private final SiteProperties site;
    private final Clock clock;
    private final Dns dns;

    /** The Spring constructor: the system resolver. */
    @Autowired
    FeedChannelFactory(PublishedEntryStore store, FeedHubPings pings, TongfaProperties properties, SiteProperties site,
            Clock clock) {
        this(store, pings, properties, site, clock, Dns.SYSTEM);
    }

    FeedChannelFactory(PublishedEntryStore store, FeedHubPings pings, TongfaProperties properties, SiteProperties site,
            Clock clock, Dns dns) {
        this.store = store;
        this.pings = pings;
        this.properties = properties;
        this.site = site;
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
        String hubUrl = settings.hubUrl() == null || settings.hubUrl().isBlank() ? null : settings.hubUrl().strip();
        HubNotifier notifier = hubUrl == null ? null : notifier(config, settings, hubUrl, baseUrl);
        if (settings.refreshInterval().isNegative()) {
            throw config.problem("refresh-interval", "must not be negative");
        }
        if (settings.refreshInterval().compareTo(java.time.Duration.ofMinutes(10)) > 0) {
            throw config.problem("refresh-interval", "must be at most 10m: what another node "
                    + "delivered shows here only after one refresh interval");
        }
        Map<String, String> columns = new TreeMap<>();
        properties.columns().forEach((key, column) -> columns.put(key, column.name()));
        String title = settings.title() == null || settings.title().isBlank() ? site.name() : settings.title().strip();
        String description = site.description() == null || site.description().isBlank() ? title : site.description();
        FeedRenderer renderer = new FeedRenderer(site.language());
        return new FeedChannel(config.channelId(), store, renderer, baseUrl, siteUrl, hubUrl, notifier,
                settings.items(), title, description, columns, settings.refreshInterval(), clock);
    }

    /** What tells the hub at {@code hubUrl} of the feeds' changes, checked as a webhook's URL would be. */
    private HubNotifier notifier(ChannelConfig config, FeedChannelProperties settings, String hubUrl, String baseUrl) {
        // OkHttp takes every URL the shared check lets through (http(s), a host, a valid port).
        HttpUrl parsed = HttpUrl.get(config.httpUrl("hub-url", hubUrl).toString());
        String allowKey = config.key("allow-private-network");
        // The hub is a URL from configuration like a webhook's: the same guard keeps it off our network.
        PrivateNetworkGuard.checkUrl(config.key("hub-url"), allowKey, parsed, settings.allowPrivateNetwork());
        if (settings.timeout().isZero() || settings.timeout().isNegative()) {
            throw config.problem("timeout", "must be positive");
        }
        if (settings.hubRetryDelay().isZero() || settings.hubRetryDelay().isNegative()) {
            throw config.problem("hub-retry-delay", "must be positive");
        }
        if (settings.hubMaxRetryDelay().compareTo(settings.hubRetryDelay()) < 0) {
            throw config.problem("hub-max-retry-delay", "must not be shorter than hub-retry-delay");
        }
        OkHttpClient.Builder client = new OkHttpClient.Builder().callTimeout(settings.timeout())
                // A redirect could lead the ping where the guard never looked at the URL.
                .followRedirects(false).followSslRedirects(false)
                // The notifier owns retries, but a pooled connection the hub closed in the meantime (an
                // HTTP/1.0 hub closes every one) is OkHttp's to replace: it sends once more on a fresh
                // connection, only then and to another address of the hub. A ping is safe to repeat.
                .retryOnConnectionFailure(true);
        new PrivateNetworkGuard(allowKey, dns).apply(client, settings.allowPrivateNetwork());
        return new HubNotifier(config.channelId(), pings, new WebSubHub(parsed, client.build()), baseUrl,
                settings.timeout(), settings.hubRetryDelay(), settings.hubMaxRetryDelay(), clock);
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
