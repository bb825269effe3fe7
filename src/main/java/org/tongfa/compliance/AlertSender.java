package org.tongfa.compliance;

/**
 * One way a freshness alert reaches people. {@link #send} is called after the transition committed, with
 * the same words on every retry; it either returns (delivered) or throws (tried again later by the
 * {@link AlertOutbox}). It may be called again for an alert already delivered when a node died mid-send,
 * so receivers deduplicate on {@code id} (the webhook's {@code webhook-id}).
 */
interface AlertSender {

    /** The target name stored in {@code freshness_alert.target}. */
    String target();

    /**
     * @param id the alert's stable id, {@code tf-freshness-<transition id>}
     * @param payloadJson the alert, as JSON
     * @param message the alert in one Chinese sentence
     */
    void send(String id, String payloadJson, String message) throws Exception;
}
