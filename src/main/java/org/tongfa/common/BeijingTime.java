package org.tongfa.common;

import java.time.ZoneId;

/**
 * China Standard Time (北京时间, {@code Asia/Shanghai}, UTC+8 all year): the one time zone of mainland
 * China, in which the site dates what it shows, WeChat counts its daily quota, and lobby screens keep
 * their schedule unless configured otherwise.
 */
public final class BeijingTime {

    /** The zone's id, for annotations and configuration defaults that need a constant string. */
    public static final String ZONE_ID = "Asia/Shanghai";

    public static final ZoneId ZONE = ZoneId.of(ZONE_ID);

    private BeijingTime() {
    }
}
