package org.tongfa.published;

import java.time.Instant;
import org.tongfa.delivery.ItemSnapshot;

/**
 * One item as a pull channel holds it: the last snapshot it was delivered, and whether it was taken
 * back since.
 *
 * @param item the snapshot as delivered (its {@code publishedAt} is the server-recorded first publication)
 * @param retracted whether the item was retracted (or expired) and must no longer be shown
 * @param retractedAt when the retraction reached this channel, or {@code null}
 */
public record PublishedEntry(ItemSnapshot item, boolean retracted, Instant retractedAt) {

    /** Whether readers may see the item. */
    public boolean live() {
        return !retracted;
    }
}
