package org.tongfa.channel.display;

import java.time.Instant;
import java.util.List;

/**
 * What one screen shows at one moment, in order.
 *
 * @param mode {@code NORMAL}, {@code EMERGENCY} (only emergency items) or {@code STANDBY} (outside
 *     every daypart: nothing to show)
 * @param items the rotation, first to show first
 * @param nextChange when this playlist may change by the passing of time alone (an item expires or is
 *     released, a daypart starts or ends), or {@code null} if never; a change in the store may change it
 *     earlier
 * @param nextDaypartStart in {@code STANDBY}, when the screen next plays, or {@code null}
 */
record Playlist(Mode mode, List<Entry> items, Instant nextChange, Instant nextDaypartStart) {

    enum Mode { NORMAL, EMERGENCY, STANDBY }

    Playlist {
        items = List.copyOf(items);
    }

    /**
     * One item in the rotation, with the display channel's override already in title and summary.
     *
     * @param id the item id
     * @param title the (display) title
     * @param summary the display summary, else the item's own, may be empty
     * @param priority {@code NORMAL}, {@code URGENT} or {@code EMERGENCY}
     * @param seconds how long it stays on screen
     * @param imageUrl the cover (or first body image) as an absolute URL, or {@code null}
     * @param publishedAt the first publication
     * @param department the issuing body (发布机构), shown with an emergency notice
     */
    record Entry(String id, String title, String summary, String priority, int seconds, String imageUrl,
            Instant publishedAt, String department) {
    }
}
