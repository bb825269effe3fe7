package org.tongfa.item;

/**
 * An item's lifecycle: {@code DRAFT -> SCHEDULED -> PUBLISHED -> RETRACTED}. Editing a published item
 * keeps it PUBLISHED and re-delivers the new version. A review chain (drafter -> office reviewer ->
 * leader) will sit between DRAFT and release as further {@link ReleaseCheck}s and states, without
 * changing the states after it.
 */
public enum ItemStatus {
    /** Being written; nothing has left the building. */
    DRAFT,
    /** Released automatically at its scheduled time by a persistent Quartz job. */
    SCHEDULED,
    /** Released; the ledger tracks each channel. */
    PUBLISHED,
    /** Withdrawn by an editor or by expiry; final. */
    RETRACTED
}
