package org.tongfa.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tongfa.common.AuditEvent;
import org.tongfa.web.ApiException;

/** The audit trail, read only: its rows, filtered, and a full re-check of its hash chain. */
@RestController
@Tag(name = "Audit trail")
@RequestMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
class AuditController {

    private final AuditTrail trail;

    AuditController(AuditTrail trail) {
        this.trail = trail;
    }

    @Operation(summary = "Audit rows, newest first, by item, actor, action and time (from inclusive, to exclusive, "
            + "ISO-8601); read only: no API edits or deletes a row")
    @GetMapping
    AuditTrail.Page list(@RequestParam(required = false) @Size(max = 64) String item,
            @RequestParam(required = false) @Size(max = 200) String actor,
            @RequestParam(required = false) AuditEvent.Action action,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.invalid("to", "must be after from");
        }
        return trail.page(new AuditTrail.Filter(item, actor, action, from, to), page, size);
    }

    @Operation(summary = "Re-check the whole hash chain: ok with the rows checked, or the first broken row (its seq) "
            + "and what is wrong with it; read only")
    @GetMapping("/verify")
    AuditTrail.Verification verify() {
        return trail.verify();
    }
}
