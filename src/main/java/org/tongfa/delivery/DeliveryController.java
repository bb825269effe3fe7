package org.tongfa.delivery;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tongfa.web.ApiException;

/** Operators' view of the pipeline: channels and their backlog, and retrying a delivery by hand. */
@RestController
@Tag(name = "Deliveries and channels")
class DeliveryController {

    private final DeliveryLedger ledger;
    private final ChannelRegistry registry;
    private final ChannelHealth health;
    private final ChannelWaker waker;
    private final Clock clock;

    DeliveryController(DeliveryLedger ledger, ChannelRegistry registry, ChannelHealth health, ChannelWaker waker,
            Clock clock) {
        this.ledger = ledger;
        this.registry = registry;
        this.health = health;
        this.waker = waker;
        this.clock = clock;
    }

    /**
     * A channel and its backlog.
     *
     * @param state CLOSED (healthy), OPEN (failing, resting), HALF_OPEN (probing), PAUSED (partner asked
     *     to wait), DISABLED (410 Gone or turned off) or OFF (disabled in configuration)
     */
    record ChannelView(String id, String type, boolean enabled, String state, String disabledReason, long pending,
            long inProgress, long failed, long dead) {
    }

    @Operation(summary = "Every configured channel with its state and backlog")
    @GetMapping(path = "/api/v1/channels", produces = MediaType.APPLICATION_JSON_VALUE)
    List<ChannelView> channels() {
        Map<String, Map<DeliveryStatus, Long>> counts = ledger.countsByChannel();
        List<ChannelView> views = new ArrayList<>();
        for (String id : registry.configuredIds()) {
            var settings = registry.settings(id).orElseThrow();
            boolean running = registry.channel(id).isPresent();
            Map<DeliveryStatus, Long> c = counts.getOrDefault(id, Map.of());
            views.add(new ChannelView(id, settings.type(), running, running ? health.state(id).name() : "OFF",
                    health.disabledReason(id), c.getOrDefault(DeliveryStatus.PENDING, 0L),
                    c.getOrDefault(DeliveryStatus.IN_PROGRESS, 0L), c.getOrDefault(DeliveryStatus.FAILED, 0L),
                    c.getOrDefault(DeliveryStatus.DEAD, 0L)));
        }
        return views;
    }

    @Operation(summary = "Enable a channel disabled at runtime (by 410 Gone) and close its circuit")
    @PostMapping(path = "/api/v1/channels/{id}/enable", produces = MediaType.APPLICATION_JSON_VALUE)
    ChannelView enable(@PathVariable String id) {
        if (registry.channel(id).isEmpty()) {
            throw ApiException.notFound("no running channel " + id);
        }
        health.enable(id);
        waker.wake(id);
        return channels().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Operation(summary = "Retry a FAILED or DEAD delivery now, with a fresh retry schedule")
    @PostMapping(path = "/api/v1/deliveries/{id}/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DeliveryView> retry(@PathVariable long id) {
        Delivery delivery = ledger.find(id).orElseThrow(() -> ApiException.notFound("no delivery " + id));
        if (!ledger.requeue(id, clock.instant())) {
            throw ApiException.conflict("delivery " + id + " is " + delivery.status()
                    + "; only FAILED or DEAD deliveries can be retried by hand");
        }
        waker.wake(delivery.channel());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(DeliveryView.of(ledger.find(id).orElseThrow()));
    }
}
