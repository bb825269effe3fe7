package org.tongfa.channel.display;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.tongfa.common.BeijingTime;

/**
 * Settings shared by all screens, under {@code tongfa.display.*}.
 *
 * @param offlineAfter how long a screen may stay silent (no poll, no heartbeat) before it is reported
 *     OFFLINE; empty means three of its poll intervals
 * @param timeZone the zone dayparts are written in (service halls keep Beijing time)
 * @param refreshInterval how often a node checks the shared store for items delivered on other nodes;
 *     every feed request in between is answered from memory, and how often open push streams are
 *     checked for a change (a delivery on this node is pushed at once)
 * @param maxStreams how many push streams this node holds open at most; a screen refused one keeps polling
 * @param streamHeartbeat how often an idle push stream carries a comment line, so that proxies keep it
 *     open and a vanished screen is noticed
 * @param streamLifetime how long one push stream lasts before the player opens a new one (with a new token)
 */
record DisplaySettings(
        Duration offlineAfter,
        @DefaultValue(BeijingTime.ZONE_ID) ZoneId timeZone,
        @DefaultValue("1s") Duration refreshInterval,
        @DefaultValue("2000") int maxStreams,
        @DefaultValue("15s") Duration streamHeartbeat,
        @DefaultValue("10m") Duration streamLifetime) {
}
