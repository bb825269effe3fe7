package org.tongfa.check;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Runs every pre-publish check (发布前检查) over one item version: each {@link TextCheck} over the
 * subject's text fields, then each {@link ItemCheck}. The item feature calls it on save, at
 * submission, at each review step and at release (a scheduled one included). A check that fails
 * with an exception is a bug, not a verdict on the item: it propagates.
 */
@Service
public class PrePublishChecks {

    private static final Logger log = LoggerFactory.getLogger(PrePublishChecks.class);

    private final List<TextCheck> textChecks;
    private final List<ItemCheck> itemChecks;
    private final Clock clock;

    public PrePublishChecks(List<TextCheck> textChecks, List<ItemCheck> itemChecks, Clock clock) {
        this.textChecks = List.copyOf(textChecks);
        this.itemChecks = List.copyOf(itemChecks);
        this.clock = clock;
    }

    /** The report on {@code subject}. */
    public CheckReport run(CheckSubject subject) {
        return run(subject, false);
    }

    /**
     * The report where only a block matters (a submission, a release), inside its transaction: every check,
     * each as {@link ItemCheck#checkForBlocks} (nothing waits on the outside; what is left out could only warn).
     */
    public CheckReport runForBlocks(CheckSubject subject) {
        return run(subject, true);
    }

    private CheckReport run(CheckSubject subject, boolean atRelease) {
        List<TextField> fields = subject.textFields();
        List<Finding> findings = new ArrayList<>();
        for (TextCheck check : textChecks) {
            findings.addAll(check.scan(subject.column(), fields));
        }
        for (ItemCheck check : itemChecks) {
            findings.addAll(atRelease ? check.checkForBlocks(subject) : check.check(subject));
        }
        CheckReport report = CheckReport.of(findings, subject.itemId(), subject.version(), clock.instant());
        log.debug("Checks of item {} v{}: {} ({} findings)", subject.itemId(), subject.version(), report.verdict(),
                findings.size());
        return report;
    }
}
