package org.tongfa.delivery;

/**
 * What a channel is sent for one attempt of a {@link Delivery}: the action, the item as this channel
 * must show it, and what earlier attempts and deliveries left behind. Unlike the ledger row it carries
 * no lease or status, so a channel cannot touch the ledger's bookkeeping.
 *
 * @param deliveryId the ledger row
 * @param idempotencyKey stable for the life of the delivery row, whatever the attempt; remote systems
 *     deduplicate on it (for webhooks it is the {@code webhook-id})
 * @param action publish, update or retract
 * @param attempt 1 for the first attempt
 * @param item the item as this channel must show it (its per-channel overrides already applied)
 * @param previousRemoteId the remote id of the last successful delivery of this item to this channel,
 *     or {@code null}; an update or retraction addresses it
 * @param assets reads the bytes of the item's assets
 * @param progress what earlier attempts of this delivery already did (remote ids of finished steps);
 *     a multi-step channel saves each step here before taking the next, see {@link DeliveryProgress}
 */
public record Dispatch(
        long deliveryId,
        String idempotencyKey,
        Action action,
        int attempt,
        ItemSnapshot item,
        String previousRemoteId,
        AssetReader assets,
        DeliveryProgress progress) {

    /** A dispatch whose progress is kept in memory only (single-step channels and tests). */
    public Dispatch(long deliveryId, String idempotencyKey, Action action, int attempt, ItemSnapshot item,
            String previousRemoteId, AssetReader assets) {
        this(deliveryId, idempotencyKey, action, attempt, item, previousRemoteId, assets, DeliveryProgress.inMemory());
    }
}
