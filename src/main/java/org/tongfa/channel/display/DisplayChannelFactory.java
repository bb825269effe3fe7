package org.tongfa.channel.display;

import org.springframework.stereotype.Component;
import org.tongfa.delivery.Channel;
import org.tongfa.delivery.ChannelConfig;
import org.tongfa.delivery.ChannelFactory;
import org.tongfa.published.PublishedEntryStore;

/** Creates {@code display} channels ({@code tongfa.channels.<id>.type=display}). */
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
        config.bind(DisplayChannelProperties.class);
        return new DisplayChannel(config.channelId(), store, feeds);
    }
}
