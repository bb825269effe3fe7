package org.tongfa.delivery;

/**
 * Builds the {@link ItemSnapshot} a channel receives. Implemented by the item feature, so the delivery
 * core never depends on the item model.
 */
public interface SnapshotSource {

    /**
     * The given version of an item as the given channel must show it (its overrides applied).
     *
     * @throws IllegalArgumentException when the item or version does not exist
     */
    ItemSnapshot snapshot(String itemId, int version, String channelId);

    /** Reads asset bytes for channels that copy or upload them. */
    AssetReader assets();
}
