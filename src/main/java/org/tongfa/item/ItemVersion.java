package org.tongfa.item;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.tongfa.item.ItemRequest.ChannelOverride;

/**
 * One stored version of an item's content, immutable once written.
 *
 * @param signedOn 成文日期, or {@code null}
 * @param validity 有效性, or {@code null} when not stated
 * @param topic 主题分类 (one of {@code tongfa.topics}), or {@code null}
 * @param documentType 文件类型, or {@code null}
 */
record ItemVersion(
        String itemId,
        int version,
        String title,
        String summary,
        String bodyHtml,
        String author,
        String department,
        String column,
        DisclosureType disclosureType,
        String disclosureReason,
        String indexNumber,
        String documentNumber,
        String coverAssetId,
        Priority priority,
        Instant publishAt,
        Instant expireAt,
        List<String> tags,
        Map<String, ChannelOverride> overrides,
        List<String> channels,
        Instant createdAt,
        String createdBy,
        Instant releasedAt,
        LocalDate signedOn,
        ItemRequest.Validity validity,
        String topic,
        DocumentType documentType) {

    /** A version without a document type (文件类型), as stored before it was added. */
    ItemVersion(String itemId, int version, String title, String summary, String bodyHtml, String author,
            String department, String column, DisclosureType disclosureType, String disclosureReason,
            String indexNumber, String documentNumber, String coverAssetId, Priority priority, Instant publishAt,
            Instant expireAt, List<String> tags, Map<String, ChannelOverride> overrides, List<String> channels,
            Instant createdAt, String createdBy, Instant releasedAt, LocalDate signedOn,
            ItemRequest.Validity validity, String topic) {
        this(itemId, version, title, summary, bodyHtml, author, department, column, disclosureType, disclosureReason,
                indexNumber, documentNumber, coverAssetId, priority, publishAt, expireAt, tags, overrides, channels,
                createdAt, createdBy, releasedAt, signedOn, validity, topic, null);
    }
}
