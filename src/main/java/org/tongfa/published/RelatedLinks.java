package org.tongfa.published;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.delivery.ItemSnapshot.RelatedRef;

/**
 * The links among a pull channel's live entries, in both directions: for an item, those its own
 * snapshot carries, then those another entry's snapshot carries toward it, seen from this side (an
 * interpretation's {@code INTERPRETS} is its policy's {@code INTERPRETED_BY}).
 *
 * <p>A snapshot is made when its item is delivered, so a policy published before its interpretation
 * does not name it; the interpretation names the policy, and that is enough for both pages to link
 * each other with no new version of the policy. Each link carries the title the other entry has here
 * now; a link to an entry that is retracted or was never delivered here is left out, and it goes as
 * soon as the entry that declared it is retracted. An entry's own unreadable links (a null in a
 * hand-edited row) fail only {@link #of} for that entry, never another's.
 */
public final class RelatedLinks {

    private final Map<String, PublishedEntry> live = new HashMap<>();
    private final Map<String, List<RelatedRef>> inbound = new HashMap<>();

    RelatedLinks(List<PublishedEntry> entries) {
        entries.forEach(e -> live.put(e.item().itemId(), e));
        for (PublishedEntry entry : entries) {
            ItemSnapshot item = entry.item();
            for (RelatedRef ref : item.related() == null ? List.<RelatedRef>of() : item.related()) {
                if (ref != null && ref.itemId() != null && !ref.itemId().equals(item.itemId())
                        && live.containsKey(ref.itemId())) {
                    inbound.computeIfAbsent(ref.itemId(), k -> new ArrayList<>())
                            .add(new RelatedRef(item.itemId(), inverse(ref.relation()), item.title()));
                }
            }
        }
    }

    /** The item's links to other live entries, each once: as its own snapshot says it, else as the other's does. */
    public List<RelatedRef> of(String itemId) {
        PublishedEntry entry = live.get(itemId);
        Map<String, RelatedRef> links = new LinkedHashMap<>();
        if (entry != null && entry.item().related() != null) {
            for (RelatedRef ref : entry.item().related()) {
                PublishedEntry other = live.get(ref.itemId());
                if (other != null && !ref.itemId().equals(itemId)) {
                    links.putIfAbsent(ref.itemId(), new RelatedRef(ref.itemId(), ref.relation(), other.item().title()));
                }
            }
        }
        for (RelatedRef ref : inbound.getOrDefault(itemId, List.of())) {
            links.putIfAbsent(ref.itemId(), ref);
        }
        return List.copyOf(links.values());
    }

    /** The same link seen from the other item. */
    private static String inverse(String relation) {
        if ("INTERPRETS".equals(relation)) {
            return "INTERPRETED_BY";
        }
        return "INTERPRETED_BY".equals(relation) ? "INTERPRETS" : relation;
    }
}
