package org.tongfa.delivery;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An item version as a channel receives it: immutable, complete, and with the channel's overrides
 * (title, summary) already applied. Channels depend on this and never on the item model itself.
 *
 * @param itemId the item's stable id
 * @param version the version being delivered
 * @param title the title for this channel
 * @param summary the summary for this channel, may be empty
 * @param bodyHtml the sanitised body; asset images point at absolute asset URLs
 * @param author the author, may be empty
 * @param department the issuing department (发布机构)
 * @param column the column key (栏目)
 * @param columnName the column's display name
 * @param disclosureType {@code PROACTIVE} (主动公开), {@code ON_REQUEST} (依申请公开) or {@code NOT_PUBLIC} (不公开)
 * @param indexNumber the index number (索引号)
 * @param documentNumber the document number (发文字号), or {@code null}
 * @param cover the cover image, or {@code null}
 * @param images the images inside the body, in order of appearance
 * @param tags free tags
 * @param priority {@code NORMAL}, {@code URGENT} or {@code EMERGENCY}
 * @param publishedAt the first publication time, recorded by the server once and never changed
 * @param updatedAt when this version was released (equals {@code publishedAt} for the first)
 * @param expireAt when the item leaves pull channels, or {@code null}
 * @param related linked items, both directions (a policy and its interpretation), as they stood when this
 *     snapshot was made: a pull channel joins them with the links its other entries carry
 *     ({@code RelatedLinks} in {@code org.tongfa.published})
 * @param signedOn 成文日期, the day the document was signed as the editor entered it, or {@code null}
 * @param validity 有效性, or {@code null} when not stated (news)
 * @param topic 主题分类, or {@code null}
 * @param reviewers the 审核人 and 签发人 of this version, when its column prints them
 *     ({@code show-reviewers}), else {@code null}
 */
public record ItemSnapshot(
        String itemId,
        int version,
        String title,
        String summary,
        String bodyHtml,
        String author,
        String department,
        String column,
        String columnName,
        String disclosureType,
        String indexNumber,
        String documentNumber,
        AssetRef cover,
        List<AssetRef> images,
        List<String> tags,
        String priority,
        Instant publishedAt,
        Instant updatedAt,
        Instant expireAt,
        List<RelatedRef> related,
        LocalDate signedOn,
        Validity validity,
        String topic,
        Reviewers reviewers) {

    /** A snapshot that names no reviewers: what a column that does not print them delivers. */
    public ItemSnapshot(String itemId, int version, String title, String summary, String bodyHtml, String author,
            String department, String column, String columnName, String disclosureType, String indexNumber,
            String documentNumber, AssetRef cover, List<AssetRef> images, List<String> tags, String priority,
            Instant publishedAt, Instant updatedAt, Instant expireAt, List<RelatedRef> related, LocalDate signedOn,
            Validity validity, String topic) {
        this(itemId, version, title, summary, bodyHtml, author, department, column, columnName, disclosureType,
                indexNumber, documentNumber, cover, images, tags, priority, publishedAt, updatedAt, expireAt, related,
                signedOn, validity, topic, null);
    }

    /**
     * A snapshot without the metadata of public information (成文日期, 有效性, 主题分类): what a news
     * item carries, and what snapshots stored before that metadata existed read as.
     */
    public ItemSnapshot(String itemId, int version, String title, String summary, String bodyHtml, String author,
            String department, String column, String columnName, String disclosureType, String indexNumber,
            String documentNumber, AssetRef cover, List<AssetRef> images, List<String> tags, String priority,
            Instant publishedAt, Instant updatedAt, Instant expireAt, List<RelatedRef> related) {
        this(itemId, version, title, summary, bodyHtml, author, department, column, columnName, disclosureType,
                indexNumber, documentNumber, cover, images, tags, priority, publishedAt, updatedAt, expireAt, related,
                null, null, null, null);
    }

    /**
     * Who reviewed and who signed the version (三审), by display name.
     *
     * @param reviewers the 审核人: whoever approved a step before the sign-off, in order
     * @param signer the 签发人
     */
    public record Reviewers(List<String> reviewers, String signer) {
    }

    /**
     * 有效性: whether the document is in force.
     *
     * @param status {@code VALID} (有效), {@code REPEALED} (废止) or {@code LAPSED} (失效)
     * @param date the day it was repealed or lapsed; {@code null} for {@code VALID}
     */
    public record Validity(String status, LocalDate date) {
    }

    /**
     * A stored asset.
     *
     * @param id the asset id
     * @param contentType such as {@code image/png}
     * @param size bytes
     * @param sha256 hex digest of the bytes
     * @param url absolute public URL
     * @param alt text alternative, may be empty for a cover
     */
    public record AssetRef(String id, String contentType, long size, String sha256, String url, String alt) {
    }

    /**
     * A linked item.
     *
     * @param itemId the other item
     * @param relation {@code INTERPRETS} (this item interprets that policy), {@code INTERPRETED_BY}
     *     (that item interprets this one) or {@code RELATED}
     * @param title the other item's current title
     */
    public record RelatedRef(String itemId, String relation, String title) {
    }
}
