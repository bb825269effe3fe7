package org.tongfa.channel.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.config.SettingsBinder;
import org.tongfa.config.TongfaProperties;
import org.tongfa.support.TestSettings;

/** Start-up checks of {@code tongfa.screens.*}: every mistake names its key; keys are kept secret. */
class ScreensTest {

    @TempDir
    Path data;

    Map<String, String> source = new LinkedHashMap<>();

    Screens screens(Map<String, String> overrides) {
        source.put("tongfa.data-directory", data.toString());
        source.put("tongfa.columns.news.name", "工作动态");
        source.put("tongfa.columns.news.channels[0]", "display");
        source.put("tongfa.columns.notices.name", "通知公告");
        source.put("tongfa.channels.display.type", "display");
        source.put("tongfa.screens.lobby.name", "一楼大厅");
        source.put("tongfa.screens.lobby.columns[0]", "news");
        source.put("tongfa.screens.lobby.dayparts[0]", "MON-FRI 08:00-18:00");
        source.put("tongfa.screens.lobby.dayparts[1]", "DAILY 22:00-06:00");
        source.put("tongfa.screens.lobby.key", "0123456789abcdefXYZ");
        overrides.forEach((k, v) -> {
            if (v == null) {
                source.remove(k);
            } else {
                source.put(k, v);
            }
        });
        SettingsBinder settings = TestSettings.binder(source);
        return new Screens(settings, settings.bind("tongfa", TongfaProperties.class));
    }

