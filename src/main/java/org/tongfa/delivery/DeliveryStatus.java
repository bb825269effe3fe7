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
    /** Withdrawn: either never sent because the item was retracted first, or taken back after delivery. */
    RETRACTED,
    /** Replaced by a newer version of the item before it was sent. */
    SUPERSEDED;

    /** Whether no further work will happen on its own. */
    public boolean terminal() {
        return this != PENDING && this != IN_PROGRESS;
    }
}
