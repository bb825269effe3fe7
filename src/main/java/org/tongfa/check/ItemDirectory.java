package org.tongfa.check;

import java.util.Optional;

/**
 * Where Tongfa's own items stand, for a check that meets a link to one: the item feature answers.
 */
public interface ItemDirectory {

    /** What readers find at an item's page. */
    enum State {
        /** Published: the page is there. */
        LIVE,
        /** Retracted (撤稿) or expired: the page is gone. */
        WITHDRAWN,
        /** Never published yet: a draft, in review, approved or scheduled. */
        NOT_PUBLISHED
    }

    /** The item's state, or empty when there is no such item. */
    Optional<State> state(String itemId);
}
