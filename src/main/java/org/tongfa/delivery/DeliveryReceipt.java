package org.tongfa.delivery;

/**
 * What a channel reports after a successful delivery: where the item lives on the remote side.
 *
 * @param remoteId the remote system's id for the item, or {@code null} when it has none
 * @param remoteUrl where a reader finds the item, or {@code null}
 */
public record DeliveryReceipt(String remoteId, String remoteUrl) {
}
