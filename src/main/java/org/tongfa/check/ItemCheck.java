package org.tongfa.check;

import java.util.List;

/**
 * A structural pre-publish check: one that reads more than text (links, required parts, dates, the
 * channels' limits). Each is a Spring bean, run with every {@link TextCheck} by {@link PrePublishChecks}.
 * A check must be safe to call from several threads at once and must not change anything it reads.
 */
public interface ItemCheck {

    /** The check's name, as in {@link Finding#check()}. */
    String name();

    /** What it found in {@code subject}; empty when it passes. */
    List<Finding> check(CheckSubject subject);

    /**
     * What it finds in {@code subject} where only a {@link Verdict#BLOCK} changes the outcome (a submission, a
     * release now or on schedule): this runs inside that transaction (the item locked, a database connection
     * held), so it must not wait on anything outside Tongfa. A check whose outside work can only warn leaves
     * that work out here; its warnings are shown on save and acknowledged at the review steps. By default,
     * the same as {@link #check}.
     */
    default List<Finding> checkForBlocks(CheckSubject subject) {
        return check(subject);
    }
}
