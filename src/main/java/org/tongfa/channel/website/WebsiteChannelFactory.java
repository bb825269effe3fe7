package org.tongfa.channel.website;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.LinkedHashMap;
import org.springframework.stereotype.Component;
import org.tongfa.config.SiteProperties;
import org.tongfa.channel.website.search.SiteSearch;
import org.tongfa.config.TongfaProperties;
import org.tongfa.delivery.Channel;
import org.tongfa.delivery.ChannelConfig;
import org.tongfa.delivery.ChannelFactory;
import org.tongfa.published.PublishedEntryStore;

/**
 * Creates {@code website} channels. The service serves one site at {@code /site/} ({@link SiteController}),
 * so at most one website channel may be enabled per service.
 */
@Component
public class WebsiteChannelFactory implements ChannelFactory {

    private final PublishedEntryStore store;
    private final TongfaProperties properties;
    private final SiteProperties site;
    private final Clock clock;

    public WebsiteChannelFactory(PublishedEntryStore store, TongfaProperties properties, SiteProperties site,
            Clock clock) {
        this.store = store;
        this.properties = properties;
        this.site = site;
        this.clock = clock;
    }

    @Override
    public String type() {
        return WebsiteChannel.TYPE;
    }

    @Override
    public Channel create(ChannelConfig config) {
        WebsiteChannelProperties settings = config.bind(WebsiteChannelProperties.class);
        String publicBase = properties.publicBaseUrl().toString().replaceAll("/+$", "");
        String baseUrl = config.directoryUrl("base-url", settings.baseUrl(), publicBase + "/site/");
        String feedUrl = config.directoryUrl("feed-url", settings.feedUrl(), publicBase + "/feeds/");
        if (settings.refreshInterval().isNegative()) {
            throw config.problem("refresh-interval", "must not be negative");
        }
        if (settings.refreshInterval().compareTo(java.time.Duration.ofMinutes(10)) > 0) {
            throw config.problem("refresh-interval", "must be at most 10m: what another node "
                    + "delivered shows here only after one refresh interval");
        }
        Path output = settings.outputDirectory().toAbsolutePath().normalize();
        SiteDirectory directory = new SiteDirectory(output);
        try {
            directory.prepare();
        } catch (IOException e) {
            throw config.problem("output-directory", "cannot use " + output + ": " + e.getMessage());
        }
        Map<String, String> columns = new LinkedHashMap<>();
        properties.columns().forEach((key, column) -> columns.put(key, column.name()));
        SiteRenderer renderer = new SiteRenderer(baseUrl, feedUrl, site, settings.title(), settings.pageSize(), columns);
        return new WebsiteChannel(config.channelId(), store, renderer, directory, new SiteSearch(columns), baseUrl,
                settings.refreshInterval(), clock);
    }

    /** The service serves one site, at {@code /site/}. */
    @Override
    public boolean onePerService() {
        return true;
    }
}
