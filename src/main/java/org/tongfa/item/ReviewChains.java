package org.tongfa.item;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.config.TongfaProperties;

/**
 * Each column's review chain, read from {@code tongfa.columns.<key>.review} once at start-up: an unknown
 * step name, a step named twice or {@code none} beside other steps stops the service naming the key. A
 * column with {@code review: none} releases without review (logged as a warning here and recorded on
 * every item it releases); a column with no chain configured needs one sign-off ({@link ReviewStep#SIGNER}),
 * since what reaches the public must be signed by someone other than its drafter.
 */
@Component
class ReviewChains {

    private static final Logger log = LoggerFactory.getLogger(ReviewChains.class);
    static final String NONE = "none";
    private static final List<ReviewStep> DEFAULT_CHAIN = List.of(ReviewStep.SIGNER);

    /** A column's chain; {@code steps} is empty exactly when {@code unreviewed}. */
    record Chain(List<ReviewStep> steps, boolean unreviewed, boolean configured, boolean showReviewers) {

        /** The step after {@code step}, or {@code null} when {@code step} is the last (the sign-off). */
        ReviewStep after(ReviewStep step) {
            int i = steps.indexOf(step);
            return i + 1 < steps.size() ? steps.get(i + 1) : null;
        }

        ReviewStep last() {
            return steps.get(steps.size() - 1);
        }
    }

    private final Map<String, Chain> chains = new LinkedHashMap<>();

    ReviewChains(TongfaProperties properties) {
        properties.columns().forEach((key, column) -> {
            Chain chain = parse(key, column.review(), column.showReviewers());
            if (chain.unreviewed()) {
                log.warn("Column {} is configured with review: none: its items are released without review "
                        + "(each release is recorded as unreviewed)", key);
            }
            chains.put(key, chain);
        });
    }

    private static Chain parse(String key, List<String> names, boolean showReviewers) {
        if (names.isEmpty()) {
            return new Chain(DEFAULT_CHAIN, false, false, showReviewers);
        }
        if (names.contains(NONE)) {
            if (names.size() > 1) {
                throw new InvalidConfigurationException("tongfa.columns." + key + ".review",
                        "'none' cannot be combined with review steps " + names);
            }
            return new Chain(List.of(), true, true, showReviewers);
        }
        List<ReviewStep> steps = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip();
            int index = i;
            ReviewStep step = ReviewStep.of(name).orElseThrow(() -> new InvalidConfigurationException(
                    "tongfa.columns." + key + ".review[" + index + "]", "unknown review step '" + name + "'; known steps: office, "
                            + "confidentiality, signer, or none alone"));
            if (steps.contains(step)) {
                throw new InvalidConfigurationException("tongfa.columns." + key + ".review[" + i + "]",
                        "step '" + name + "' is named twice");
            }
            steps.add(step);
        }
        return new Chain(List.copyOf(steps), false, true, showReviewers);
    }

    /** The chain of a configured column; an unknown column (refused on create) has the default chain. */
    Chain of(String column) {
        return chains.getOrDefault(column, new Chain(DEFAULT_CHAIN, false, false, false));
    }

    Map<String, Chain> all() {
        return chains;
    }
}
