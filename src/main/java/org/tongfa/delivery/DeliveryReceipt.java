package org.tongfa.delivery;

/**
 * A delivered result: what the channel reports once the partner took the action, namely where the
 * item lives on the remote side. The ledger keeps both values; the next update or retraction of the
 * item on this channel is addressed to {@code remoteId} ({@link Dispatch#previousRemoteId()}).
 *
 * @param remoteId the remote system's id for the item, or {@code null} when it has none
 * @param remoteUrl where a reader finds the item, or {@code null}
 */
public record DeliveryReceipt(String remoteId, String remoteUrl) implements DeliveryResult {
}
