package org.tongfa.channel.display;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tongfa.common.Sha256;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.config.SettingsBinder;
import org.tongfa.config.TongfaProperties;
import org.tongfa.security.PrivateFiles;
import org.tongfa.security.ScreenKeys;

/**
 * The configured lobby screens ({@code tongfa.screens.<id>}) and the shared display settings
 * ({@code tongfa.display}), bound and validated at start-up by the {@link SettingsBinder} like every
 * channel's settings, then checked against the rest of the configuration: a bad daypart, an unknown
 * column or channel, a short key stops the service with a message naming the key.
 *
 * <p>A screen whose key is left out or configured empty (the environment variable is unset) gets a random key
 * generated once into {@code <data-directory>/screen-keys/<id>} (owner-readable only), like the API
 * token: the demo screen runs with no set-up and is never open to anyone. Keys are never logged, and
 * only their SHA-256 is kept in memory; a presented key is compared in constant time, and an unknown
 * screen is answered exactly like a wrong key.
 */
@Component
class Screens implements ScreenKeys {

    private static final Logger log = LoggerFactory.getLogger(Screens.class);
    static final int MIN_KEY_LENGTH = 16;
    private static final Pattern SCREEN_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** Compared against when the screen is unknown, so that case costs the same as a wrong key. */
    private static final byte[] UNKNOWN_SCREEN = Sha256.digest(java.util.UUID.randomUUID().toString());

    private final Map<String, Screen> screens;
    private final DisplaySettings settings;

    Screens(SettingsBinder settingsBinder, TongfaProperties properties) {
        this.settings = settingsBinder.bind("tongfa.display", DisplaySettings.class);
        if (settings.offlineAfter() != null && (settings.offlineAfter().isZero() || settings.offlineAfter().isNegative())) {
            throw new InvalidConfigurationException("tongfa.display.offline-after", "must be positive");
        }
        if (settings.refreshInterval().isNegative()) {
            throw new InvalidConfigurationException("tongfa.display.refresh-interval", "must not be negative");
        }
        if (settings.refreshInterval().compareTo(java.time.Duration.ofMinutes(10)) > 0) {
            throw new InvalidConfigurationException("tongfa.display.refresh-interval", "must be at most 10m: what another node "
                    + "delivered shows here only after one refresh interval");
        }
        if (settings.maxStreams() < 0) {
            throw new InvalidConfigurationException("tongfa.display.max-streams", "must not be negative");
        }
        positive("tongfa.display.stream-heartbeat", settings.streamHeartbeat());
        positive("tongfa.display.stream-lifetime", settings.streamLifetime());
        Map<String, Screen> checked = new TreeMap<>();
        settingsBinder.bindEach("tongfa.screens", ScreenProperties.class)
                .forEach((id, screen) -> checked.put(id, check(id, screen, properties)));
        this.screens = Map.copyOf(checked);
    }

