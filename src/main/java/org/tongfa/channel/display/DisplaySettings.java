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
 *     every feed request in between is answered from memory
 */
record DisplaySettings(
        Duration offlineAfter,
        @DefaultValue(BeijingTime.ZONE_ID) ZoneId timeZone,
        @DefaultValue("1s") Duration refreshInterval) {
}
