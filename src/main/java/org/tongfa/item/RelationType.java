package org.tongfa.item;

/** How two items are linked; every link is shown on both items. */
public enum RelationType {
    /** This item (政策解读) interprets the linked policy. */
    INTERPRETS,
    /** The linked item interprets this policy. */
    INTERPRETED_BY,
    /** Related reading. */
    RELATED;

    /** The same link seen from the other item. */
    RelationType inverse() {
        return switch (this) {
            case INTERPRETS -> INTERPRETED_BY;
            case INTERPRETED_BY -> INTERPRETS;
            case RELATED -> RELATED;
        };
    }
}
