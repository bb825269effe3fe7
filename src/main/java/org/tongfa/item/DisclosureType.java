package org.tongfa.item;

/**
 * The government-information disclosure attribute of an item. Only {@link #PROACTIVE} items may go to
 * public channels.
 */
public enum DisclosureType {
    /** 主动公开: proactive disclosure. */
    PROACTIVE,
    /** 依申请公开: disclosed on request only. */
    ON_REQUEST,
    /** 不公开: not to be disclosed. */
    NOT_PUBLIC
}
