package org.tongfa.delivery;

/** Where one delivery stands. */
public enum DeliveryStatus {
    /** Waiting for its (next) attempt at {@code next_attempt_at}. */
    PENDING,
    /** Claimed by a node under a lease; an attempt is running or its node died (the lease then expires). */
    IN_PROGRESS,
    /** The channel has it. */
    DELIVERED,
    /** The channel refused it for good; retried only by hand. */
    FAILED,
    /** Every scheduled attempt failed; retried only by hand. */
    DEAD,
    /**
     * Withdrawn: a publication never sent (or failed, or interrupted) because the item was retracted
     * from the channel first, or taken back after delivery. Never sent again, not even by hand.
     */
    RETRACTED,
    /**
     * Replaced by a later action of the item on the channel (a newer version, or a re-publication after a
     * retraction) before it was delivered. Never sent again, not even by hand.
     */
    SUPERSEDED
}
