package org.tongfa.item;

import java.time.Instant;

/**
 * The item's lifecycle row: its state, its current version and the server-recorded times.
 *
 * <p>A lifecycle change is a copy with a few fields changed: {@code row.toBuilder().status(...).build()},
 * so a change names only what it changes and the fields are listed in one place.
 */
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

    /** A new row, every field unset. */
    static Builder builder() {
        return new Builder();
    }

    /** This row's fields, to change some of them. */
    Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Builds an {@link ItemRow}; a field not set stays {@code null} (or 0). The fields copied from the
     * current version change only together, through {@link #content}.
     */
    static final class Builder {

        private String id;
        private ItemStatus status;
        private int currentVersion;
        private Integer releasedVersion;
        private String column;
        private String title;
        private DisclosureType disclosureType;
        private Priority priority;
        private Instant scheduledAt;
        private Instant expireAt;
        private Instant firstPublishedAt;
        private Instant lastPublishedAt;
        private Instant retractedAt;
        private String retractReason;
        private Instant createdAt;
        private String createdBy;
        private Instant updatedAt;

        private Builder() {
        }

        private Builder(ItemRow row) {
            id = row.id;
            status = row.status;
            currentVersion = row.currentVersion;
            releasedVersion = row.releasedVersion;
            column = row.column;
            title = row.title;
            disclosureType = row.disclosureType;
            priority = row.priority;
            scheduledAt = row.scheduledAt;
            expireAt = row.expireAt;
            firstPublishedAt = row.firstPublishedAt;
            lastPublishedAt = row.lastPublishedAt;
            retractedAt = row.retractedAt;
            retractReason = row.retractReason;
            createdAt = row.createdAt;
            createdBy = row.createdBy;
            updatedAt = row.updatedAt;
        }

        /**
         * The fields the row repeats from its current version: its number, column, title, disclosure
         * type, priority and expiry time.
         */
        Builder content(ItemVersion version) {
            currentVersion = version.version();
            column = version.column();
            title = version.title();
            disclosureType = version.disclosureType();
            priority = version.priority();
            expireAt = version.expireAt();
            return this;
        }

        Builder id(String id) {
            this.id = id;
            return this;
        }

        Builder status(ItemStatus status) {
            this.status = status;
            return this;
        }

        /** The disclosure type alone: the office step may change it on the version under review. */
        Builder disclosureType(DisclosureType disclosureType) {
            this.disclosureType = disclosureType;
            return this;
        }

        Builder releasedVersion(Integer releasedVersion) {
            this.releasedVersion = releasedVersion;
            return this;
        }

        Builder scheduledAt(Instant scheduledAt) {
            this.scheduledAt = scheduledAt;
            return this;
        }

        Builder expireAt(Instant expireAt) {
            this.expireAt = expireAt;
            return this;
        }

        Builder firstPublishedAt(Instant firstPublishedAt) {
            this.firstPublishedAt = firstPublishedAt;
            return this;
        }

        Builder lastPublishedAt(Instant lastPublishedAt) {
            this.lastPublishedAt = lastPublishedAt;
            return this;
        }

        Builder retractedAt(Instant retractedAt) {
            this.retractedAt = retractedAt;
            return this;
        }

        Builder retractReason(String retractReason) {
            this.retractReason = retractReason;
            return this;
        }

        Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        Builder createdBy(String createdBy) {
            this.createdBy = createdBy;
            return this;
        }

        Builder updatedAt(Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        ItemRow build() {
            return new ItemRow(id, status, currentVersion, releasedVersion, column, title, disclosureType, priority,
                    scheduledAt, expireAt, firstPublishedAt, lastPublishedAt, retractedAt, retractReason, createdAt,
                    createdBy, updatedAt);
        }
    }
}
