package org.tongfa.compliance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/compliance/freshness}: the freshness assessment now, on demand (reviewers, operators and
 * administrators; {@code AccessRules}). Read-only: transitions and alerts are the daily job's.
 */
@RestController
@Tag(name = "Compliance")
class FreshnessController {

    private final FreshnessService freshness;

    FreshnessController(FreshnessService freshness) {
        this.freshness = freshness;
    }

    @Operation(summary = "Freshness of every column, home page and WeChat account, and the site-level veto risks (栏目更新监测)")
    @GetMapping(path = "/api/v1/compliance/freshness", produces = MediaType.APPLICATION_JSON_VALUE)
    public FreshnessReport freshness() {
        return freshness.current();
    }
}
