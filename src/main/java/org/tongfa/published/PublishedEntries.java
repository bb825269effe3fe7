package org.tongfa.published;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.delivery.ItemSnapshot.RelatedRef;

/**
 * Everything one pull channel holds at one revision of its store.
 *
 * @param revision the store's change counter when the entries were read
 * @param entries every entry, live or retracted, newest first publication first
 */
public record PublishedEntries(long revision, List<PublishedEntry> entries) {

    /** Newest first publication first, ties broken by item id so renderings are stable. */
    public static final Comparator<PublishedEntry> NEWEST_FIRST = Comparator
            .comparing((PublishedEntry e) -> e.item().publishedAt()).reversed()
            .thenComparing(e -> e.item().itemId());

    public PublishedEntries {
        entries = entries.stream().sorted(NEWEST_FIRST).toList();
    }

    /** The entries readers may see, newest first. */
    public List<PublishedEntry> live() {
        return entries.stream().filter(PublishedEntry::live).toList();
    }

    /** The live entries of one column, newest first. */
    public List<PublishedEntry> live(String column) {
        return entries.stream().filter(e -> e.live() && e.item().column().equals(column)).toList();
    }

    /** The entry of an item, live or retracted. */
    public Optional<PublishedEntry> find(String itemId) {
        return entries.stream().filter(e -> e.item().itemId().equals(itemId)).findFirst();
    }

    /**
     * For every live entry, its links to the other live entries, in both directions: those its own
     * snapshot carries, then those another entry's snapshot carries toward it, seen from this side (an
     * interpretation's {@code INTERPRETS} is its policy's {@code INTERPRETED_BY}). A snapshot is made
     * when its item is delivered, so a policy published before its interpretation does not name it;
     * the interpretation names the policy, and that is enough for both pages to link each other, with
     * no new version of the policy. Each link carries the title the other entry has here now; a link
     * to an entry that is retracted or was never delivered here is left out. Entries without links
     * are absent from the map.
     */
    public Map<String, List<RelatedRef>> links() {
        Map<String, PublishedEntry> live = new HashMap<>();
        live().forEach(e -> live.put(e.item().itemId(), e));
        Map<String, Map<String, RelatedRef>> links = new LinkedHashMap<>();
        for (boolean declared : new boolean[] {true, false}) {
            for (PublishedEntry entry : live()) {
                ItemSnapshot item = entry.item();
                for (RelatedRef ref : item.related() == null ? List.<RelatedRef>of() : item.related()) {
                    PublishedEntry other = live.get(ref.itemId());
                    if (other == null || ref.itemId().equals(item.itemId())) {
                        continue;
                    }
                    if (declared) {
                        links.computeIfAbsent(item.itemId(), k -> new LinkedHashMap<>()).putIfAbsent(ref.itemId(),
                                new RelatedRef(ref.itemId(), ref.relation(), other.item().title()));
                    } else {
                        links.computeIfAbsent(ref.itemId(), k -> new LinkedHashMap<>()).putIfAbsent(item.itemId(),
                                new RelatedRef(item.itemId(), inverse(ref.relation()), item.title()));
                    }
                }
            }
        }
        Map<String, List<RelatedRef>> lists = new LinkedHashMap<>();
        links.forEach((id, refs) -> lists.put(id, List.copyOf(refs.values())));
        return lists;
    }

    /** The same link seen from the other item. */
    private static String inverse(String relation) {
        if ("INTERPRETS".equals(relation)) {
            return "INTERPRETED_BY";
        }
        return "INTERPRETED_BY".equals(relation) ? "INTERPRETS" : relation;
    }
}
