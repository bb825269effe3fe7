package org.tongfa.channel.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Daypart syntax and membership, including overnight windows and week wrap-around. 2026-03-02 is a Monday. */
class DaypartTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "MON-FRI 08:00-18:00 | 2026-03-02T08:00 | true",
            "MON-FRI 08:00-18:00 | 2026-03-02T07:59 | false",
            "MON-FRI 08:00-18:00 | 2026-03-02T17:59 | true",
            "MON-FRI 08:00-18:00 | 2026-03-02T18:00 | false",
            "MON-FRI 08:00-18:00 | 2026-03-07T10:00 | false",
            "SAT,SUN 09:00-12:00 | 2026-03-07T09:30 | true",
            "SAT,SUN 09:00-12:00 | 2026-03-08T11:59 | true",
            "SAT,SUN 09:00-12:00 | 2026-03-06T10:00 | false",
            "DAILY 22:00-06:00   | 2026-03-02T23:00 | true",
            "DAILY 22:00-06:00   | 2026-03-03T05:59 | true",
            "DAILY 22:00-06:00   | 2026-03-03T06:00 | false",
            "DAILY 22:00-06:00   | 2026-03-03T21:59 | false",
            "FRI 22:00-06:00     | 2026-03-07T05:00 | true",
            "FRI 22:00-06:00     | 2026-03-06T05:00 | false",
            "SUN 20:00-02:00     | 2026-03-02T01:00 | true",
            "FRI-MON 10:00-11:00 | 2026-03-08T10:30 | true",
            "FRI-MON 10:00-11:00 | 2026-03-04T10:30 | false",
            "DAILY 00:00-24:00   | 2026-03-04T23:59 | true",
            "mon 08:30-09:00     | 2026-03-02T08:45 | true",
    })
    void decidesWhetherATimeIsInsideTheWindow(String daypart, LocalDateTime t, boolean inside) {
        assertThat(Daypart.parse(daypart).contains(t)).isEqualTo(inside);
    }

    @ParameterizedTest(name = "{0} after {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "MON-FRI 08:00-18:00 | 2026-03-02T07:00 | 2026-03-02T08:00",
            "MON-FRI 08:00-18:00 | 2026-03-02T09:00 | 2026-03-02T18:00",
            "MON-FRI 08:00-18:00 | 2026-03-06T19:00 | 2026-03-09T08:00",
            "DAILY 22:00-06:00   | 2026-03-02T23:00 | 2026-03-03T06:00",
    })
    void findsTheNextBoundary(String daypart, LocalDateTime t, LocalDateTime next) {
        assertThat(Daypart.parse(daypart).nextBoundaryAfter(t, false)).isEqualTo(next);
    }

    @ParameterizedTest(name = "refuses ''{0}''")
    @CsvSource(delimiter = '|', value = {
            "MON-FRI 8:00-18:00  | cannot read",
            "WEEKDAYS 08:00-18:00| cannot read",
            "MON-FRX 08:00-18:00 | unknown day",
            "MON 08:00-25:00     | no such time",
            "MON 24:00-06:00     | 24:00 may only end",
            "MON 08:60-09:00     | no such time",
            "08:00-18:00         | cannot read",
    })
    void refusesBadSyntaxSayingWhy(String daypart, String message) {
        assertThatThrownBy(() -> Daypart.parse(daypart)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
