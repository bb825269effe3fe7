package org.tongfa.delivery;

import java.time.Instant;

/**
 * One row of the delivery ledger: an action on one item version for one channel, with everything the
 * ledger remembers about it (status, attempts, lease, last error, remote id). The unit of work lives
 * here; the other delivery nouns are views of it for one purpose: {@link Dispatch} is what the channel
 * is sent, {@link DeliveryTask} carries a claimed row through one attempt, {@link DeliveryView} is what
 * the API shows, and {@link DeliveryReceipt} is what the channel answers.
 *
 * @param id the row id
 * @param itemId the item
 * @param itemVersion the version delivered
 * @param channel the channel id
 * @param action {@link Action#PUBLISH} (first publication or update) or {@link Action#RETRACT}
 * @param status where it stands
 * @param attempts attempts started so far; doubles as the fencing token of the current lease
 * @param retryFrom the attempt count when the row was last requeued by hand; the retry schedule
 *     starts over from there
 * @param nextAttemptAt when a PENDING row becomes due
 * @param leaseOwner the node holding an IN_PROGRESS row
 * @param leaseUntil when that hold lapses
 * @param lastError the last failure's reason, or {@code null}
 * @param remoteId the remote system's id after delivery
 * @param remoteUrl where the item lives after delivery
 * @param releasedAt when the release that created the row committed
 * @param createdAt row creation
 * @param updatedAt last change
 * @param deliveredAt when the channel confirmed it
 */
public record Delivery(
        long id,
        String itemId,
        int itemVersion,
        String channel,
        Action action,
        DeliveryStatus status,
        int attempts,
        int retryFrom,
        Instant nextAttemptAt,
        String leaseOwner,
        Instant leaseUntil,
        String lastError,
        String remoteId,
        String remoteUrl,
        Instant releasedAt,
        Instant createdAt,
        Instant updatedAt,
        Instant deliveredAt) {

    /** The key remote systems deduplicate on: stable across attempts and nodes. */
    public String idempotencyKey() {
        return "tf-" + itemId + "-" + id;
    }
}
