package org.tongfa.delivery;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.List;
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
    private final ChannelOverview overview;

    DeliveryController(DeliveryLedger ledger, ChannelRegistry registry, ChannelHealth health, ChannelWaker waker,
            Clock clock, ChannelOverview overview) {
        this.ledger = ledger;
        this.registry = registry;
        this.health = health;
        this.waker = waker;
        this.clock = clock;
        this.overview = overview;
    }

    @Operation(summary = "Every configured channel with its state and backlog")
    @GetMapping(path = "/api/v1/channels", produces = MediaType.APPLICATION_JSON_VALUE)
    List<ChannelOverview.ChannelView> channels() {
        return overview.all();
    }

    @Operation(summary = "Enable a channel disabled at runtime (by 410 Gone) and close its circuit")
    @PostMapping(path = "/api/v1/channels/{id}/enable", produces = MediaType.APPLICATION_JSON_VALUE)
    ChannelOverview.ChannelView enable(@PathVariable String id) {
        if (registry.channel(id).isEmpty()) {
            throw ApiException.notFound("no running channel " + id);
        }
        health.enable(id);
        waker.wake(id);
        return overview.all().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
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
