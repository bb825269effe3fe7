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

    private final ChannelRegistry registry;
    private final ChannelHealth health;
    private final DeliveryLedger ledger;

    ChannelsHealthIndicator(ChannelRegistry registry, ChannelHealth health, DeliveryLedger ledger) {
        this.registry = registry;
        this.health = health;
        this.ledger = ledger;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Map<DeliveryStatus, Long>> counts = ledger.countsByChannel();
        boolean degraded = false;
        for (String id : registry.configuredIds()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            boolean running = registry.channel(id).isPresent();
            String state = running ? health.state(id).name() : "OFF";
            Map<DeliveryStatus, Long> c = counts.getOrDefault(id, Map.of());
            detail.put("type", registry.settings(id).orElseThrow().type());
            detail.put("state", state);
            detail.put("pending", c.getOrDefault(DeliveryStatus.PENDING, 0L));
            detail.put("failed", c.getOrDefault(DeliveryStatus.FAILED, 0L));
            detail.put("dead", c.getOrDefault(DeliveryStatus.DEAD, 0L));
            String reason = running ? health.disabledReason(id) : null;
            if (reason != null) {
                detail.put("disabledReason", reason);
            }
            degraded |= running && !state.equals("CLOSED") || c.getOrDefault(DeliveryStatus.DEAD, 0L) > 0;
            builder.withDetail(id, detail);
        }
        builder.up().withDetail("degraded", degraded);
    }
}
