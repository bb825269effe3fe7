package org.tongfa.channel.display;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.tongfa.delivery.ItemSnapshot;

/**
 * The lobby screen for an editor's preview: the real player (its page, script and style sheet, the same
 * files screens load) and the feed it would be given for one item ({@link DisplayFeeds#preview}), in
 * landscape or portrait. Nothing is recorded: no screen, no heartbeat.
 */
@Component
public final class DisplayPreview {

    private final DisplayFeeds feeds;
    private final byte[] player = resource("/display/player.html");
    private final byte[] script = resource("/display/player.js");
    private final byte[] style = resource("/display/player.css");

    DisplayPreview(DisplayFeeds feeds) {
        this.feeds = feeds;
    }

    /** The feed document ({@code feed.json}) of a screen in {@code orientation} ({@code landscape} or {@code portrait}). */
    public byte[] feed(ItemSnapshot item, String orientation) {
        return feeds.preview(item, Orientation.valueOf(orientation.toUpperCase(Locale.ROOT)));
    }

    /** Whether {@code orientation} is one a screen can hang in. */
    public static boolean isOrientation(String orientation) {
        return "landscape".equals(orientation) || "portrait".equals(orientation);
    }

    /** The player's page, which loads {@code ../player.js} and {@code ../player.css} and polls {@code <its path>/feed.json}. */
    public byte[] player() {
        return player.clone();
    }

    public byte[] script() {
        return script.clone();
    }

    public byte[] style() {
        return style.clone();
    }

    private static byte[] resource(String name) {
        try (InputStream in = DisplayPreview.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
