package org.tongfa.item;

import java.time.Instant;

/** The item's lifecycle row: its state, its current version and the server-recorded times. */
record ItemRow(
        String id,
        ItemStatus status,
        int currentVersion,
        Integer releasedVersion,
        String column,
        String title,
        DisclosureType disclosureType,
        Priority priority,
        Instant scheduledAt,
        Instant expireAt,
        Instant firstPublishedAt,
        Instant lastPublishedAt,
        Instant retractedAt,
        String retractReason,
        Instant createdAt,
        String createdBy,
        Instant updatedAt) {
}
