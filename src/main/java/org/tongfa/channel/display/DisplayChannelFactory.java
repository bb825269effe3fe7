package org.tongfa.channel.display;

import org.springframework.stereotype.Component;
import org.tongfa.delivery.Channel;
import org.tongfa.delivery.ChannelConfig;
import org.tongfa.delivery.ChannelFactory;
import org.tongfa.published.PublishedEntryStore;

/**
 * Creates {@code display} channels ({@code tongfa.channels.<id>.type=display}). A display channel has
 * no settings of its own under {@code tongfa.channels.<id>}: its screens are configured under
 * {@code tongfa.screens.<screenId>} and their shared settings under {@code tongfa.display}, bound by
 * {@link Screens} through the same settings binder.
 */
@Component
class DisplayChannelFactory implements ChannelFactory {

    private final PublishedEntryStore store;
    private final DisplayFeeds feeds;

    DisplayChannelFactory(PublishedEntryStore store, DisplayFeeds feeds) {
        this.store = store;
        this.feeds = feeds;
    }

    @Override
    public String type() {
        return DisplayChannel.TYPE;
    }

    @Override
    public Channel create(ChannelConfig config) {
        return new DisplayChannel(config.channelId(), store, feeds);
    }
}
