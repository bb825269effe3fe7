package org.tongfa.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.support.TestSettings;

/** The checks every adapter shares: one absolute-URL rule, failures that name the channel's key. */
class ChannelConfigTest {

    final ChannelConfig config = TestSettings.channel("portal", Map.of("tongfa.channels.portal.type", "webhook"));

    @ParameterizedTest
    @ValueSource(strings = {"https://portal.example/in", " http://portal.example:8080/in?x=1 ", "HTTPS://portal.example",
            "http://[2001:db8::1]/hook"})
    void takesAbsoluteHttpAndHttpsUrls(String url) {
        assertThat(config.httpUrl("url", url).toString()).isEqualTo(url.strip());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "ftp://portal.example/in", "/hooks/tongfa", "portal.example/in", "http:portal",
            "partner dot example", "http://portal.example:0/", "http://portal.example:99999/", "http://", "https:///in"})
    void refusesAnythingElseNamingTheFullKey(String url) {
        assertThatThrownBy(() -> config.httpUrl("url", url))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.key()).isEqualTo("tongfa.channels.portal.url");
                    assertThat(e).hasMessage("tongfa.channels.portal.url: must be an absolute http or https URL");
                });
    }

    @Test
    void givesADirectoryUrlEndingInASlashOrTheFallback() {
        assertThat(config.directoryUrl("base-url", "https://gov.example/site", "https://x.example/"))
                .isEqualTo("https://gov.example/site/");
        assertThat(config.directoryUrl("base-url", " ", "https://gov.example/feeds")).isEqualTo("https://gov.example/feeds/");
        assertThatThrownBy(() -> config.directoryUrl("base-url", "site/", "https://gov.example/"))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("tongfa.channels.portal.base-url"));
    }

    @Test
    void bindsTheChannelsOwnSubtreeAndNamesItsKeys() {
        assertThat(config.prefix()).isEqualTo("tongfa.channels.portal");
        assertThat(config.key("timeout")).isEqualTo("tongfa.channels.portal.timeout");
        assertThat(config.problem("timeout", "must be positive"))
                .hasMessage("tongfa.channels.portal.timeout: must be positive");
    }
}
