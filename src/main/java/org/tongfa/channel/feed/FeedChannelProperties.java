package org.tongfa.channel.feed;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.tongfa.text.Printable;

/**
 * Settings of a {@code feed} channel, bound from {@code tongfa.channels.<id>.*}.
 *
 * @param baseUrl the absolute URL the feeds are reached at; defaults to the service's own
 *     {@code <tongfa.public-base-url>/feeds/}
 * @param siteUrl the public website an entry links to ({@code <site-url>items/<id>.html}); defaults to
 *     the service's own {@code /site/}
 * @param hubUrl the WebSub hub notified when a feed changes, or empty for none
 * @param items entries per feed, newest first
 * @param title the title of the all-items feed, if it must differ from the site's name
 *     ({@code tongfa.site.name}); column feeds append the column's name
 * @param refreshInterval how often a node checks the shared store for changes delivered on other nodes
 * @param timeout the whole-call timeout of a hub notification
 * @param hubRetryDelay the wait after a failed hub notification; it doubles after each further failure
 * @param hubMaxRetryDelay the longest wait between two notifications of a feed while the hub fails
 * @param allowPrivateNetwork whether the hub may be on loopback or a private network (refused by
 *     default, like a webhook's URL)
 */
record FeedChannelProperties(
        String baseUrl,
        String siteUrl,
        String hubUrl,
        @Min(1) @Max(1000) @DefaultValue("50") int items,
        @Printable String title,
        @NotNull @DefaultValue("1s") Duration refreshInterval,
        @NotNull @DefaultValue("10s") Duration timeout,
        @NotNull @DefaultValue("10s") Duration hubRetryDelay,
        @NotNull @DefaultValue("10m") Duration hubMaxRetryDelay,
        @DefaultValue("false") boolean allowPrivateNetwork) {
}
