package org.tongfa.delivery;

/**
 * Creates channels of one type from configuration. Each adapter package contributes one factory bean;
 * the core finds it by {@link #type()} for every {@code tongfa.channels.<id>.type}.
 */
public interface ChannelFactory {

    /** The value of {@code tongfa.channels.<id>.type} this factory handles. */
    String type();

    /**
     * Builds the channel, binding its own settings record from {@code config}.
     *
     * @throws org.tongfa.config.InvalidConfigurationException naming the offending key when a setting is missing or wrong
     */
    Channel create(ChannelConfig config);

    /**
     * Whether at most one channel of this type may be enabled per service: true for types that serve
     * fixed public paths ({@code /feeds/}, {@code /site/}). The registry refuses a second one at start-up.
     */
    default boolean onePerService() {
        return false;
    }

    /**
     * The field lengths channels of this type accept, the same as {@link Channel#contentLimits()} of the
     * channels it creates: known even for a channel not running on this node, so an editor writing an
     * override for it sees the limit as it types.
     */
    default java.util.Optional<ContentLimits> contentLimits() {
        return java.util.Optional.empty();
    }
}
