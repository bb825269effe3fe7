package org.tongfa.item;

/**
 * The government-information disclosure attribute of an item. Only {@link #PROACTIVE} items may go to
 * public channels.
 */
public enum DisclosureType {
    /** 主动公开: proactive disclosure. */
    PROACTIVE("主动公开"),
    /** 依申请公开: disclosed on request only. */
    ON_REQUEST("依申请公开"),
    /** 不公开: not to be disclosed. */
    NOT_PUBLIC("不公开");

    private final String label;

    DisclosureType(String label) {
        this.label = label;
    }

    /** The attribute's name as the 政府信息公开条例 words it: 主动公开, 依申请公开, 不公开. */
    public String label() {
        return label;
    }
}
