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
}
