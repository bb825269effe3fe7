package org.tongfa.channel.webhook;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.ItemSnapshot;

/**
 * Builds the JSON payload of one webhook as Standard Webhooks shapes it:
 * {@code {"type": "item.published", "timestamp": "...", "data": {...}}}.
 */
final class WebhookPayload {

    /** Every item field a channel may list in {@code fields}, in the order they are sent. */
    static final List<String> ITEM_FIELDS = List.of(
            "itemId", "version", "title", "summary", "bodyHtml", "author", "department", "column",
            "columnName", "disclosureType", "indexNumber", "documentNumber", "cover", "images", "tags",
            "priority", "publishedAt", "updatedAt", "expireAt", "related", "signedOn", "validity", "topic",
            "reviewers");

    private WebhookPayload() {
    }

    /** The event type for an action, such as {@code item.published}. */
    static String eventType(Action action) {
        return switch (action) {
            case PUBLISH -> "item.published";
            case UPDATE -> "item.updated";
            case RETRACT -> "item.retracted";
        };
    }

    /**
     * The whole payload, ready for Jackson.
     *
     * @param fields the configured item fields, empty for all
     * @param now the send time; the dispatch carries no event time, so it is also the retraction time
     */
    static Map<String, Object> of(Dispatch dispatch, Collection<String> fields, Instant now) {
        Instant stamp = now.truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", eventType(dispatch.action()));
        envelope.put("timestamp", stamp.toString());
        envelope.put("data", dispatch.action() == Action.RETRACT
                ? retraction(dispatch, stamp)
                : item(dispatch, fields));
        return envelope;
    }

    private static Map<String, Object> retraction(Dispatch dispatch, Instant stamp) {
        // A retraction says which item to take down, nothing more: the content is gone for good.
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("itemId", dispatch.item().itemId());
        data.put("version", dispatch.item().version());
        data.put("previousRemoteId", dispatch.previousRemoteId());
        data.put("retractedAt", stamp.toString());
        return data;
    }

    private static Map<String, Object> item(Dispatch dispatch, Collection<String> fields) {
        Map<String, Object> all = allFields(dispatch.item());
        Map<String, Object> data = new LinkedHashMap<>();
        for (Map.Entry<String, Object> field : all.entrySet()) {
            String name = field.getKey();
            // itemId and version always go: without them the receiver cannot address the item.
            if (fields.isEmpty() || fields.contains(name) || name.equals("itemId") || name.equals("version")) {
                data.put(name, field.getValue());
            }
        }
        if (dispatch.action() == Action.UPDATE) {
            data.put("previousRemoteId", dispatch.previousRemoteId());
        }
        return data;
    }

    private static Map<String, Object> allFields(ItemSnapshot item) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("itemId", item.itemId());
        all.put("version", item.version());
        all.put("title", item.title());
        all.put("summary", item.summary());
        all.put("bodyHtml", item.bodyHtml());
        all.put("author", item.author());
        all.put("department", item.department());
        all.put("column", item.column());
        all.put("columnName", item.columnName());
        all.put("disclosureType", item.disclosureType());
        all.put("indexNumber", item.indexNumber());
        all.put("documentNumber", item.documentNumber());
        all.put("cover", item.cover());
        all.put("images", item.images());
        all.put("tags", item.tags());
        all.put("priority", item.priority());
        // Instants as ISO-8601 text, whatever the mapper's date settings.
        all.put("publishedAt", iso(item.publishedAt()));
        all.put("updatedAt", iso(item.updatedAt()));
        all.put("expireAt", iso(item.expireAt()));
        all.put("related", item.related());
        // Days as yyyy-MM-dd text, like the instants.
        all.put("signedOn", item.signedOn() == null ? null : item.signedOn().toString());
        all.put("validity", validity(item.validity()));
        all.put("topic", item.topic());
        all.put("reviewers", item.reviewers());
        return all;
    }

    private static Map<String, Object> validity(ItemSnapshot.Validity validity) {
        if (validity == null) {
            return null;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", validity.status());
        fields.put("date", validity.date() == null ? null : validity.date().toString());
        return fields;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
