package org.tongfa.delivery;

import java.time.Duration;
import java.util.Optional;

/**
 * The port every outside system sits behind: one implementation per channel type, one instance per
 * configured channel id ({@code tongfa.channels.<id>}). The channel's id and type are the registry's
 * business ({@link ChannelRegistry}); a channel only delivers.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Idempotency.</b> The ledger may hand the same {@link Dispatch} to {@link #deliver} more than
 *       once: after a timeout, after a crash in the middle of a call, or when a lease expired. Every
 *       dispatch carries a stable {@link Dispatch#idempotencyKey()}; an implementation either passes it
 *       to the remote side (which deduplicates on it) or checks the remote state before acting again, so
 *       that a reader never sees the item twice.</li>
 *   <li><b>Outcomes.</b> A call returns a {@link DeliveryResult}: delivered, with its receipt, or
 *       awaiting remote work, with when to look again. Every failure is classified at the channel's
 *       boundary into a {@link DeliveryFailure} with its {@link DeliveryFailure.Reason}. A channel never
 *       retries by itself and never sleeps: retry policy lives in the Camel error handler and the
 *       delivery ledger only. Any other exception is treated as transient with its outcome unknown.</li>
 *   <li><b>Threads.</b> {@code deliver} is called concurrently from the channel's own worker threads (up
 *       to its configured concurrency), so implementations are thread-safe. A call must return within the
 *       channel's own timeout; a slow partner blocks only its own channel.</li>
 *   <li><b>Actions.</b> Every channel takes all three actions: publish, update (a publish of a newer
 *       version, {@link Dispatch#previousRemoteId()} set) and retract.</li>
 * </ul>
 */
public interface Channel {

    /**
     * The field lengths the partner accepts, checked when an item targeting this channel is created
     * or edited; empty (the default) when the partner has no limits of its own beyond Tongfa's.
     */
    default Optional<ContentLimits> contentLimits() {
        return Optional.empty();
    }

    /**
     * The longest one call to {@link #deliver} may take before it gives up: its partner's timeout, for
     * every call the delivery makes in a row. Zero (the default) for a channel that works on this node
     * only (a folder, the website, the feeds, the screens). The delivery lease must outlast this times
     * the short retries plus one, with their back-off: start-up checks it ({@code DeliveryBounds}).
     */
    default Duration longestCall() {
        return Duration.ZERO;
    }

    /**
     * Delivers one action (publish, update or retract) of one item version.
     *
     * @return delivered (where the item now lives on the remote side) or awaiting remote work
     * @throws DeliveryFailure classified: {@link RetryLaterException} or {@link GiveUpException}
     */
    DeliveryResult deliver(Dispatch dispatch) throws DeliveryFailure;
}