    @Test
    void bindsAScreenWithDefaults() {
        Screen lobby = screens(Map.of()).find("lobby").orElseThrow();
        assertThat(lobby.channel()).isEqualTo("display");
        assertThat(lobby.columns()).containsExactly("news");
        assertThat(lobby.dayparts()).hasSize(2);
        assertThat(lobby.itemSeconds()).isEqualTo(15);
        assertThat(lobby.pollSeconds()).isEqualTo(30);
        assertThat(lobby.orientation()).isEqualTo(Orientation.LANDSCAPE);
        assertThat(lobby.offlineAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(lobby.cap()).isEqualTo(PlaylistCap.NONE);
        assertThat(lobby.toString()).doesNotContain("0123456789abcdefXYZ").doesNotContain("key");
    }

    @Test
    void bindsAPlaylistCap() {
        Screen lobby = screens(Map.of("tongfa.screens.lobby.max-items", "10", "tongfa.screens.lobby.max-age", "14d"))
                .find("lobby").orElseThrow();
        assertThat(lobby.cap()).isEqualTo(new PlaylistCap(10, Duration.ofDays(14)));
    }

    @Test
    void takesOfflineAfterFromTheSharedSettingOrTheScreen() {
        assertThat(screens(Map.of("tongfa.display.offline-after", "5m")).find("lobby").orElseThrow().offlineAfter())
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(screens(Map.of("tongfa.display.offline-after", "5m", "tongfa.screens.lobby.offline-after", "40s"))
                .find("lobby").orElseThrow().offlineAfter()).isEqualTo(Duration.ofSeconds(40));
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "tongfa.screens.lobby.dayparts[1]  | DAILY 22:00-6:00     | tongfa.screens.lobby.dayparts[1]: cannot read",
            "tongfa.screens.lobby.dayparts[0]  | MON-FRY 08:00-18:00  | tongfa.screens.lobby.dayparts[0]: unknown day 'FRY'",
            "tongfa.screens.lobby.columns[0]   | weather              | tongfa.screens.lobby.columns[0]: unknown column 'weather'",
            "tongfa.screens.lobby.key          | short                | tongfa.screens.lobby.key: must be at least 16",
            "tongfa.screens.lobby.name         | -                    | tongfa.screens.lobby.name: must not be blank",
            "tongfa.screens.lobby.orientation  | sideways             | tongfa.screens.lobby.orientation: must be landscape or portrait",
            "tongfa.screens.lobby.item-seconds | 1                    | tongfa.screens.lobby.item-seconds: must be between",
            "tongfa.screens.lobby.poll-seconds | 0                    | tongfa.screens.lobby.poll-seconds: must be between",
            "tongfa.screens.lobby.channel      | archive              | tongfa.screens.lobby.channel: 'archive' is not",
            "tongfa.screens.lobby.item-seconds | many                 | tongfa.screens.lobby.item-seconds",
            "tongfa.display.offline-after      | 0s                   | tongfa.display.offline-after: must be positive",
            "tongfa.screens.lobby.max-items    | 0                    | tongfa.screens.lobby.max-items: must be between",
            "tongfa.screens.lobby.max-age      | 0s                   | tongfa.screens.lobby.max-age: must be positive",
            // Silent for no longer than its poll interval, a screen polling on time would flap OFFLINE.
            "tongfa.screens.lobby.offline-after | 30s                 | tongfa.screens.lobby.offline-after: must be longer than the screen's poll interval",
            "tongfa.display.offline-after      | 20s                  | tongfa.display.offline-after: must be longer than the screen's poll interval",
            "tongfa.display.refresh-interval   | 11m                  | tongfa.display.refresh-interval: must be at most 10m",
    })
    void refusesABadValueNamingItsKey(String key, String value, String message) {
        Map<String, String> override = new LinkedHashMap<>();
        override.put(key, value);
        assertThatThrownBy(() -> screens(override)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith(message.substring(0, message.indexOf(':') < 0 ? message.length() : message.indexOf(':')))
                .hasMessageContaining(message);
    }

    @Test
    void refusesAScreenWhenNoDisplayChannelIsConfigured() {
        assertThatThrownBy(() -> screens(Map.of("tongfa.channels.display.type", "folder")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("tongfa.screens.lobby.channel: no channel of type 'display'");
    }

    @Test
    void generatesAnOwnerOnlyKeyOnceWhenTheKeyIsEmpty() throws IOException {
        Map<String, String> empty = Map.of("tongfa.screens.lobby.key", "");
        Screen first = screens(empty).find("lobby").orElseThrow();
        Path file = data.resolve("screen-keys").resolve("lobby");
        String key = Files.readString(file).strip();
        assertThat(key).hasSizeGreaterThanOrEqualTo(Screens.MIN_KEY_LENGTH);
        assertThat(Screens.keyMatches(first, key)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        Screen restarted = screens(empty).find("lobby").orElseThrow();
        assertThat(Screens.keyMatches(restarted, key)).as("kept across restarts").isTrue();
        assertThat(Files.readString(file).strip()).isEqualTo(key);
    }

    @Test
    void generatesAKeyForAScreenConfiguredWithoutTheKeyLine() throws IOException {
        Map<String, String> noKeyLine = new LinkedHashMap<>();
        noKeyLine.put("tongfa.screens.lobby.key", null);
        noKeyLine.put("tongfa.screens.hall-2.name", "二楼大厅");
        noKeyLine.put("tongfa.screens.hall-2.columns[0]", "news");
        Screens screens = screens(noKeyLine);
        for (String id : new String[] {"lobby", "hall-2"}) {
            String key = Files.readString(data.resolve("screen-keys").resolve(id)).strip();
            assertThat(key).hasSizeGreaterThanOrEqualTo(Screens.MIN_KEY_LENGTH);
            assertThat(screens.authenticate(id, key)).isPresent();
        }
        String lobbyKey = Files.readString(data.resolve("screen-keys").resolve("lobby")).strip();
        assertThat(Screens.keyMatches(screens(noKeyLine).find("lobby").orElseThrow(), lobbyKey))
                .as("kept across restarts").isTrue();
    }

    @Test
    void comparesKeysExactly() {
        Screen lobby = screens(Map.of()).find("lobby").orElseThrow();
        assertThat(Screens.keyMatches(lobby, "0123456789abcdefXYZ")).isTrue();
        assertThat(Screens.keyMatches(lobby, "0123456789abcdefXY")).isFalse();
        assertThat(Screens.keyMatches(lobby, null)).isFalse();
    }

    @Test
    void answersAnUnknownScreenExactlyLikeAWrongKey() {
        Screens screens = screens(Map.of());
        assertThat(screens.authenticate("lobby", "0123456789abcdefXYZ")).isPresent();
        assertThat(screens.authenticate("lobby", "0123456789abcdefXY")).isEmpty();
        assertThat(screens.authenticate("nowhere", "0123456789abcdefXYZ")).isEmpty();
        assertThat(screens.authenticate("lobby", null)).isEmpty();
        assertThat(screens.authenticate(null, "0123456789abcdefXYZ")).isEmpty();
        assertThat(screens.matches("lobby", "0123456789abcdefXYZ")).isTrue();
        assertThat(screens.matches("nowhere", "0123456789abcdefXYZ")).isFalse();
    }
}
