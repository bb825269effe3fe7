package org.tongfa.channel.display;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A weekly window in which a screen plays its rotation, written {@code MON-FRI 08:00-18:00},
 * {@code SAT,SUN 09:00-12:00} or {@code DAILY 22:00-06:00}. The days name the day a window
 * <em>starts</em>: an overnight window ({@code 22:00-06:00}) runs into the next morning, so
 * {@code FRI 22:00-06:00} ends on Saturday at 06:00. {@code 24:00} may end a window; a window whose
 * start equals its end lasts 24 hours. Times are wall-clock times in the screens' time zone.
 *
 * @param days the days a window starts on
 * @param startMinute minutes after midnight, 0..1439
 * @param endMinute minutes after midnight, 0..1440
 * @param text the configured form, for messages
 */
record Daypart(Set<DayOfWeek> days, int startMinute, int endMinute, String text) {

    private static final Pattern SYNTAX = Pattern.compile(
            "([A-Z]{3,5}(?:\\s*[-,]\\s*[A-Z]{3})*)\\s+(\\d{2}):(\\d{2})\\s*-\\s*(\\d{2}):(\\d{2})");
    private static final String HELP = "expected DAYS HH:MM-HH:MM such as 'MON-FRI 08:00-18:00', "
            + "'SAT,SUN 09:00-12:00' or 'DAILY 22:00-06:00'";

    Daypart {
        days = Set.copyOf(days);
    }

    /**
     * Reads the configured form.
     *
     * @throws IllegalArgumentException saying what is wrong and what is expected
     */
    static Daypart parse(String text) {
        String normalized = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        Matcher m = SYNTAX.matcher(normalized);
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot read '" + text + "': " + HELP);
        }
        Set<DayOfWeek> days = days(m.group(1), text);
        int start = minute(m.group(2), m.group(3), false, text);
        int end = minute(m.group(4), m.group(5), true, text);
        return new Daypart(days, start, end, text.strip());
    }

    private static Set<DayOfWeek> days(String spec, String text) {
        String compact = spec.replaceAll("\\s", "");
        if (compact.equals("DAILY")) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : compact.split(",")) {
            String[] range = part.split("-");
            if (range.length > 2) {
                throw new IllegalArgumentException("cannot read '" + text + "': " + HELP);
            }
            DayOfWeek from = day(range[0], text);
            DayOfWeek to = range.length == 2 ? day(range[1], text) : from;
            // A range may wrap over the weekend: FRI-MON.
            for (DayOfWeek d = from; ; d = d.plus(1)) {
                days.add(d);
                if (d == to) {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek day(String name, String text) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(name) && name.length() == 3) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown day '" + name + "' in '" + text
                + "': use MON, TUE, WED, THU, FRI, SAT, SUN or DAILY");
    }

    private static int minute(String hh, String mm, boolean end, String text) {
        int h = Integer.parseInt(hh);
        int m = Integer.parseInt(mm);
        if (m > 59 || h > 24 || (h == 24 && (m != 0 || !end))) {
            throw new IllegalArgumentException("no such time " + hh + ":" + mm + " in '" + text + "'"
                    + (h == 24 && !end ? ": 24:00 may only end a window" : ""));
        }
        return h * 60 + m;
    }

    /** Whether the window lasts past midnight (or a full 24 hours). */
    boolean overnight() {
        return endMinute <= startMinute;
    }

    private int length() {
        return overnight() ? 1440 - startMinute + endMinute : endMinute - startMinute;
    }

    /** Whether the wall-clock time {@code t} falls inside a window (start inclusive, end exclusive). */
    boolean contains(LocalDateTime t) {
        // Check the window that started today and the one that started yesterday (overnight).
        for (int back = 0; back <= 1; back++) {
            LocalDate day = t.toLocalDate().minusDays(back);
            if (days.contains(day.getDayOfWeek())) {
                LocalDateTime start = day.atStartOfDay().plusMinutes(startMinute);
                LocalDateTime end = start.plusMinutes(length());
                if (!t.isBefore(start) && t.isBefore(end)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The first start or end of a window strictly after {@code t}, searching the coming week. */
    LocalDateTime nextBoundaryAfter(LocalDateTime t, boolean startsOnly) {
        LocalDateTime best = null;
        for (int offset = -1; offset <= 8; offset++) {
            LocalDate day = t.toLocalDate().plusDays(offset);
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            LocalDateTime start = day.atStartOfDay().plusMinutes(startMinute);
            LocalDateTime end = start.plusMinutes(length());
            for (LocalDateTime candidate : startsOnly ? new LocalDateTime[] {start} : new LocalDateTime[] {start, end}) {
                if (candidate.isAfter(t) && (best == null || candidate.isBefore(best))) {
                    best = candidate;
                }
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return text;
    }
}
