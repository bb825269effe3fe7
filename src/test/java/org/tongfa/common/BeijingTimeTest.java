package org.tongfa.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BeijingTimeTest {

    @Test
    void isUtcPlusEightInWinterAndSummerAlike() {
        assertThat(BeijingTime.ZONE).isEqualTo(ZoneId.of(BeijingTime.ZONE_ID));
        assertThat(BeijingTime.ZONE.getRules().getOffset(Instant.parse("2026-01-15T00:00:00Z")))
                .isEqualTo(ZoneOffset.ofHours(8));
        assertThat(BeijingTime.ZONE.getRules().getOffset(Instant.parse("2026-07-15T00:00:00Z")))
                .isEqualTo(ZoneOffset.ofHours(8));
    }
}
