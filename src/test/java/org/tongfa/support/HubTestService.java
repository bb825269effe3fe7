package org.tongfa.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The settings of a whole service under test whose feeds notify a stand-in WebSub hub: its own H2
 * database and data directory, and the feed channel pointed at {@code hub}.
 */
public final class HubTestService {

    private HubTestService() {
    }

    /** A fresh data directory for one test class. */
    public static Path dataDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void register(DynamicPropertyRegistry registry, Path dir, WireMockServer hub) {
        registry.add("spring.datasource.url", TestDatabases::h2Url);
        registry.add("tongfa.data-directory", () -> dir.toString());
        registry.add("tongfa.channels.archive.directory", () -> dir.resolve("archive").toString());
        registry.add("tongfa.channels.feeds.hub-url", () -> hub.baseUrl() + "/hub");
        // The stand-in hub runs on loopback, which the SSRF guard refuses by default.
        registry.add("tongfa.channels.feeds.allow-private-network", () -> "true");
    }
}
