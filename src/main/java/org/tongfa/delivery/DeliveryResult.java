package org.tongfa.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * What a channel answers when a call did not fail: the item is delivered (with its
 * {@link DeliveryReceipt}), or the partner accepted the work and finishes it on its own time
 * ({@link Awaiting}). A failure is not a result: it is thrown as a {@link DeliveryFailure}.
 */
public sealed interface DeliveryResult permits DeliveryReceipt, DeliveryResult.Awaiting {

    /** Delivered: where the item now lives on the remote side; either value may be {@code null}. */
    static DeliveryReceipt delivered(String remoteId, String remoteUrl) {
        return new DeliveryReceipt(remoteId, remoteUrl);
    }

    /** Remote work in progress: look again after {@code checkAgainIn}. */
    static Awaiting awaiting(String reason, Duration checkAgainIn) {
        return new Awaiting(reason, checkAgainIn);
    }

    /**
     * Not a failure: the partner accepted the work and finishes it asynchronously (a WeChat publication
     * job), or an earlier step must finish first. The ledger looks again after {@code checkAgainIn}
     * without spending the retry schedule, counting against the channel's breaker or pausing it; the
     * channel itself decides when waiting has lasted too long (and then gives up).
     *
     * @param reason what is awaited, recorded as the delivery's last note
     * @param checkAgainIn when to call the channel again; positive
     */
    record Awaiting(String reason, Duration checkAgainIn) implements DeliveryResult {
        public Awaiting {
            Objects.requireNonNull(reason, "reason");
            if (checkAgainIn == null || checkAgainIn.isNegative() || checkAgainIn.isZero()) {
                throw new IllegalArgumentException("checkAgainIn must be positive: " + checkAgainIn);
            }
        }
    }
}
