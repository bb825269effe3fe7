package org.tongfa.channel.feed;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tongfa.delivery.ChannelRegistry;

/**
 * The entry point of the {@code feed-hub-notify} route ({@code routes/feed-hub.camel.yaml}): every poll
 * interval, the running feed channel sends the WebSub notifications it owes ({@link HubNotifier}). Does
 * nothing when no feed channel runs or it has no hub.
 */
@Component
public class FeedHubNotifications {

    private static final Logger log = LoggerFactory.getLogger(FeedHubNotifications.class);

    private final List<FeedChannel> channels;

    FeedHubNotifications(ChannelRegistry registry) {
        // The registry is complete before this bean exists and never changes: asked once.
        this.channels = registry.enabled(FeedChannel.class);
    }

    /** Sends what is due; a store that cannot be read now is tried again at the next poll. */
    public void sendDue() {
        for (FeedChannel channel : channels) {
            try {
                channel.notifier().ifPresent(HubNotifier::sendDue);
            } catch (RuntimeException e) {
                log.warn("Feed channel {} could not send its WebSub notifications now: {}", channel.id(), e.toString());
            }
        }
    }
}