    private static void positive(String key, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new InvalidConfigurationException(key, "must be positive");
        }
    }

    private Screen check(String id, ScreenProperties p, TongfaProperties properties) {
        String prefix = "tongfa.screens." + id;
        if (!SCREEN_ID.matcher(id).matches()) {
            throw new InvalidConfigurationException(prefix, "a screen id is 1-64 lower-case letters, digits or '-'");
        }
        for (int i = 0; i < p.getColumns().size(); i++) {
            if (!properties.columns().containsKey(p.getColumns().get(i))) {
                throw new InvalidConfigurationException(prefix + ".columns[" + i + "]", "unknown column '"
                        + p.getColumns().get(i) + "'; known columns: " + properties.columns().keySet());
            }
        }
        List<Daypart> dayparts = new ArrayList<>();
        for (int i = 0; i < p.getDayparts().size(); i++) {
            try {
                dayparts.add(Daypart.parse(p.getDayparts().get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(prefix + ".dayparts[" + i + "]", e.getMessage());
            }
        }
        Orientation orientation;
        try {
            orientation = Orientation.valueOf(p.getOrientation().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(prefix + ".orientation", "must be landscape or portrait, not '"
                    + p.getOrientation() + "'");
        }
        String channel = channel(prefix, p.getChannel(), properties);
        Duration offlineAfter = p.getOfflineAfter() != null ? p.getOfflineAfter()
                : settings.offlineAfter() != null ? settings.offlineAfter() : Duration.ofSeconds(3L * p.getPollSeconds());
        if ((offlineAfter.isZero() || offlineAfter.isNegative())) {
            throw new InvalidConfigurationException(prefix + ".offline-after", "must be positive");
        }
        if (offlineAfter.compareTo(Duration.ofSeconds(p.getPollSeconds())) <= 0) {
            // A screen that polls on time would be reported OFFLINE between two polls.
            throw new InvalidConfigurationException(p.getOfflineAfter() != null ? prefix + ".offline-after"
                    : "tongfa.display.offline-after", "must be longer than the screen's poll interval ("
                    + prefix + ".poll-seconds: " + p.getPollSeconds() + "), not " + offlineAfter.toSeconds()
                    + "s: a screen polling on time would be reported offline between two polls");
        }
        if (p.getMaxAge() != null && (p.getMaxAge().isZero() || p.getMaxAge().isNegative())) {
            throw new InvalidConfigurationException(prefix + ".max-age", "must be positive, such as 14d");
        }
        PlaylistCap cap = new PlaylistCap(p.getMaxItems() == null ? 0 : p.getMaxItems(), p.getMaxAge());
        byte[] keyHash = Sha256.digest(key(prefix, id, p.getKey(), properties.dataDirectory()));
        return new Screen(id, p.getName().strip(), p.getLocation() == null ? "" : p.getLocation().strip(), channel,
                new LinkedHashSet<>(p.getColumns()), dayparts, p.getItemSeconds(), orientation, keyHash, p.getPollSeconds(),
                offlineAfter, cap);
    }

    private static String channel(String prefix, String configured, TongfaProperties properties) {
        List<String> display = properties.channels().entrySet().stream()
                .filter(e -> DisplayChannel.TYPE.equals(e.getValue().type())).map(Map.Entry::getKey).toList();
        if (configured == null || configured.isBlank()) {
            if (display.size() != 1) {
                throw new InvalidConfigurationException(prefix + ".channel", display.isEmpty()
                        ? "no channel of type 'display' is configured (tongfa.channels.<id>.type=display)"
                        : "several display channels " + display + ": name the one this screen shows");
            }
            return display.get(0);
        }
        if (!display.contains(configured.strip())) {
            throw new InvalidConfigurationException(prefix + ".channel", "'" + configured
                    + "' is not a configured channel of type display; display channels: " + display);
        }
        return configured.strip();
    }

    private static String key(String prefix, String id, String configured, Path dataDirectory) {
        // Left out or empty (an unset environment variable): a screen added by hand must not stop start-up.
        if (configured == null || configured.isBlank()) {
            Path file = dataDirectory.resolve("screen-keys").resolve(id);
            log.warn("Screen {} has no key configured ({}.key); using the generated key in {}", id, prefix,
                    file.toAbsolutePath());
            return generatedKey(file);
        }
        if (configured.strip().length() < MIN_KEY_LENGTH) {
            throw new InvalidConfigurationException(prefix + ".key", "must be at least " + MIN_KEY_LENGTH
                    + " characters");
        }
        return configured.strip();
    }

    private static String generatedKey(Path file) {
        try {
            return PrivateFiles.generatedSecret(file, 24, MIN_KEY_LENGTH);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a generated screen key in " + file, e);
        }
    }

    Optional<Screen> find(String id) {
        return Optional.ofNullable(screens.get(id));
    }

    Collection<Screen> all() {
        return screens.values();
    }

    DisplaySettings settings() {
        return settings;
    }

    /** Whether {@code presented} is the screen's key, compared in constant time. */
    static boolean keyMatches(Screen screen, String presented) {
        boolean equal = MessageDigest.isEqual(screen.keyHash(), Sha256.digest(presented == null ? "" : presented.strip()));
        return presented != null && equal;
    }

    @Override
    public boolean matches(String screenId, String presented) {
        return authenticate(screenId, presented).isPresent();
    }

    /**
     * The screen whose key {@code presented} is; empty for a wrong key and an unknown screen alike, in
     * the same time (a digest comparison either way).
     */
    Optional<Screen> authenticate(String screenId, String presented) {
        Screen screen = screenId == null ? null : screens.get(screenId);
        byte[] expected = screen == null ? UNKNOWN_SCREEN : screen.keyHash();
        boolean equal = MessageDigest.isEqual(expected, Sha256.digest(presented == null ? "" : presented.strip()));
        return equal && screen != null && presented != null ? Optional.of(screen) : Optional.empty();
    }
}
