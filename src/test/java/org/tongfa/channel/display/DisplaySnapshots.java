package org.tongfa.channel.display;

import java.time.Instant;
import java.util.List;
import org.tongfa.delivery.ItemSnapshot;

/** Item snapshots for display tests: column, priority, publication and expiry vary. */
final class DisplaySnapshots {

    private DisplaySnapshots() {
    }

    static ItemSnapshot item(String id, String column, String priority, Instant publishedAt, Instant expireAt) {
        return new ItemSnapshot(id, 1, "标题" + id, "摘要" + id, "<p>正文</p>", "", "市工业和信息化局", column,
                column, "PROACTIVE", "11440100-2026-00001", null, null, List.of(), List.of(), priority, publishedAt,
                publishedAt, expireAt, List.of());
    }

    static ItemSnapshot withCover(ItemSnapshot i, String url) {
        return new ItemSnapshot(i.itemId(), i.version(), i.title(), i.summary(), i.bodyHtml(), i.author(),
                i.department(), i.column(), i.columnName(), i.disclosureType(), i.indexNumber(), i.documentNumber(),
                new ItemSnapshot.AssetRef("a1", "image/png", 10, "00", url, ""), i.images(), i.tags(), i.priority(),
                i.publishedAt(), i.updatedAt(), i.expireAt(), i.related());
    }
}
