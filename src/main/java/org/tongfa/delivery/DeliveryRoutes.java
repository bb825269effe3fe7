package org.tongfa.delivery;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tongfa.config.TongfaProperties;

/**
 * Instantiates the route templates of {@code routes/delivery.camel.yaml} once per running channel, so
 * each channel has its own poll, queue and worker threads: a dead or slow channel never delays the
 * others. Before the first route starts, the deliveries this node held when it last stopped are
 * handed back to the ledger.
 */
@Component
public class DeliveryRoutes implements CamelContextConfiguration, ChannelWaker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRoutes.class);

    private final ChannelRegistry registry;
    private final DeliveryLedger ledger;
    private final TongfaProperties properties;
    private final Clock clock;
    private volatile ProducerTemplate producer;

    public DeliveryRoutes(ChannelRegistry registry, DeliveryLedger ledger, TongfaProperties properties, Clock clock) {
        this.registry = registry;
        this.ledger = ledger;
        this.properties = properties;
        this.clock = clock;
    }

    /** The wake queue of a channel; the same URI in Java and YAML, so both use one endpoint. */
    static String wakeUri(String channelId) {
        return "seda:wake-" + channelId + "?size=1&discardWhenFull=true&pollTimeout=100";
    }

    /** The ids of a channel's routes, as {@link #afterApplicationStart} names them: deliver, claim, poll. */
    static List<String> routeIds(String channelId) {
        return List.of("deliver-" + channelId, "claim-" + channelId, "poll-" + channelId);
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        // Camel's redelivery delay takes milliseconds; our configuration speaks Durations.
        context.getPropertiesComponent().addOverrideProperty("tongfa.delivery.short-retry-delay-millis",
                String.valueOf(Math.max(1, properties.delivery().shortRetryDelay().toMillis())));
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        int released = ledger.releaseLeasesOf(properties.nodeId(), clock.instant());
        if (released > 0) {
            log.warn("Node {} handed back {} deliveries it held when it stopped; they are sent again under their "
                    + "idempotency keys", properties.nodeId(), released);
        }
        producer = context.createProducerTemplate();
        long pollMillis = properties.delivery().pollInterval().toMillis();
        for (String id : registry.enabledIds()) {
            Map<String, Object> params = Map.of(
                    "channelId", id,
                    "concurrency", registry.concurrency(id),
                    "pollMillis", pollMillis);
            try {
                List<String> routes = routeIds(id);
                context.addRouteFromTemplate(routes.get(0), "channel-deliver", params);
                context.addRouteFromTemplate(routes.get(1), "channel-claim", params);
                context.addRouteFromTemplate(routes.get(2), "channel-poll", params);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the delivery routes of channel " + id, e);
            }
            log.info("Delivery routes started for channel {} ({}), concurrency {}", id, registry.type(id),
                    registry.concurrency(id));
        }
    }

    @Override
    public void wake(String channelId) {
        ProducerTemplate p = producer;
        if (p != null && registry.channel(channelId).isPresent()) {
            p.sendBody(wakeUri(channelId), "wake");
        }
    }
}
