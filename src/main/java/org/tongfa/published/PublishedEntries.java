package org.tongfa.published;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

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
     * The links of the live entries to each other, in both directions ({@link RelatedLinks}): what an
     * item page lists under 相关信息.
     */
    public RelatedLinks links() {
        return new RelatedLinks(live());
    }
}
