package org.tongfa.channel.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tongfa.config.SettingsBinder;
import org.tongfa.config.TongfaProperties;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestSettings;

/** Stream tokens: issued for one screen, valid for a minute, useless for another screen or forged. */
class StreamTokensTest {

    @TempDir
    Path data;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
    Screens screens;
    StreamTokens tokens;
    Screen lobby;

    @BeforeEach
    void setUp() {
        SettingsBinder settings = TestSettings.binder(Map.of(
                "tongfa.data-directory", data.toString(),
                "tongfa.columns.news.name", "工作动态",
                "tongfa.channels.display.type", "display",
                "tongfa.screens.lobby.name", "一楼大厅",
                "tongfa.screens.lobby.columns[0]", "news",
                "tongfa.screens.lobby.key", "0123456789abcdefXYZ",
                "tongfa.screens.hall.name", "二楼大厅",
                "tongfa.screens.hall.columns[0]", "news",
                "tongfa.screens.hall.key", "another-key-0123456789"));
        screens = new Screens(settings, settings.bind("tongfa", TongfaProperties.class));
        tokens = new StreamTokens(screens, clock);
        lobby = screens.find("lobby").orElseThrow();
    }

    @Test
    void opensTheStreamOfItsScreenForAMinute() {
        String token = tokens.issue(lobby);
        assertThat(token).doesNotContain("0123456789abcdefXYZ");
        assertThat(tokens.authenticate("lobby", token)).contains(lobby);
        clock.advance(StreamTokens.LIFETIME.minusSeconds(1));
        assertThat(tokens.matches("lobby", token)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.matches("lobby", token)).as("expired").isFalse();
    }

    @Test
    void isUselessForAnotherOrAnUnknownScreen() {
        String token = tokens.issue(lobby);
        assertThat(tokens.matches("hall", token)).isFalse();
        assertThat(tokens.matches("nowhere", token)).isFalse();
        assertThat(tokens.matches(null, token)).isFalse();
    }

    @Test
    void refusesAnExpiryMovedOrATokenSignedWithAnotherKey() {
        String token = tokens.issue(lobby);
        long expiry = Long.parseLong(token.substring(0, token.indexOf('.')));
        assertThat(tokens.matches("lobby", (expiry + 30) + token.substring(token.indexOf('.')))).isFalse();
        String hallToken = tokens.issue(screens.find("hall").orElseThrow());
        assertThat(tokens.matches("lobby", token.substring(0, token.indexOf('.')) + hallToken.substring(hallToken.indexOf('.'))))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "abc", "123.", "x.y", "99999999999999999999.AAAA", "1.%%%"})
    void refusesMalformedTokens(String token) {
        assertThat(tokens.matches("lobby", token)).isFalse();
    }

    @Test
    void refusesNoToken() {
        assertThat(tokens.matches("lobby", null)).isFalse();
    }
}
