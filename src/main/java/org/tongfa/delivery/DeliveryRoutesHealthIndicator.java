package org.tongfa.delivery;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code deliveryRoutes}, part of the readiness group
 * ({@code /actuator/health/readiness}): UP once every running channel's poll, claim and deliver routes
 * run, OUT_OF_SERVICE before (the API accepts calls a few seconds before {@link DeliveryRoutes} starts
 * them) and while a stop takes them down. Liveness ({@code /actuator/health/liveness}) does not include
 * it: a node whose routes are not up yet is starting, not broken, and must not be restarted for it.
 */
// Bean deliveryRoutesHealthIndicator: health names the component deliveryRoutes (DeliveryRoutes has that bean name).
@Component
class DeliveryRoutesHealthIndicator extends AbstractHealthIndicator {

    private final CamelContext camel;
    private final ChannelRegistry registry;

    DeliveryRoutesHealthIndicator(CamelContext camel, ChannelRegistry registry) {
        this.camel = camel;
        this.registry = registry;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<String> notRunning = new ArrayList<>();
        int running = 0;
        for (String channel : registry.enabledIds()) {
            for (String route : DeliveryRoutes.routeIds(channel)) {
                ServiceStatus status = camel.getRouteController().getRouteStatus(route);
                if (status != null && status.isStarted()) {
                    running++;
                } else {
                    notRunning.add(route);
                }
            }
        }
        builder.withDetail("running", running);
        if (notRunning.isEmpty()) {
            builder.up();
        } else {
            builder.outOfService().withDetail("notRunning", notRunning);
        }
    }
}
