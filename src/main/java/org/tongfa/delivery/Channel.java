package org.tongfa.delivery;

import java.util.Optional;

/**
 * The port every outside system sits behind: one implementation per channel type, one instance per
 * configured channel id ({@code tongfa.channels.<id>}).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Idempotency.</b> The ledger may hand the same {@link Dispatch} to {@link #deliver} more than
 *       once: after a timeout, after a crash in the middle of a call, or when a lease expired. Every
 *       dispatch carries a stable {@link Dispatch#idempotencyKey()}; an implementation either passes it
 *       to the remote side (which deduplicates on it) or checks the remote state before acting again, so
 *       that a reader never sees the item twice.</li>
 *   <li><b>Failures.</b> An implementation classifies every failure at its boundary into exactly one of
 *       {@link RetryLaterException} (transient: the ledger will try again on its schedule) or
 *       {@link GiveUpException} (permanent: retrying cannot help). It never retries by itself and never
 *       sleeps: retry policy lives in the Camel error handler and the delivery ledger only. Any other
 *       exception is treated as transient with its outcome unknown.</li>
 *   <li><b>Threads.</b> {@code deliver} is called concurrently from the channel's own worker threads (up
 *       to its configured concurrency), so implementations are thread-safe. A call must return within the
 *       channel's own timeout; a slow partner blocks only its own channel.</li>
 * </ul>
 */
public interface Channel {

    /** The configured channel id, the key under {@code tongfa.channels}. */
    String id();

    /** The configured type, such as {@code folder} or {@code webhook}. */
    String type();

    /** What this channel can do beyond a first publication. */
    ChannelCapabilities capabilities();

    /**
     * The field lengths the partner accepts, checked when an item targeting this channel is created
     * or edited; empty (the default) when the partner has no limits of its own beyond Tongfa's.
     */
    default Optional<ContentLimits> contentLimits() {
        return Optional.empty();
    }

    /**
     * Delivers one action (publish, update or retract) of one item version.
     *
     * @return where the item now lives on the remote side
     * @throws RetryLaterException when the failure is transient or the outcome unknown
     * @throws GiveUpException when the remote side refused the item for good
     */
    DeliveryReceipt deliver(Dispatch dispatch) throws RetryLaterException, GiveUpException;
}
