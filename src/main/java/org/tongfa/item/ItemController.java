package org.tongfa.item;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tongfa.check.CheckReport;
import org.tongfa.delivery.DeliveryView;
import org.tongfa.security.Caller;

/**
 * The items API: create, edit, review (submit, decide each step of the column's chain), publish,
 * retract, and follow each channel's delivery. The caller is the request's {@link Caller}; the service
 * checks its role on the item's column.
 */
@RestController
@Tag(name = "Items")
@RequestMapping(path = "/api/v1/items", produces = MediaType.APPLICATION_JSON_VALUE)
class ItemController {

    private final ItemService items;
    private final ReviewDesk review;

    ItemController(ItemService items, ReviewDesk review) {
        this.items = items;
        this.review = review;
    }

    /** Optional body of a publish request. */
    record PublishRequest(Instant publishAt) {
    }

    /** Optional body of a submission: the version the drafter submits, checked against the current one. */
    record SubmitRequest(Integer version) {
    }

    /** Body of a retraction. */
    record RetractRequest(String reason) {
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
    ResponseEntity<ItemView> create(@Valid @RequestBody ItemRequest request, @AuthenticationPrincipal Caller caller) {
        ItemView item = items.create(request, caller);
        // Checked after the save's transaction: a slow link never holds the item's lock, and never blocks a save.
        return ResponseEntity.created(URI.create("/api/v1/items/" + item.id())).body(item.withChecks(items.checks(item.id())));
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

    @Operation(summary = "Save a new version; with a review chain it is reviewed again (a published item stays "
            + "live meanwhile), with review: none a published item is re-delivered at once")
    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ItemView update(@PathVariable String id, @Valid @RequestBody ItemRequest request,
            @AuthenticationPrincipal Caller caller) {
        ItemView item = items.update(checkId(id), request, caller);
        return item.withChecks(items.checks(item.id()));
    }

    @Operation(summary = "The pre-publish checks (发布前检查) run now on the current version: PASS, WARN or BLOCK, "
            + "and every finding with its field, place and Chinese message")
    @GetMapping("/{id}/checks")
    CheckReport checks(@PathVariable String id) {
        return items.checks(checkId(id));
    }

    @Operation(summary = "Submit the current version to the first step of its column's review chain")
    @PostMapping("/{id}/submit")
    ItemView submit(@PathVariable String id, @RequestBody(required = false) SubmitRequest request,
            @AuthenticationPrincipal Caller caller) {
        review.submit(checkId(id), request == null ? null : request.version(), caller);
        return items.get(id);
    }

    @Operation(summary = "Approve or return the current step (office, confidentiality, signer); returning an "
            + "approved or scheduled item withdraws its sign-off")
    @PostMapping(path = "/{id}/review", consumes = MediaType.APPLICATION_JSON_VALUE)
    ItemView decide(@PathVariable String id, @RequestBody ReviewDesk.Decide request,
            @AuthenticationPrincipal Caller caller) {
        review.decide(checkId(id), request, caller);
        return items.get(id);
    }

    @Operation(summary = "The column's review chain, where the current version stands, and every decision")
    @GetMapping("/{id}/review")
    ReviewDesk.History history(@PathVariable String id) {
        return review.history(checkId(id));
    }

    @Operation(summary = "Publish now, or at publishAt (never in the past); needs APPROVED unless the column "
            + "is review: none")
    @PostMapping("/{id}/publish")
    ResponseEntity<PublishResponse> publish(@PathVariable String id,
            @RequestBody(required = false) PublishRequest request, @AuthenticationPrincipal Caller caller) {
        Instant at = request == null ? null : request.publishAt();
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(PublishResponse.of(items.publish(checkId(id), at, caller)));
    }

    @Operation(summary = "Cancel a scheduled release; the item returns to APPROVED (DRAFT with review: none)")
    @PostMapping("/{id}/unschedule")
    ItemView unschedule(@PathVariable String id, @AuthenticationPrincipal Caller caller) {
        return items.unschedule(checkId(id), caller);
    }

    @Operation(summary = "Withdraw a published item from every channel; needs SIGNER and a reason")
    @PostMapping("/{id}/retract")
    ResponseEntity<PublishResponse> retract(@PathVariable String id,
            @RequestBody(required = false) RetractRequest request, @AuthenticationPrincipal Caller caller) {
        String reason = request == null ? null : request.reason();
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(PublishResponse.of(items.retract(checkId(id), reason, caller)));
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
}
