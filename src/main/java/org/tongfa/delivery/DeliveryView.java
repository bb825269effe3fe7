package org.tongfa.delivery;

import java.time.Instant;

/**
 * A {@link Delivery} as the API shows it: the row without its lease, fencing and retry bookkeeping,
 * which are internal and may change; a stable shape for editors and operators.
 *
 * @param id the ledger row, for {@code POST /api/v1/deliveries/{id}/retry}
 * @param channel the channel id
 * @param action PUBLISH or RETRACT
 * @param itemVersion the version it carries
 * @param status where it stands
 * @param attempts attempts made so far
 * @param lastError the last failure's reason
 * @param remoteId the remote system's id
 * @param remoteUrl where readers find it
 * @param nextAttemptAt when a PENDING delivery is next tried
 * @param deliveredAt when the channel confirmed it
 */
public record DeliveryView(long id, String channel, Action action, int itemVersion, DeliveryStatus status, int attempts,
        String lastError, String remoteId, String remoteUrl, Instant nextAttemptAt, Instant deliveredAt,
        Instant createdAt) {

    public static DeliveryView of(Delivery d) {
        return new DeliveryView(d.id(), d.channel(), d.action(), d.itemVersion(), d.status(), d.attempts(),
                d.lastError(), d.remoteId(), d.remoteUrl(), d.status() == DeliveryStatus.PENDING ? d.nextAttemptAt() : null,
                d.deliveredAt(), d.createdAt());
    }
}
