package org.tongfa.item;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tongfa.delivery.DeliveryView;

/** The items API: create, edit, publish, retract, and follow each channel's delivery. */
@RestController
@Tag(name = "Items")
@RequestMapping(path = "/api/v1/items", produces = MediaType.APPLICATION_JSON_VALUE)
class ItemController {

    private final ItemService items;

    ItemController(ItemService items) {
        this.items = items;
    }

    /** Optional body of a publish request. */
    record PublishRequest(Instant publishAt) {
    }

    /** The answer to publish and retract: the item and where each channel stands. */
    record PublishResponse(String id, int version, ItemStatus status, Instant scheduledAt, Instant firstPublishedAt,
            List<DeliveryView> deliveries) {

        static PublishResponse of(ItemService.PublishResult result) {
            ItemView item = result.item();
            return new PublishResponse(item.id(), item.version(), item.status(), item.scheduledAt(),
                    item.firstPublishedAt(), result.deliveries().stream().map(DeliveryView::of).toList());
        }
    }

    @Operation(summary = "Create a draft item (version 1)")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ItemView> create(@Valid @RequestBody ItemRequest request, HttpServletRequest http) {
        ItemView item = items.create(request, actor(http));
        return ResponseEntity.created(URI.create("/api/v1/items/" + item.id())).body(item);
    }

    @Operation(summary = "An item's current version and state")
    @GetMapping("/{id}")
    ItemView get(@PathVariable String id) {
        return items.get(checkId(id));
    }

    @Operation(summary = "Items, newest change first")
    @GetMapping
    ItemView.Page list(@RequestParam(required = false) String column, @RequestParam(required = false) ItemStatus status,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return items.list(column, status, page, size);
    }

    @Operation(summary = "Save a new version; a published item is re-delivered where channels support updates")
    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ItemView update(@PathVariable String id, @Valid @RequestBody ItemRequest request, HttpServletRequest http) {
        return items.update(checkId(id), request, actor(http));
    }

    @Operation(summary = "Publish now, or at publishAt (never in the past)")
    @PostMapping("/{id}/publish")
    ResponseEntity<PublishResponse> publish(@PathVariable String id,
            @RequestBody(required = false) PublishRequest request, HttpServletRequest http) {
        Instant at = request == null ? null : request.publishAt();
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(PublishResponse.of(items.publish(checkId(id), at, actor(http))));
    }

    @Operation(summary = "Cancel a scheduled release; the item returns to DRAFT")
    @PostMapping("/{id}/unschedule")
    ItemView unschedule(@PathVariable String id) {
        return items.unschedule(checkId(id));
    }

    @Operation(summary = "Withdraw a published item from every channel")
    @PostMapping("/{id}/retract")
    ResponseEntity<PublishResponse> retract(@PathVariable String id, HttpServletRequest http) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(PublishResponse.of(items.retract(checkId(id), actor(http))));
    }

    @Operation(summary = "Where the item stands on each channel")
    @GetMapping("/{id}/deliveries")
    List<DeliveryView> deliveries(@PathVariable String id) {
        return items.deliveries(checkId(id)).stream().map(DeliveryView::of).toList();
    }

    private static String checkId(String id) {
        if (!id.matches("[0-9a-f-]{36}")) {
            throw ItemRefusal.notFound("no item " + id);
        }
        return id;
    }

    /** The authenticated caller's name (the API token's name), recorded on what it changes. */
    private static String actor(HttpServletRequest http) {
        return http.getUserPrincipal() == null ? null : http.getUserPrincipal().getName();
    }
}
