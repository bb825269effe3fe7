package org.tongfa.item;

import java.util.List;
import org.tongfa.item.ReviewRecord.Decision;

/**
 * Where one version of an item stands in its column's review chain, read from its decisions: not yet
 * submitted (DRAFT), at a step (IN_REVIEW), RETURNED, or APPROVED by every step. A column with
 * {@code review: none} has no progress to make ({@link #unreviewed()}).
 *
 * @param state DRAFT, IN_REVIEW, RETURNED or APPROVED
 * @param step the step to decide next while IN_REVIEW, else {@code null}
 * @param round the current submission (0 before the first)
 */
record ReviewProgress(ReviewChains.Chain chain, int version, ItemStatus state, ReviewStep step, int round) {

    boolean unreviewed() {
        return chain.unreviewed();
    }

    boolean approved() {
        return state == ItemStatus.APPROVED;
    }

    /** The progress of {@code version} from its decisions (oldest first, of that version only). */
    static ReviewProgress of(ReviewChains.Chain chain, int version, List<ReviewRecord> decisions) {
        int round = decisions.stream().filter(d -> d.step().equals(ReviewRecord.SUBMIT))
                .mapToInt(ReviewRecord::round).max().orElse(0);
        if (chain.unreviewed() || round == 0) {
            return new ReviewProgress(chain, version, ItemStatus.DRAFT, null, round);
        }
        List<ReviewRecord> current = decisions.stream().filter(d -> d.round() == round).toList();
        if (current.stream().anyMatch(d -> d.decision() == Decision.RETURNED)) {
            return new ReviewProgress(chain, version, ItemStatus.RETURNED, null, round);
        }
        for (ReviewStep step : chain.steps()) {
            boolean approved = current.stream()
                    .anyMatch(d -> d.decision() == Decision.APPROVED && d.step().equals(step.key()));
            if (!approved) {
                return new ReviewProgress(chain, version, ItemStatus.IN_REVIEW, step, round);
            }
        }
        return new ReviewProgress(chain, version, ItemStatus.APPROVED, null, round);
    }
}
