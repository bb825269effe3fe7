package org.tongfa.channel.feed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tongfa.delivery.GiveUpException;
import org.tongfa.delivery.RetryLaterException;

/**
 * Sends one feed channel's owed WebSub notifications ({@link FeedHubPings}) to its hub, apart from the
 * feed deliveries: a failed ping waits {@code retry-delay}, then twice as long after each further
 * failure, never more than {@code max-retry-delay}, and is tried until the hub takes it. A hub that
 * refuses a ping for good (a 4xx, an address on a network the channel may not reach) is logged and the
 * ping dropped; the feed's next change tries again.
 *
 * <p>Called by one thread per node at a time (the {@code feed-hub-notify} route); nodes share the rows
 * through their claims.
 */
final class HubNotifier {

    private static final Logger log = LoggerFactory.getLogger(HubNotifier.class);

    private final String channel;
    private final FeedHubPings pings;
    private final WebSubHub hub;
    private final String baseUrl;
    private final Duration claimFor;
    private final Duration retryDelay;
    private final Duration maxRetryDelay;
    private final Clock clock;

    /**
     * @param callTimeout the hub call's whole timeout: a claim outlasts it, so a node that dies while
     *     sending hands the ping to the next round
     */
    HubNotifier(String channel, FeedHubPings pings, WebSubHub hub, String baseUrl, Duration callTimeout,
            Duration retryDelay, Duration maxRetryDelay, Clock clock) {
        this.channel = channel;
        this.pings = pings;
        this.hub = hub;
        this.baseUrl = baseUrl;
        this.claimFor = callTimeout.multipliedBy(2);
        this.retryDelay = retryDelay;
        this.maxRetryDelay = maxRetryDelay;
        this.clock = clock;
    }

    /** Records that these feeds changed and the hub must hear of them; the next {@link #sendDue} tells it. */
    void changed(Collection<String> feedPaths) {
        pings.changed(channel, feedPaths, clock.instant());
    }

    /** Sends every notification that is due; a failure is recorded on its row, never thrown. */
    void sendDue() {
        for (String path : pings.due(channel, clock.instant())) {
            Instant now = clock.instant();
            Optional<FeedHubPings.Due> claimed = pings.claim(channel, path, now, now.plus(claimFor));
            if (claimed.isEmpty()) {
                continue; // another node is sending it
            }
            FeedHubPings.Due ping = claimed.get();
            String topic = baseUrl + path;
            try {
                hub.publish(topic);
                pings.done(channel, ping, clock.instant());
                log.debug("WebSub hub notified of {}", topic);
            } catch (RetryLaterException e) {
                Instant next = clock.instant().plus(backOff(ping.attempts() + 1));
                pings.failed(channel, ping, next, e.getMessage());
                log.warn("WebSub hub not notified of {} (attempt {}), next try at {}: {}", topic,
                        ping.attempts() + 1, next, e.getMessage());
            } catch (GiveUpException e) {
                pings.done(channel, ping, clock.instant());
                log.error("WebSub hub refused the notification of {} for good, dropped until the feed changes "
                        + "again: {}", topic, e.getMessage());
            }
        }
    }

    /** The wait after the {@code failures}-th failure in a row: doubling from retry-delay, capped. */
    Duration backOff(int failures) {
        Duration delay = retryDelay;
        for (int i = 1; i < failures && delay.compareTo(maxRetryDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay;
    }
}
