package org.tongfa.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.tongfa.config.TongfaProperties;

/**
 * The delivery pipeline's part of a graceful stop (SIGTERM), run after the web server has finished
 * its requests and before Camel stops: stop claiming, give the deliveries in flight up to
 * {@code tongfa.delivery.shutdown-grace} to finish, then hand every row this node still holds back to
 * the ledger ({@link DeliveryLedger#releaseLeasesOf}). Only then does Camel stop its routes and cut
 * short whatever is still running; a worker that records the outcome of an attempt cut short finds
 * the row no longer in progress under its attempt, so a stop never marks a delivery failed or dead.
 * A row handed back is sent again under the same idempotency key, which receivers deduplicate on.
 */
@Component
class DeliveryShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryShutdown.class);
    private static final long CHECK_MILLIS = 20;

    // Looked up when stopping: taking the context at construction would create it before the
    // CamelContextConfiguration beans it collects (DeliveryRoutes), and no route would ever start.
    private final ObjectProvider<CamelContext> camel;
    private final DeliveryWorker worker;
    private final ChannelRegistry registry;
    private final DeliveryLedger ledger;
    private final Duration grace;
    private final String node;
    private final Clock clock;
    private volatile boolean running;
    /** The routes {@link #stop} stopped, started again if this context is started again. */
    private final List<String> stopped = new ArrayList<>();

    DeliveryShutdown(ObjectProvider<CamelContext> camel, DeliveryWorker worker, ChannelRegistry registry, DeliveryLedger ledger,
            DeliveryShutdownProperties settings, TongfaProperties properties, Clock clock) {
        this.camel = camel;
        this.worker = worker;
        this.registry = registry;
        this.ledger = ledger;
        this.grace = settings.shutdownGrace();
        this.node = properties.nodeId();
        this.clock = clock;
    }

    /**
     * Marks the pipeline running; after a {@link #stop} that did not close the context (Spring's test
     * framework pauses cached contexts and starts them again when reused), starts the poll and claim
     * routes it stopped, so the channels claim again.
     */
    @Override
    public synchronized void start() {
        CamelContext context = camel.getIfAvailable();
        if (context != null && !stopped.isEmpty()) {
            for (String routeId : stopped) {
                try {
                    context.getRouteController().startRoute(routeId);
                } catch (Exception e) {
                    log.warn("Could not start route {} again: {}", routeId, e.toString());
                }
            }
        }
        stopped.clear();
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        long started = System.nanoTime();
        List<String> channels = List.copyOf(registry.enabledIds());
        stopClaiming(channels);
        int waiting = inFlight(channels);
        long deadline = started + grace.toNanos();
        while (waiting > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(CHECK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            waiting = inFlight(channels);
        }
        int handedBack = ledger.releaseLeasesOf(node, clock.instant());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (handedBack > 0) {
            log.warn("Stopping: {} deliveries still in flight after {} handed back to the ledger; they are sent "
                    + "again under their idempotency keys", handedBack, took);
        } else {
            log.info("Stopping: no delivery in flight on node {} ({} to stop claiming and drain)", node, took);
        }
    }

    /** Stops the poll and claim routes: no new row is taken while the rest drains. */
    private void stopClaiming(List<String> channels) {
        CamelContext context = camel.getIfAvailable();
        if (context == null) {
            return;
        }
        for (String id : channels) {
            for (String routeId : List.of("poll-" + id, "claim-" + id)) {
                Route route = context.getRoute(routeId);
                if (route == null) {
                    continue;
                }
                try {
                    context.getRouteController().stopRoute(routeId, 1, TimeUnit.SECONDS);
                    stopped.add(routeId);
                } catch (Exception e) {
                    log.warn("Could not stop route {} before the drain: {}", routeId, e.toString());
                }
            }
        }
    }

    private int inFlight(List<String> channels) {
        int total = 0;
        for (String id : channels) {
            total += worker.inFlightCount(id);
        }
        return total;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * After the web server's graceful stop (so no request is cut off) and before Camel's context stops
     * (one phase below the web server's own stop): Spring stops higher phases first.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
