package org.tongfa.delivery;

/**
 * What a channel supports beyond a first publication.
 *
 * @param updates whether a new version of a published item can be delivered again (an update)
 * @param retraction whether a published item can be taken back from the channel
 */
public record ChannelCapabilities(boolean updates, boolean retraction) {

    /** A channel that publishes, updates and retracts. */
    public static final ChannelCapabilities FULL = new ChannelCapabilities(true, true);
}
