package org.tongfa.published;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.tongfa.delivery.ItemSnapshot;

/** Item snapshots for pull-channel tests, varied one field at a time. */
public final class Snapshots {

    private Snapshots() {
    }

    /** Version 1 of a news item first published at {@code publishedAt}. */
    public static ItemSnapshot item(String id, String column, String title, Instant publishedAt) {
        return new ItemSnapshot(id, 1, title, "摘要：" + title,
                "<p>正文：" + title + "</p><p><img src=\"https://gov.example/assets/a1\" alt=\"现场照片\"></p>",
                "记者", "市工业和信息化局", column, column.equals("policies") ? "政策文件" : "工作动态", "PROACTIVE",
                "11440100-2026-00" + Math.abs(id.hashCode() % 1000), "穗工信〔2026〕12号", null, List.of(),
                List.of("数字化"), "NORMAL", publishedAt, publishedAt, null, List.of());
    }

    /** The next version of {@code item}, released at {@code updatedAt} with a new title. */
    public static ItemSnapshot updated(ItemSnapshot item, String title, Instant updatedAt) {
        return new ItemSnapshot(item.itemId(), item.version() + 1, title, item.summary(), item.bodyHtml(),
                item.author(), item.department(), item.column(), item.columnName(), item.disclosureType(),
                item.indexNumber(), item.documentNumber(), item.cover(), item.images(), item.tags(), item.priority(),
                item.publishedAt(), updatedAt, item.expireAt(), item.related());
    }

    /** The same snapshot linked to other items. */
    public static ItemSnapshot related(ItemSnapshot item, List<ItemSnapshot.RelatedRef> related) {
        return new ItemSnapshot(item.itemId(), item.version(), item.title(), item.summary(), item.bodyHtml(),
                item.author(), item.department(), item.column(), item.columnName(), item.disclosureType(),
                item.indexNumber(), item.documentNumber(), item.cover(), item.images(), item.tags(), item.priority(),
                item.publishedAt(), item.updatedAt(), item.expireAt(), related);
    }

    /** The same snapshot as a document with its 成文日期, 有效性 and 主题分类. */
    public static ItemSnapshot document(ItemSnapshot item, LocalDate signedOn, ItemSnapshot.Validity validity,
            String topic) {
        return new ItemSnapshot(item.itemId(), item.version(), item.title(), item.summary(), item.bodyHtml(),
                item.author(), item.department(), item.column(), item.columnName(), item.disclosureType(),
                item.indexNumber(), item.documentNumber(), item.cover(), item.images(), item.tags(), item.priority(),
                item.publishedAt(), item.updatedAt(), item.expireAt(), item.related(), signedOn, validity, topic);
    }

    /** The same snapshot with another priority ({@code NORMAL}, {@code URGENT}, {@code EMERGENCY}). */
    public static ItemSnapshot priority(ItemSnapshot item, String priority) {
        return new ItemSnapshot(item.itemId(), item.version(), item.title(), item.summary(), item.bodyHtml(),
                item.author(), item.department(), item.column(), item.columnName(), item.disclosureType(),
                item.indexNumber(), item.documentNumber(), item.cover(), item.images(), item.tags(), priority,
                item.publishedAt(), item.updatedAt(), item.expireAt(), item.related(), item.signedOn(), item.validity(),
                item.topic());
    }

    /** The same snapshot naming its 审核人 and 签发人, as a column with show-reviewers delivers it. */
    public static ItemSnapshot reviewed(ItemSnapshot item, List<String> reviewers, String signer) {
        return new ItemSnapshot(item.itemId(), item.version(), item.title(), item.summary(), item.bodyHtml(),
                item.author(), item.department(), item.column(), item.columnName(), item.disclosureType(),
                item.indexNumber(), item.documentNumber(), item.cover(), item.images(), item.tags(), item.priority(),
                item.publishedAt(), item.updatedAt(), item.expireAt(), item.related(), item.signedOn(), item.validity(),
                item.topic(), new ItemSnapshot.Reviewers(reviewers, signer));
    }
}
