package org.tongfa.channel.website;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.tongfa.text.Printable;

/**
 * Settings of a {@code website} channel, bound from {@code tongfa.channels.<id>.*}.
 *
 * @param outputDirectory where the static site is rendered; {@code <output-directory>/current} always
 *     points at a complete site (a web server's document root)
 * @param baseUrl the absolute URL of the public site; defaults to the service's own {@code /site/}
 * @param feedUrl where the feeds are, for the autodiscovery links; defaults to the service's own
 *     {@code /feeds/}
 * @param pageSize items per column page
 * @param title the site's name in every page title and header, if not {@code tongfa.site.name}
 * @param refreshInterval how often a node checks the shared store for changes delivered on other nodes
 */
record WebsiteChannelProperties(
        @NotNull Path outputDirectory,
        String baseUrl,
        String feedUrl,
        @Min(1) @Max(500) @DefaultValue("20") int pageSize,
        @Printable String title,
        @NotNull @DefaultValue("1s") Duration refreshInterval) {
}
