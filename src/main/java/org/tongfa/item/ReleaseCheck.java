package org.tongfa.item;

import java.util.List;
import java.util.Set;
import org.tongfa.item.ItemRefusal.Field;

/**
 * A rule an item version must pass before it goes to its channels, checked when an editor asks to
 * publish and again when a scheduled release fires. The disclosure rule and the policy-interpretation
 * rule are the first; review sign-off and the confidentiality check (保密审查) join as further checks.
 */
interface ReleaseCheck {

    /**
     * @param item the item's lifecycle row
     * @param version the version about to be released
     * @param channels the channels it would go to
     * @return what refuses the release; empty when it may go
     */
    List<Field> check(ItemRow item, ItemVersion version, Set<String> channels);
}
