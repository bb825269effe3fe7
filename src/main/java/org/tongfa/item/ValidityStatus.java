package org.tongfa.item;

/**
 * Whether a document is still in force (有效性): what readers of a policy must know before they rely
 * on it, and what the annual report counts (现行有效件数, 本年废止件数).
 */
public enum ValidityStatus {
    /** 有效: in force. */
    VALID,
    /** 废止: repealed by a decision, on a date. */
    REPEALED,
    /** 失效: no longer in force by itself (its term ended, or a later document replaced it), on a date. */
    LAPSED
}
