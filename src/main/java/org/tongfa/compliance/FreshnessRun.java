package org.tongfa.compliance;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One run of the freshness monitor: assess, record the transitions (each once, whichever node gets there
 * first), then send the alerts still owed. What the daily Quartz job does; recording first and sending after
 * means a send that fails, or a node that dies, loses no transition.
 */
@Component
class FreshnessRun {

    private static final Logger log = LoggerFactory.getLogger(FreshnessRun.class);

    private final FreshnessService freshness;
    private final FreshnessTransitions transitions;
    private final AlertOutbox outbox;

    FreshnessRun(FreshnessService freshness, FreshnessTransitions transitions, AlertOutbox outbox) {
        this.freshness = freshness;
        this.transitions = transitions;
        this.outbox = outbox;
    }

    /** @return the transitions this run recorded */
    List<FreshnessTransitions.Transition> run() {
        FreshnessReport report = freshness.current();
        List<FreshnessTransitions.Transition> recorded = transitions.record(report);
        int sent = outbox.sendDue();
        log.info("Freshness assessed: {} subjects, {} needing attention, {} transitions recorded, {} alerts sent",
                report.subjects().size(), report.attention().size(), recorded.size(), sent);
        return recorded;
    }

    /** Sends what earlier runs still owe (a failed webhook or mail server). */
    int retryAlerts() {
        return outbox.sendDue();
    }
}
