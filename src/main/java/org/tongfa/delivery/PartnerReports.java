package org.tongfa.delivery;

/**
 * The inbound port: a partner reports, on its own initiative, that remote work a delivery is awaiting
 * has finished (WeChat's {@code PUBLISHJOBFINISH} event for a publication job). An adapter's own HTTP
 * side (a callback controller) calls it instead of touching the ledger; the delivery then looks at the
 * partner's state at once rather than at its next scheduled check.
 *
 * <p>The report only hastens the next attempt: the attempt itself asks the channel, which reads what
 * the partner said, so a forged or duplicated report cannot deliver or retract anything.
 */
@FunctionalInterface
public interface PartnerReports {

    /**
     * Makes the delivery on {@code channelId} whose saved progress step {@code step} holds
     * {@code remoteId} (see {@link DeliveryProgress}) due now, if it is waiting, and wakes the channel
     * once the caller's transaction has committed (at once when there is none), so the woken worker
     * sees whatever the caller stored with the report.
     */
    void finished(String channelId, String step, String remoteId);
}
