package org.tongfa.item;

/**
 * An item's lifecycle: {@code DRAFT -> IN_REVIEW -> APPROVED -> SCHEDULED -> PUBLISHED -> RETRACTED},
 * with {@code RETURNED} when a step of the review chain sends it back to the drafter. A column with
 * {@code review: none} goes from DRAFT straight to release. Once PUBLISHED an item stays so while a
 * newer version goes through the chain ({@link ItemView#review()}): the released version stays live
 * until the new one is signed and released.
 */
public enum ItemStatus {
    /** Being written; nothing has left the building. */
    DRAFT("草稿"),
    /** Submitted: a step of the column's review chain is to decide it ({@link ItemView#review()}). */
    IN_REVIEW("审核中"),
    /** Sent back to the drafter with the reviewer's opinion; an edit or a new submission follows. */
    RETURNED("已退回"),
    /** Every step of the chain approved the current version: it may be published or scheduled. */
    APPROVED("已签发"),
    /** Released automatically at its scheduled time by a persistent Quartz job. */
    SCHEDULED("已定时"),
    /** Released; the ledger tracks each channel. */
    PUBLISHED("已发布"),
    /** Withdrawn by a signer or by expiry; final. */
    RETRACTED("已撤回");

    private final String label;

    ItemStatus(String label) {
        this.label = label;
    }

    /** The state's word, as editors read it (草稿, 审核中, 已退回, 已签发, 已定时, 已发布, 已撤回). */
    public String label() {
        return label;
    }
}
