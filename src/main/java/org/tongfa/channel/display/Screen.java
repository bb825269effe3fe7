package org.tongfa.channel.display;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;

/**
 * A lobby display board (大厅显示屏) as configured under {@code tongfa.screens.<id>}, validated and with
 * its key resolved.
 *
 * @param id the screen id (the map key), part of its URLs
 * @param name what operators call it
 * @param location where it hangs
 * @param channel the {@code display} channel whose items it shows
 * @param columns the columns (栏目) it shows
 * @param dayparts when it plays its rotation; empty means always
 * @param itemSeconds how long each item stays on screen
 * @param orientation landscape or portrait
 * @param keyHash the SHA-256 of the secret the screen presents (the key itself is not kept)
 * @param pollSeconds how often the player asks for its feed
 * @param offlineAfter how long without a poll or heartbeat before it is reported offline
 * @param cap how much of its columns the normal rotation plays
 */
record Screen(
        String id,
        String name,
        String location,
        String channel,
        Set<String> columns,
        List<Daypart> dayparts,
        int itemSeconds,
        Orientation orientation,
        byte[] keyHash,
        int pollSeconds,
        Duration offlineAfter,
        PlaylistCap cap) {

    Screen {
        columns = Set.copyOf(columns);
        dayparts = List.copyOf(dayparts);
    }

    /** Whether the wall-clock time falls in one of the dayparts (always, with none configured). */
    boolean playing(LocalDateTime t) {
        return dayparts.isEmpty() || dayparts.stream().anyMatch(d -> d.contains(t));
    }

    @Override
    public String toString() {
        return "Screen[id=" + id + ", name=" + name + ", location=" + location + ", channel=" + channel
                + ", columns=" + columns + ", dayparts=" + dayparts + ", itemSeconds=" + itemSeconds
                + ", orientation=" + orientation + ", pollSeconds=" + pollSeconds
                + ", offlineAfter=" + offlineAfter + ", cap=" + cap + "]";
    }
}
