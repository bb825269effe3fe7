package org.tongfa.delivery;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a channel has already done for one delivery, kept across attempts, crashes and nodes: the
 * remote ids of the steps of a multi-step delivery (a draft, then a publication job), so that the next
 * attempt resumes where the last one stopped instead of repeating a step the remote side already took.
 *
 * <p>Keys are short names chosen by the channel ({@code draft.media-id}); values are text. Every
 * {@link #put} is durable when it returns (its own transaction, not the caller's), so a channel saves
 * a remote id <em>before</em> it takes the next step. Implementations are thread-safe.
 */
public interface DeliveryProgress {

    /** The value saved under {@code key} for this delivery, if any. */
    Optional<String> get(String key);

    /** Saves {@code value} under {@code key}, replacing any earlier value, durably before returning. */
    void put(String key, String value);

    /** Progress kept in memory only: for tests and for dispatches built without a ledger. */
    static DeliveryProgress inMemory() {
        Map<String, String> values = new ConcurrentHashMap<>();
        return new DeliveryProgress() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(values.get(key));
            }

            @Override
            public void put(String key, String value) {
                values.put(key, value);
            }

            @Override
            public String toString() {
                return "DeliveryProgress" + values;
            }
        };
    }
}
