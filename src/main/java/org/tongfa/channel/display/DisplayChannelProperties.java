package org.tongfa.channel.display;

/**
 * Settings of a {@code display} channel, bound from {@code tongfa.channels.<id>.*}. A display channel
 * needs none of its own: what its screens show is configured per screen under
 * {@code tongfa.screens.<screenId>} and shared settings under {@code tongfa.display}.
 */
record DisplayChannelProperties() {
}
