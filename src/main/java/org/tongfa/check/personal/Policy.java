package org.tongfa.check.personal;

/** What a column does with one kind of personal data: stop the item, warn, or let it pass. */
public enum Policy {
    BLOCK,
    WARN,
    ALLOW
}
