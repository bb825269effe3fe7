package org.tongfa.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code channels}: each channel's state and backlog. The service
 * stays UP while a partner is down (the other channels still deliver); a channel that is OPEN, PAUSED
 * or DISABLED, or that holds DEAD deliveries, is shown so an operator sees it at a glance.
 */
@Component("channels")
class ChannelsHealthIndicator extends AbstractHealthIndicator {

    private final ChannelOverview overview;

    ChannelsHealthIndicator(ChannelOverview overview) {
        this.overview = overview;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean degraded = false;
        for (ChannelOverview.ChannelView channel : overview.all()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("type", channel.type());
            detail.put("state", channel.state());
            detail.put("pending", channel.pending());
            detail.put("failed", channel.failed());
            detail.put("dead", channel.dead());
            if (channel.disabledReason() != null) {
                detail.put("disabledReason", channel.disabledReason());
            }
            degraded |= channel.degraded();
            builder.withDetail(channel.id(), detail);
        }
        builder.up().withDetail("degraded", degraded);
    }
}
