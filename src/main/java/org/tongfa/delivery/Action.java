package org.tongfa.delivery;

/** What a delivery asks a channel to do with an item. */
public enum Action {
    /** First publication of the item on this channel. */
    PUBLISH,
    /** A newer version of an item the channel already has. */
    UPDATE,
    /** Take the item back (retraction or expiry). */
    RETRACT
}
