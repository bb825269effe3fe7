package org.tongfa.audit;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of the audit trail, as stored.
 *
 * @param seq the row's place in the chain: 1, 2, 3, ... without gaps
 * @param at when it was appended, at microsecond precision
 * @param action the {@link org.tongfa.common.AuditEvent.Action}'s name
 * @param actor the actor's login, or {@code null} for the service itself
 * @param sourceAddress the caller's address, or {@code null}
 * @param itemId the item concerned, or {@code null}
 * @param version the item version concerned, or {@code null}
 * @param changes what changed, sorted by field
 * @param previousHash the previous row's hash ({@link AuditHash#GENESIS} for the first row)
 * @param hash this row's hash ({@link AuditHash#of}), or {@code null} before it is computed
 */
public record AuditEntry(long seq, Instant at, String action, String actor, String sourceAddress, String itemId,
        Integer version, Map<String, String> changes, String previousHash, String hash) {

    public AuditEntry {
        changes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(changes));
    }

    AuditEntry withHash(String hash) {
        return new AuditEntry(seq, at, action, actor, sourceAddress, itemId, version, changes, previousHash, hash);
    }
}
