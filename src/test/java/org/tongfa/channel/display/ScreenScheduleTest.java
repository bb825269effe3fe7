package org.tongfa.channel.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tongfa.common.Sha256;
import org.tongfa.published.PublishedEntry;
import org.tongfa.support.MutableClock;

/**
 * The schedule rules, table-driven on an injected clock. Times in the tables are Beijing time
 * (Asia/Shanghai, UTC+8); 2026-03-02 is a Monday.
 */
class ScreenScheduleTest {

    static Instant beijing(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ScreenSchedule.DEFAULT_ZONE).toInstant();
    }

    static Screen screen(String... dayparts) {
        return capped(PlaylistCap.NONE, dayparts);
    }

    static Screen capped(PlaylistCap cap, String... dayparts) {
        return new Screen("lobby", "大厅", "一楼", "display", Set.of("notices", "news"),
                Arrays.stream(dayparts).map(Daypart::parse).toList(), 12, Orientation.LANDSCAPE,
                Sha256.digest("0123456789abcdef"), 30, Duration.ofSeconds(90), cap);
    }

    static Playlist playlist(String now, Screen screen, PublishedEntry... entries) {
        MutableClock clock = new MutableClock(beijing(now));
        return new ScreenSchedule(clock, ScreenSchedule.DEFAULT_ZONE).playlist(screen, List.of(entries));
    }

    static PublishedEntry live(String id, String column, String priority, String published, String expires) {
        return new PublishedEntry(DisplaySnapshots.item(id, column, priority, beijing(published),
                expires == null ? null : beijing(expires)), false, null);
    }

    static List<String> ids(Playlist playlist) {
        return playlist.items().stream().map(Playlist.Entry::id).toList();
    }

    /** Each row: now; the screen's dayparts (';'-separated); expected mode; expected ids in order. */
    @ParameterizedTest(name = "[{index}] at {0} with {1}: {2} {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // inside weekday hours: both normal items, newest first
            "2026-03-02T09:00 | MON-FRI 08:00-18:00                       | NORMAL  | b,a",
            // before opening, after closing, on the weekend: standby, empty
            "2026-03-02T07:59 | MON-FRI 08:00-18:00                       | STANDBY | -",
            "2026-03-02T18:00 | MON-FRI 08:00-18:00                       | STANDBY | -",
            "2026-03-07T10:00 | MON-FRI 08:00-18:00                       | STANDBY | -",
            // several dayparts: the weekend window counts
            "2026-03-07T10:00 | MON-FRI 08:00-18:00;SAT,SUN 09:00-12:00   | NORMAL  | b,a",
            // overnight window, both sides of midnight
            "2026-03-02T23:30 | DAILY 22:00-06:00                         | NORMAL  | b,a",
            "2026-03-03T05:30 | DAILY 22:00-06:00                         | NORMAL  | b,a",
            "2026-03-03T12:00 | DAILY 22:00-06:00                         | STANDBY | -",
            // no dayparts: always on
            "2026-03-03T03:00 | -                                         | NORMAL  | b,a",
    })
    void playsOnlyInsideTheDayparts(String now, String dayparts, Playlist.Mode mode, String expected) {
        Screen screen = dayparts == null ? screen() : screen(dayparts.split(";"));
        Playlist playlist = playlist(now, screen,
                live("a", "news", "NORMAL", "2026-03-01T10:00", null),
                live("b", "notices", "NORMAL", "2026-03-01T11:00", null));
        assertThat(playlist.mode()).isEqualTo(mode);
        assertThat(ids(playlist)).containsExactlyElementsOf(expected == null ? List.of() : List.of(expected.split(",")));
    }

    /** Each row: now; expected ids. Items: x published 09:00 expires 10:00, y published 09:30 expires 12:00. */
    @ParameterizedTest(name = "[{index}] at {0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "2026-03-02T08:59 | -",
            "2026-03-02T09:00 | x",
            "2026-03-02T09:45 | y,x",
            "2026-03-02T10:00 | y",
            "2026-03-02T12:00 | -",
    })
    void showsAnItemOnlyBetweenPublicationAndExpiry(String now, String expected) {
        Playlist playlist = playlist(now, screen("DAILY 00:00-24:00"),
                live("x", "news", "NORMAL", "2026-03-02T09:00", "2026-03-02T10:00"),
                live("y", "news", "NORMAL", "2026-03-02T09:30", "2026-03-02T12:00"));
        assertThat(ids(playlist)).containsExactlyElementsOf(expected == null ? List.of() : List.of(expected.split(",")));
    }

    @Test
    void ordersHigherPriorityFirstThenNewest() {
        Playlist playlist = playlist("2026-03-02T12:00", screen(),
                live("old-normal", "news", "NORMAL", "2026-03-01T08:00", null),
                live("new-normal", "news", "NORMAL", "2026-03-02T08:00", null),
                live("old-urgent", "news", "URGENT", "2026-02-27T08:00", null),
                live("new-urgent", "notices", "URGENT", "2026-03-01T09:00", null));
        assertThat(ids(playlist)).containsExactly("new-urgent", "old-urgent", "new-normal", "old-normal");
        assertThat(playlist.items()).allSatisfy(e -> assertThat(e.seconds()).isEqualTo(12));
    }

    @Test
    void leavesOutRetractedItemsAndOtherColumns() {
        PublishedEntry retracted = new PublishedEntry(
                DisplaySnapshots.item("gone", "news", "NORMAL", beijing("2026-03-02T08:00"), null), true,
                beijing("2026-03-02T09:00"));
        Playlist playlist = playlist("2026-03-02T12:00", screen(), retracted,
                live("policy", "policies", "URGENT", "2026-03-02T08:00", null),
                live("kept", "news", "NORMAL", "2026-03-02T07:00", null));
        assertThat(ids(playlist)).containsExactly("kept");
    }

    /** Each row: now; mode; ids. Emergency e is live 10:00-11:00; retracted emergency r never counts. */
    @ParameterizedTest(name = "[{index}] at {0}: {1} {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "2026-03-02T09:59 | NORMAL    | u,n",
            "2026-03-02T10:00 | EMERGENCY | e",
            "2026-03-02T10:59 | EMERGENCY | e",
            "2026-03-02T11:00 | NORMAL    | u,n",
            // outside the dayparts an emergency still takes the screen
            "2026-03-02T07:00 | STANDBY   | -",
    })
    void emergencyTakesOverExclusivelyUntilItExpires(String now, Playlist.Mode mode, String expected) {
        PublishedEntry retracted = new PublishedEntry(
                DisplaySnapshots.item("r", "news", "EMERGENCY", beijing("2026-03-02T06:00"), null), true,
                beijing("2026-03-02T06:30"));
        Playlist playlist = playlist(now, screen("MON-FRI 08:00-18:00"), retracted,
                live("n", "news", "NORMAL", "2026-03-02T06:00", null),
                live("u", "news", "URGENT", "2026-03-02T06:00", null),
                live("e", "notices", "EMERGENCY", "2026-03-02T10:00", "2026-03-02T11:00"));
        assertThat(playlist.mode()).isEqualTo(mode);
        assertThat(ids(playlist)).containsExactlyElementsOf(expected == null ? List.of() : List.of(expected.split(",")));
    }

    @Test
    void emergencyPlaysOutsideTheDayparts() {
        Playlist playlist = playlist("2026-03-02T22:00", screen("MON-FRI 08:00-18:00"),
                live("n", "news", "NORMAL", "2026-03-02T06:00", null),
                live("e2", "news", "EMERGENCY", "2026-03-02T21:00", null),
                live("e1", "news", "EMERGENCY", "2026-03-02T20:00", null));
        assertThat(playlist.mode()).isEqualTo(Playlist.Mode.EMERGENCY);
        assertThat(ids(playlist)).containsExactly("e2", "e1");
    }

    @Test
    void standbyTellsWhenTheScreenNextPlays() {
        Playlist playlist = playlist("2026-03-06T19:00", screen("MON-FRI 08:00-18:00", "SAT 09:00-12:00"));
        assertThat(playlist.mode()).isEqualTo(Playlist.Mode.STANDBY);
        assertThat(playlist.items()).isEmpty();
        assertThat(playlist.nextDaypartStart()).isEqualTo(beijing("2026-03-07T09:00"));
    }

    @Test
    void nextChangeIsTheEarliestExpiryReleaseOrDaypartBoundary() {
        List<PublishedEntry> entries = new ArrayList<>(List.of(
                live("a", "news", "NORMAL", "2026-03-02T08:00", "2026-03-02T15:00"),
                live("later", "news", "NORMAL", "2026-03-02T14:00", null)));
        assertThat(playlist("2026-03-02T12:00", screen("MON-FRI 08:00-18:00"),
                entries.toArray(PublishedEntry[]::new)).nextChange()).isEqualTo(beijing("2026-03-02T14:00"));
        assertThat(playlist("2026-03-02T16:00", screen("MON-FRI 08:00-18:00"),
                entries.toArray(PublishedEntry[]::new)).nextChange()).isEqualTo(beijing("2026-03-02T18:00"));
    }

    @Test
    void carriesTheDisplayTextAndTheCoverUrl() {
        PublishedEntry withCover = new PublishedEntry(DisplaySnapshots.withCover(
                DisplaySnapshots.item("c", "news", "NORMAL", beijing("2026-03-02T08:00"), null),
                "https://gov.example/assets/a1"), false, null);
        Playlist.Entry entry = playlist("2026-03-02T12:00", screen(), withCover).items().get(0);
        assertThat(entry.title()).isEqualTo("标题c");
        assertThat(entry.summary()).isEqualTo("摘要c");
        assertThat(entry.imageUrl()).isEqualTo("https://gov.example/assets/a1");
        assertThat(entry.publishedAt()).isEqualTo(beijing("2026-03-02T08:00"));
    }

    /** Each row: max-items (0 none); max-age (- none); expected ids. Now 2026-03-10 12:00. */
    @ParameterizedTest(name = "[{index}] newest {0}, within {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "0 | -    | u-old,n3,n2,n1",
            "2 | -    | n3,n2",
            "3 | -    | n3,n2,n1",
            "0 | P7D  | n3,n2",
            "1 | P7D  | n3",
            "9 | P30D | u-old,n3,n2,n1",
    })
    void capsTheRotationToTheNewestItemsAndTheLastDays(int maxItems, Duration maxAge, String expected) {
        Playlist playlist = playlist("2026-03-10T12:00", capped(new PlaylistCap(maxItems, maxAge)),
                live("u-old", "news", "URGENT", "2026-02-20T08:00", null),
                live("n1", "news", "NORMAL", "2026-03-01T08:00", null),
                live("n2", "news", "NORMAL", "2026-03-05T08:00", null),
                live("n3", "notices", "NORMAL", "2026-03-09T08:00", null));
        assertThat(playlist.mode()).isEqualTo(Playlist.Mode.NORMAL);
        assertThat(ids(playlist)).containsExactly(expected.split(","));
    }

    @Test
    void emergenciesPlayWhateverTheCap() {
        Playlist playlist = playlist("2026-03-10T12:00", capped(new PlaylistCap(1, Duration.ofDays(1))),
                live("n", "news", "NORMAL", "2026-03-10T11:00", null),
                live("e-old", "news", "EMERGENCY", "2026-03-01T08:00", null),
                live("e-new", "news", "EMERGENCY", "2026-03-09T08:00", null));
        assertThat(playlist.mode()).isEqualTo(Playlist.Mode.EMERGENCY);
        assertThat(ids(playlist)).containsExactly("e-new", "e-old");
    }

    @Test
    void anItemLeavesTheRotationWhenItAgesPastTheCap() {
        Screen screen = capped(new PlaylistCap(0, Duration.ofDays(7)));
        PublishedEntry item = live("a", "news", "NORMAL", "2026-03-02T08:00", null);
        assertThat(playlist("2026-03-09T07:59", screen, item).nextChange()).isEqualTo(beijing("2026-03-09T08:00"));
        assertThat(ids(playlist("2026-03-09T08:00", screen, item))).isEmpty();
    }
}
