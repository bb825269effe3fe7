package org.tongfa.compliance;

import java.util.Arrays;
import java.util.Optional;

/**
 * The inspection category of a column (栏目), declared as {@code tongfa.columns.<key>.inspection}: it decides
 * which window the column must be updated within.
 */
public enum Inspection {
    /** 动态、要闻: a new item within two weeks by default. */
    DYNAMIC("dynamic", "动态、要闻"),
    /** 通知公告、政策文件: within six months. */
    NOTICE_POLICY("notice-policy", "通知公告、政策文件"),
    /** 规划计划、人事: within a year. */
    PLANNING_PERSONNEL("planning-personnel", "规划计划、人事"),
    /** Not watched (a static page such as 机构职能); still counted when blank. */
    EXEMPT("exempt", "不监测");

    private final String key;
    private final String label;

    Inspection(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The configuration value. */
    public String key() {
        return key;
    }

    /** The category as editors read it. */
    public String label() {
        return label;
    }

    /** The category configured as {@code key}, if it is one. */
    static Optional<Inspection> of(String key) {
        return Arrays.stream(values()).filter(i -> i.key.equals(key)).findFirst();
    }
}
