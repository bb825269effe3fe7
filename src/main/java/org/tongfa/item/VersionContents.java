package org.tongfa.item;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The part of each stored version that can never change, prepared once for every channel that delivers it
 * and kept in memory, least recently used first out, within a bound on the characters held.
 *
 * <p>Safe without invalidation, on one node or several: a version's row is only inserted (an edit makes a
 * new version), an asset is never replaced or removed, and the columns' names come from configuration read
 * at start. What does change after a version is written (its disclosure attribute, when it was released, the
 * item's publication times, its related items, its reviewers) is not held here: {@link ItemSnapshots} reads
 * it for every delivery.
 */
final class VersionContents {

    /** A version's prepared content, and how many characters it holds (its weight in the bound). */
    record Content(ItemSnapshots.Prepared prepared, long chars) {
    }

    private record Key(String itemId, int version) {
    }

    private final long maxChars;
    private final Map<Key, Content> entries = new LinkedHashMap<>(64, 0.75f, true);
    private final AtomicLong loads = new AtomicLong();
    private long chars;

    VersionContents(long maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive: " + maxChars);
        }
        this.maxChars = maxChars;
    }

    /**
     * The version's content, prepared by {@code load} when it is not held. Two callers missing at once may
     * both load; both get an equal content, and one is kept. A content larger than the whole bound is
     * returned and not kept.
     */
    ItemSnapshots.Prepared get(String itemId, int version, Supplier<Content> load) {
        Key key = new Key(itemId, version);
        synchronized (this) {
            Content held = entries.get(key);
            if (held != null) {
                return held.prepared();
            }
        }
        Content loaded = load.get();
        loads.incrementAndGet();
        synchronized (this) {
            if (loaded.chars() > maxChars || entries.containsKey(key)) {
                return loaded.prepared();
            }
            entries.put(key, loaded);
            chars += loaded.chars();
            Iterator<Content> eldest = entries.values().iterator();
            while (chars > maxChars && eldest.hasNext()) {
                chars -= eldest.next().chars();
                eldest.remove();
            }
        }
        return loaded.prepared();
    }

    /** How many times a content was prepared (read from the database and parsed) since start. */
    long loads() {
        return loads.get();
    }

    synchronized boolean holds(String itemId, int version) {
        return entries.containsKey(new Key(itemId, version));
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long chars() {
        return chars;
    }
}
