package org.tongfa.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Every configured channel with its state and backlog, as the channel list API, the actuator health
 * component and the console's home page show it.
 */
@Component
public class ChannelOverview {

    private final DeliveryLedger ledger;
    private final ChannelRegistry registry;
    private final ChannelHealth health;

    ChannelOverview(DeliveryLedger ledger, ChannelRegistry registry, ChannelHealth health) {
        this.ledger = ledger;
        this.registry = registry;
        this.health = health;
    }

    /**
     * A channel and its backlog.
     *
     * @param state CLOSED (healthy), OPEN (failing, resting), HALF_OPEN (probing), PAUSED (partner asked
     *     to wait), DISABLED (410 Gone or turned off) or OFF (disabled in configuration)
     */
    public record ChannelView(String id, String type, boolean enabled, String state, String disabledReason, long pending,
            long inProgress, long failed, long dead) {

        /** Whether an operator should look: a running channel that is not healthy, or dead deliveries. */
        public boolean degraded() {
            return enabled && !state.equals(ChannelHealth.State.CLOSED.name()) || dead > 0;
        }
    }

    /** Every configured channel, in configuration order, with its deliveries counted by status. */
    public List<ChannelView> all() {
        Map<String, Map<DeliveryStatus, Long>> counts = ledger.countsByChannel();
        List<ChannelView> views = new ArrayList<>();
        for (String id : registry.configuredIds()) {
            boolean running = registry.channel(id).isPresent();
            Map<DeliveryStatus, Long> c = counts.getOrDefault(id, Map.of());
            views.add(new ChannelView(id, registry.settings(id).orElseThrow().type(), running,
                    running ? health.state(id).name() : "OFF", running ? health.disabledReason(id) : null,
                    c.getOrDefault(DeliveryStatus.PENDING, 0L), c.getOrDefault(DeliveryStatus.IN_PROGRESS, 0L),
                    c.getOrDefault(DeliveryStatus.FAILED, 0L), c.getOrDefault(DeliveryStatus.DEAD, 0L)));
        }
        return views;
    }
}
