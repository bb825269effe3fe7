package org.tongfa.channel.display;

import java.time.Duration;

/**
 * How much of its columns a screen plays at most ({@code tongfa.screens.<id>.max-items} and
 * {@code max-age}), so that thirty items at fifteen seconds do not make a seven-minute loop. Applies to
 * the normal rotation only: emergency items always play.
 *
 * @param maxItems the newest this many items, or {@code 0} for no limit
 * @param maxAge only items first published this recently, or {@code null} for no limit
 */
record PlaylistCap(int maxItems, Duration maxAge) {

    /** Everything in the screen's columns plays. */
    static final PlaylistCap NONE = new PlaylistCap(0, null);

    PlaylistCap {
        if (maxItems < 0) {
            throw new IllegalArgumentException("maxItems must not be negative");
        }
        if (maxAge != null && (maxAge.isZero() || maxAge.isNegative())) {
            throw new IllegalArgumentException("maxAge must be positive");
        }
    }

    @Override
    public String toString() {
        return "PlaylistCap[maxItems=" + (maxItems == 0 ? "none" : maxItems) + ", maxAge="
                + (maxAge == null ? "none" : maxAge) + "]";
    }
}
