package org.tongfa.delivery;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tongfa.web.ApiException;

/**
 * Operators' view of the pipeline: channels and their backlog, and retrying a delivery by hand. Enabling
 * a channel and retrying a delivery are on the audit trail, recorded in the transaction that does them.
 */
@RestController
@Tag(name = "Deliveries and channels")
class DeliveryController {

    private final ChannelOverview overview;
    private final DeliveryDesk desk;

    DeliveryController(ChannelOverview overview, DeliveryDesk desk) {
        this.overview = overview;
        this.desk = desk;
    }

    @Operation(summary = "Every configured channel with its state and backlog")
    @GetMapping(path = "/api/v1/channels", produces = MediaType.APPLICATION_JSON_VALUE)
    List<ChannelOverview.ChannelView> channels() {
        return overview.all();
    }

    @Operation(summary = "Enable a channel disabled at runtime (by 410 Gone) and close its circuit")
    @PostMapping(path = "/api/v1/channels/{id}/enable", produces = MediaType.APPLICATION_JSON_VALUE)
    ChannelOverview.ChannelView enable(@PathVariable String id, Principal principal) {
        try {
            desk.enable(id, actor(principal));
        } catch (DeliveryDesk.Refused refused) {
            throw ApiException.notFound("no running channel " + id);
        }
        return overview.all().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    /**
     * Retries a FAILED or DEAD delivery, if it is still the latest action of its item on its channel.
     * A delivery that a later publication or retraction replaced is refused with 409 naming that one:
     * sending an older action again would undo its successor (a retracted item published again), and
     * retrying the latest action instead would do something else than the operator asked for.
     */
    @Operation(summary = "Retry a FAILED or DEAD delivery now, with a fresh retry schedule; refused (409) once a later "
            + "publication or retraction of the item on the channel replaced it")
    @PostMapping(path = "/api/v1/deliveries/{id}/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DeliveryView> retry(@PathVariable long id, Principal principal) {
        try {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(DeliveryView.of(desk.retry(id, actor(principal))));
        } catch (DeliveryDesk.Refused refused) {
            if (refused.refusal() == DeliveryDesk.Refusal.NOT_FOUND) {
                throw ApiException.notFound("no delivery " + id);
            }
            Delivery now = refused.delivery().orElseThrow();
            if (refused.successor().isPresent()) {
                Delivery successor = refused.successor().get();
                boolean retryable = successor.status() == DeliveryStatus.FAILED || successor.status() == DeliveryStatus.DEAD;
                throw ApiException.conflict("delivery " + id + " (" + what(now) + ", " + now.status()
                        + ") is no longer the latest action of item " + now.itemId() + " on channel " + now.channel()
                        + ": delivery " + successor.id() + " (" + what(successor) + ", " + successor.status()
                        + ") replaced it, and sending this one again would undo that"
                        + (retryable ? "; retry delivery " + successor.id() + " instead" : ""));
            }
            throw ApiException.conflict("delivery " + id + " is " + now.status()
                    + "; only FAILED or DEAD deliveries can be retried by hand");
        }
    }

    private static String actor(Principal principal) {
        return principal == null ? null : principal.getName();
    }

    private static String what(Delivery d) {
        return (d.action() == Action.RETRACT ? "retraction" : "publication") + " of version " + d.itemVersion();
    }
}
