package org.tongfa.console;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;
import org.tongfa.common.BeijingTime;

/**
 * Times as editors read them, in Asia/Shanghai: {@code 2026-12-01 09:30}. In templates:
 * {@code ${@times.minute(instant)}}; a missing time is an empty string.
 */
@Component("times")
public class ConsoleTimes {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(BeijingTime.ZONE);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(BeijingTime.ZONE);
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(BeijingTime.ZONE);

    /** {@code 2026-12-01 09:30}. */
    public String minute(Instant instant) {
        return instant == null ? "" : MINUTE.format(instant);
    }

    /** {@code 2026-12-01}. */
    public String day(Instant instant) {
        return instant == null ? "" : DAY.format(instant);
    }

    /** The value of an {@code <input type="datetime-local">}: {@code 2026-12-01T09:30}, Beijing time. */
    public String input(Instant instant) {
        return instant == null ? "" : INPUT.format(instant);
    }

    /** The machine-readable value of a {@code <time datetime>}: ISO-8601 with the offset. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.atZone(BeijingTime.ZONE).toOffsetDateTime().toString();
    }
}
