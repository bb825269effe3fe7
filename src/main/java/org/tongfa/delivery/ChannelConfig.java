package org.tongfa.delivery;

/**
 * Access to one channel's configuration subtree, {@code tongfa.channels.<id>}.
 */
public interface ChannelConfig {

    /** The channel id (the map key). */
    String channelId();

    /** The configuration prefix, {@code tongfa.channels.<id>}, for error messages. */
    String prefix();

    /**
     * Binds the subtree to an adapter's settings record and validates it (Jakarta Bean Validation).
     *
     * @throws InvalidConfigurationException naming the key and the problem
     */
    <T> T bind(Class<T> type);
}
