package org.tongfa.channel.display;

import org.tongfa.delivery.Channel;
import org.tongfa.delivery.DeliveryReceipt;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.RetryLaterException;
import org.tongfa.published.PublishedEntryStore;

/**
 * A {@code display} channel: puts items into the playlists of the lobby screens (大厅显示屏) that show
 * their column. A delivery records the item (with its display override of title and summary) in the
 * shared {@link PublishedEntryStore}, idempotently, and tells this node's {@link DisplayFeeds} to look
 * again at once; screens pick the change up at their next poll, other nodes within
 * {@code tongfa.display.refresh-interval}. Whether the item is on air at a given moment (dayparts,
 * expiry, emergency takeover) is decided when a screen asks, by {@link ScreenSchedule}.
 *
 * <p>Thread-safe: it holds no state of its own.
 */
final class DisplayChannel implements Channel {

    static final String TYPE = "display";

    private final String id;
    private final PublishedEntryStore store;
    private final DisplayFeeds feeds;

    DisplayChannel(String id, PublishedEntryStore store, DisplayFeeds feeds) {
        this.id = id;
        this.store = store;
        this.feeds = feeds;
    }




    @Override
    public DeliveryReceipt deliver(Dispatch dispatch) throws RetryLaterException {
        store.take(id, dispatch);
        feeds.changed(id);
        return new DeliveryReceipt(dispatch.item().itemId(), null);
    }
}
