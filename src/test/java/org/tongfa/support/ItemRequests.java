package org.tongfa.support;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.tongfa.item.DisclosureType;
import org.tongfa.item.ItemRequest;
import org.tongfa.item.Priority;

/** Valid item requests for tests, varied one field at a time. */
public final class ItemRequests {

    private ItemRequests() {
    }

    /** A valid PROACTIVE news item going to the given channels (empty: the column's). */
    public static ItemRequest news(String title, List<String> channels) {
        return new ItemRequest(title, "摘要", "<p>正文：" + title + "</p>", "记者", "市工业和信息化局", "news",
                new ItemRequest.Disclosure(DisclosureType.PROACTIVE, null), "11440100-2026-" + Math.abs(title.hashCode() % 100000),
                null, null, List.of("数字化"), Priority.NORMAL, null, null, Map.of(), List.of(), channels, null, null,
                null);
    }

    /** The same item, to be released at {@code publishAt} and expire at {@code expireAt}. */
    public static ItemRequest timed(String title, List<String> channels, Instant publishAt, Instant expireAt) {
        ItemRequest r = news(title, channels);
        return new ItemRequest(r.title(), r.summary(), r.body(), r.author(), r.department(), r.column(), r.disclosure(),
                r.indexNumber(), r.documentNumber(), r.coverAssetId(), r.tags(), r.priority(), publishAt, expireAt,
                r.overrides(), r.related(), r.channels(), r.signedOn(), r.validity(), r.topic());
    }

    /** The same item with another body. */
    public static ItemRequest withBody(ItemRequest r, String body) {
        return new ItemRequest(r.title(), r.summary(), body, r.author(), r.department(), r.column(), r.disclosure(),
                r.indexNumber(), r.documentNumber(), r.coverAssetId(), r.tags(), r.priority(), r.publishAt(),
                r.expireAt(), r.overrides(), r.related(), r.channels(), r.signedOn(), r.validity(), r.topic());
    }

    /** The same item in another column. */
    public static ItemRequest inColumn(ItemRequest r, String column) {
        // A policy document carries its 发文字号 (the pre-publish checks require it on the policies column).
        String documentNumber = r.documentNumber() == null && column.equals("policies")
                ? "示工信规〔2026〕" + (Math.abs(r.title().hashCode()) % 1000 + 1) + "号" : r.documentNumber();
        return new ItemRequest(r.title(), r.summary(), r.body(), r.author(), r.department(), column, r.disclosure(),
                r.indexNumber(), documentNumber, r.coverAssetId(), r.tags(), r.priority(), r.publishAt(),
                r.expireAt(), r.overrides(), r.related(), r.channels(), r.signedOn(), r.validity(), r.topic());
    }
}
