package org.tongfa.check;

import java.time.Instant;
import java.util.List;

/**
 * The pre-publish checks' (发布前检查) answer about one item version.
 *
 * @param verdict the worst finding's verdict, {@link Verdict#PASS} when there is none
 * @param findings every finding, in the order of the checks
 * @param itemId the item checked
 * @param version the version checked
 * @param checkedAt when
 */
public record CheckReport(Verdict verdict, List<Finding> findings, String itemId, int version, Instant checkedAt) {

    public CheckReport {
        findings = List.copyOf(findings);
    }

    /** The report of {@code findings}: its verdict is the worst of theirs. */
    public static CheckReport of(List<Finding> findings, String itemId, int version, Instant checkedAt) {
        Verdict worst = Verdict.PASS;
        for (Finding f : findings) {
            worst = worst.worse(f.verdict());
        }
        return new CheckReport(worst, findings, itemId, version, checkedAt);
    }

    /** The findings that stop submission, approval and release. */
    public List<Finding> blocks() {
        return findings.stream().filter(f -> f.verdict() == Verdict.BLOCK).toList();
    }

    /** The findings a reviewer acknowledges with a note. */
    public List<Finding> warnings() {
        return findings.stream().filter(f -> f.verdict() == Verdict.WARN).toList();
    }
}
