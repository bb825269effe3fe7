package org.tongfa.item;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.tongfa.check.CheckReport;
import org.tongfa.item.ItemRequest.ChannelOverride;
import org.tongfa.item.ItemRequest.Disclosure;
import org.tongfa.item.ItemRequest.Validity;

/**
 * An item as the API shows it: its current version's content, its lifecycle state and the times the
 * server recorded.
 *
 * @param firstPublishedAt the first publication time, recorded once by the server and never changed
 * @param lastPublishedAt when the latest released version went out
 * @param releasedVersion the version readers see, or {@code null} before the first release
 * @param scheduledAt the release time of a SCHEDULED item
 * @param channels the channels it goes to (its own list, or its column's)
 * @param related links in both directions
 * @param releaseRefusal why the last scheduled release was refused at its time (the item went back to
 *     DRAFT), or {@code null}; cleared when the item is scheduled or published again
 * @param signedOn 成文日期 as the editor entered it, or {@code null}
 * @param validity 有效性, or {@code null} when not stated
 * @param topic 主题分类, or {@code null}
 * @param documentType 文件类型 (规章, 行政规范性文件, other), or {@code null}
 * @param review where the current version stands in its column's review chain
 * @param checks the pre-publish checks' (发布前检查) report on the saved version, in the answer to a save
 *     (never blocking it); absent elsewhere: {@code GET /api/v1/items/{id}/checks} runs them afresh
 */
public record ItemView(
        String id,
        int version,
        ItemStatus status,
        String title,
        String summary,
        String body,
        String author,
        String department,
        String column,
        Disclosure disclosure,
        String indexNumber,
        String documentNumber,
        String coverAssetId,
        List<String> tags,
        Priority priority,
        Instant publishAt,
        Instant expireAt,
        Map<String, ChannelOverride> overrides,
        List<RelatedView> related,
        List<String> channels,
        Integer releasedVersion,
        Instant scheduledAt,
        Instant firstPublishedAt,
        Instant lastPublishedAt,
        Instant retractedAt,
        String retractReason,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        ReleaseRefusal releaseRefusal,
        LocalDate signedOn,
        Validity validity,
        String topic,
        DocumentType documentType,
        Review review,
        @JsonInclude(JsonInclude.Include.NON_NULL) CheckReport checks) {

    /** This view with the checks' report on its version. */
    public ItemView withChecks(CheckReport report) {
        return new ItemView(id, version, status, title, summary, body, author, department, column, disclosure,
                indexNumber, documentNumber, coverAssetId, tags, priority, publishAt, expireAt, overrides, related,
                channels, releasedVersion, scheduledAt, firstPublishedAt, lastPublishedAt, retractedAt, retractReason,
                createdAt, createdBy, updatedAt, releaseRefusal, signedOn, validity, topic, documentType, review, report);
    }

    /**
     * The current version's review (三审).
     *
     * @param version the version under review
     * @param state DRAFT (not submitted), IN_REVIEW, RETURNED or APPROVED; for a PUBLISHED item this is
     *     its newer version's, while the released one stays live
     * @param step the step to decide next while IN_REVIEW, else {@code null}
     * @param chain the column's steps in order; empty when {@code unreviewed}
     * @param unreviewed the column is configured {@code review: none}: items are published without review
     */
    public record Review(int version, ItemStatus state, String step, List<String> chain, boolean unreviewed) {

        static Review of(ReviewProgress progress) {
            return new Review(progress.version(), progress.unreviewed() ? null : progress.state(),
                    progress.step() == null ? null : progress.step().key(), ReviewDesk.keys(progress.chain()),
                    progress.unreviewed());
        }
    }

    /**
     * @param at when the release was refused
     * @param reason the rule's answer, naming the fields
     */
    public record ReleaseRefusal(Instant at, String reason) {
    }

    /**
     * @param itemId the other item
     * @param relation how this item relates to it
     * @param title its title
     * @param status its state
     */
    public record RelatedView(String itemId, RelationType relation, String title, ItemStatus status) {
    }

    /**
     * One stored version, as a version history lists it.
     *
     * @param createdBy the login of who saved it
     * @param releasedAt when it went out, or {@code null} if it never did
     * @param state PUBLISHED once released, else its review state: DRAFT (not submitted), IN_REVIEW,
     *     RETURNED or APPROVED; DRAFT on a {@code review: none} column
     */
    public record VersionEntry(int version, String createdBy, Instant createdAt, Instant releasedAt,
            ItemStatus state) {
    }

    /** One line of an item list; {@code createdBy} is the drafter (拟稿人) who created it. */
    public record Summary(String id, int version, ItemStatus status, String title, String column,
            DisclosureType disclosure, Priority priority, Instant scheduledAt, Instant firstPublishedAt,
            Instant updatedAt, String createdBy) {

        static Summary of(ItemRow r) {
            return new Summary(r.id(), r.currentVersion(), r.status(), r.title(), r.column(), r.disclosureType(),
                    r.priority(), r.scheduledAt(), r.firstPublishedAt(), r.updatedAt(), r.createdBy());
        }
    }

    /** A page of items. */
    public record Page(List<Summary> items, int page, int size, long total) {
    }
}
