package org.tongfa.item;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tongfa.config.TongfaProperties;

/** The column catalogue (栏目) with each column's channels and review chain, for editors and the console. */
@RestController
@Tag(name = "Columns")
@RequestMapping(path = "/api/v1/columns", produces = MediaType.APPLICATION_JSON_VALUE)
public class ColumnController {

    private final TongfaProperties properties;
    private final ReviewChains chains;

    ColumnController(TongfaProperties properties, ReviewChains chains) {
        this.properties = properties;
        this.chains = chains;
    }

    /**
     * A column as the console shows it.
     *
     * @param review the chain's steps in order, empty when {@code unreviewed}
     * @param reviewConfigured {@code false} when no chain is configured and the default one sign-off applies
     * @param unreviewed configured {@code review: none}: its items are released without review
     */
    public record ColumnView(String key, String name, List<String> channels, List<String> review, boolean reviewConfigured,
            boolean unreviewed, boolean showReviewers) {
    }

    @Operation(summary = "The columns, their channels and review chains (review: none is flagged unreviewed)")
    @GetMapping
    public List<ColumnView> columns() {
        return properties.columns().entrySet().stream().map(e -> {
            ReviewChains.Chain chain = chains.of(e.getKey());
            return new ColumnView(e.getKey(), e.getValue().name(), e.getValue().channels(), ReviewDesk.keys(chain),
                    chain.configured(), chain.unreviewed(), chain.showReviewers());
        }).toList();
    }
}
