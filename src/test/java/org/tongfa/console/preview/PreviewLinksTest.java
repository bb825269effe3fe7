package org.tongfa.console.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.config.TongfaProperties;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestSettings;

/** Review links without Spring: a token reads back as issued, expires on time, and is refused once touched. */
class PreviewLinksTest {

    private static final String ITEM = "0b8f3c1e-2d4a-4f6b-9c7d-1e2f3a4b5c6d";

    @TempDir
    Path data;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T01:30:00Z"));

    private PreviewLinks links(Path directory) {
        return links(directory, "");
    }

    private PreviewLinks links(Path directory, String configuredKey) {
        TongfaProperties properties = TestSettings.binder(Map.of("tongfa.data-directory", directory.toString(),
                "tongfa.columns.news.name", "工作动态", "tongfa.columns.news.channels[0]", "archive",
                "tongfa.channels.archive.type", "folder")).bind("tongfa", TongfaProperties.class);
        return new PreviewLinks(properties, clock, configuredKey);
    }

    @Test
    void anIssuedTokenNamesItsItemVersionAndExpiry() {
        PreviewLinks links = links(data);
        String token = links.issue(ITEM, 3);

        PreviewLinks.Checked checked = links.check(token);

        assertThat(checked.refusal()).isNull();
        assertThat(checked.link()).isEqualTo(new PreviewLinks.Link(ITEM, 3, clock.instant().plus(PreviewLinks.VALIDITY)));
        assertThat(links(data).valid(token)).as("the key is kept in the data directory").contains(checked.link());
    }

    @Test
    void nodesConfiguredWithOneKeyOpenEachOthersLinksAndMakeNoKeyFile(@TempDir Path other) {
        String shared = "a-random-preview-key-of-forty-characters";
        String token = links(data, shared).issue(ITEM, 4);

        assertThat(links(other, shared).valid(token)).as("another node with the same key").isPresent();
        assertThat(links(other).check(token).refusal()).as("a node keeping its own key file").isEqualTo(PreviewLinks.Refusal.FORGED);
        assertThat(data.resolve("preview-links.key")).doesNotExist();
    }

    @Test
    void aConfiguredKeyTooShortStopsStartUpNamingTheKeyButNotItsValue() {
        assertThatThrownBy(() -> links(data, "short-secret"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("tongfa.console.preview-key").hasMessageContaining("at least 32")
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void aTokenWorksUntilItsExpiryAndIsThenExpired() {
        PreviewLinks links = links(data);
        String token = links.issue(ITEM, 1);

        clock.advance(PreviewLinks.VALIDITY.minusSeconds(1));
        assertThat(links.valid(token)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(links.check(token)).isEqualTo(new PreviewLinks.Checked(null, PreviewLinks.Refusal.EXPIRED));
        assertThat(links.valid(token)).isEmpty();
    }

    @Test
    void anAlteredOrForeignTokenIsForged() {
        PreviewLinks links = links(data);
        String token = links.issue(ITEM, 2);
        String[] parts = token.split("\\.");
        PreviewLinks.Checked forged = new PreviewLinks.Checked(null, PreviewLinks.Refusal.FORGED);

        assertThat(links.check(parts[0] + ".3." + parts[2] + "." + parts[3])).as("another version").isEqualTo(forged);
        assertThat(links.check(parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 3600) + "." + parts[3]))
                .as("a later expiry").isEqualTo(forged);
        assertThat(links.check(token.substring(0, token.length() - 2) + "xx")).as("another signature").isEqualTo(forged);
        assertThat(links.check(token.substring(0, token.lastIndexOf('.')))).as("no signature").isEqualTo(forged);
        assertThat(links.check(null)).isEqualTo(forged);
        assertThat(links.check("../../etc/passwd")).isEqualTo(forged);
        assertThat(links(data.resolve("other")).check(token)).as("signed under another key").isEqualTo(forged);
        assertThat(links.check(links(data.resolve("other")).sign(ITEM, 2, clock.instant().plusSeconds(60))))
                .as("a link from another service's key").isEqualTo(forged);
    }
}
