package org.tongfa.channel.display;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.tongfa.common.BeijingTime;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.published.PublishedEntry;

/**
 * Decides what a screen shows now, from the items its display channel holds. Pure: no database, no
 * I/O; time comes from the injected {@link Clock}, wall-clock rules from the screens' time zone.
 *
 * <p>Rules: an item is shown only from its first publication until its {@code expireAt} and only
 * while it is live (not retracted); only items of the screen's columns; higher priority first, then
 * newest. An EMERGENCY item takes the screen over: while one is live, only emergency items play, even
 * outside the dayparts (an emergency notice must reach every screen at once). Otherwise, outside every
 * daypart the screen is in {@code STANDBY} with an empty rotation, and inside one it plays its normal
 * rotation, capped by the screen's {@link PlaylistCap} (the newest N, items of the last D days).
 *
 * <p>Thread-safe (immutable).
 */
final class ScreenSchedule {

    /** Mainland China wall-clock time, which the dayparts are written in. */
    static final ZoneId DEFAULT_ZONE = BeijingTime.ZONE;

    private static final Comparator<ItemSnapshot> ORDER = Comparator
            .comparingInt((ItemSnapshot i) -> rank(i.priority())).reversed()
            .thenComparing(ItemSnapshot::publishedAt, Comparator.reverseOrder())
            .thenComparing(ItemSnapshot::itemId);

    private final Clock clock;
    private final ZoneId zone;

    ScreenSchedule(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    ZoneId zone() {
        return zone;
    }

    /** The playlist of {@code screen} now, from every entry of its channel (live or retracted). */
    Playlist playlist(Screen screen, Collection<PublishedEntry> entries) {
        Instant now = clock.instant();
        LocalDateTime local = LocalDateTime.ofInstant(now, zone);
        List<ItemSnapshot> onAir = new ArrayList<>();
        Instant nextChange = null;
        for (PublishedEntry entry : entries) {
            ItemSnapshot item = entry.item();
            if (!entry.live() || !screen.columns().contains(item.column())) {
                continue;
            }
            if (item.publishedAt().isAfter(now)) {
                nextChange = earliest(nextChange, item.publishedAt());
                continue;
            }
            if (item.expireAt() != null && !now.isBefore(item.expireAt())) {
                continue;
            }
            onAir.add(item);
            if (item.expireAt() != null) {
                nextChange = earliest(nextChange, item.expireAt());
            }
        }
        for (Daypart daypart : screen.dayparts()) {
            LocalDateTime boundary = daypart.nextBoundaryAfter(local, false);
            if (boundary != null) {
                nextChange = earliest(nextChange, boundary.atZone(zone).toInstant());
            }
        }
        onAir.sort(ORDER);
        List<ItemSnapshot> emergencies = onAir.stream().filter(i -> rank(i.priority()) == 2).toList();
        if (!emergencies.isEmpty()) {
            return new Playlist(Playlist.Mode.EMERGENCY, entries(screen, emergencies), nextChange, null);
        }
        if (!screen.playing(local)) {
            return new Playlist(Playlist.Mode.STANDBY, List.of(), nextChange, nextStart(screen, local));
        }
        List<ItemSnapshot> capped = capped(screen.cap(), onAir, now);
        if (screen.cap().maxAge() != null) {
            for (ItemSnapshot item : capped) {
                nextChange = earliest(nextChange, item.publishedAt().plus(screen.cap().maxAge()));
            }
        }
        return new Playlist(Playlist.Mode.NORMAL, entries(screen, capped), nextChange, null);
    }

    /** The items of {@code ordered} within the cap, still in their order. */
    private static List<ItemSnapshot> capped(PlaylistCap cap, List<ItemSnapshot> ordered, Instant now) {
        List<ItemSnapshot> recent = cap.maxAge() == null ? ordered : ordered.stream()
                .filter(i -> i.publishedAt().isAfter(now.minus(cap.maxAge()))).toList();
        if (cap.maxItems() == 0 || recent.size() <= cap.maxItems()) {
            return recent;
        }
        Set<ItemSnapshot> newest = Collections.newSetFromMap(new IdentityHashMap<>());
        recent.stream().sorted(Comparator.comparing(ItemSnapshot::publishedAt, Comparator.reverseOrder())
                .thenComparing(ItemSnapshot::itemId)).limit(cap.maxItems()).forEach(newest::add);
        return recent.stream().filter(newest::contains).toList();
    }

    private Instant nextStart(Screen screen, LocalDateTime local) {
        LocalDateTime best = null;
        for (Daypart daypart : screen.dayparts()) {
            LocalDateTime start = daypart.nextBoundaryAfter(local, true);
            if (start != null && (best == null || start.isBefore(best))) {
                best = start;
            }
        }
        return best == null ? null : best.atZone(zone).toInstant();
    }

    private static List<Playlist.Entry> entries(Screen screen, List<ItemSnapshot> items) {
        return items.stream().map(i -> new Playlist.Entry(i.itemId(), i.title(),
                i.summary() == null ? "" : i.summary(), i.priority() == null ? "NORMAL" : i.priority(),
                screen.itemSeconds(), imageUrl(i), i.publishedAt(), i.department() == null ? "" : i.department()))
                .toList();
    }

    private static String imageUrl(ItemSnapshot item) {
        if (item.cover() != null) {
            return item.cover().url();
        }
        return item.images() == null || item.images().isEmpty() ? null : item.images().get(0).url();
    }

    /** EMERGENCY 2, URGENT 1, anything else (NORMAL) 0. */
    static int rank(String priority) {
        if ("EMERGENCY".equals(priority)) {
            return 2;
        }
        return "URGENT".equals(priority) ? 1 : 0;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
