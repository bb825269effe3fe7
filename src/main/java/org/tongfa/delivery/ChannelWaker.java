package org.tongfa.delivery;

/** Nudges a channel's worker to look for due work now instead of at its next poll. */
public interface ChannelWaker {

    /** Never blocks; several wakes before the worker runs count as one. */
    void wake(String channelId);
}
