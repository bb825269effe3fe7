package org.tongfa.item;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tongfa.item.ItemRefusal.Field;

/**
 * An interpretation (政策解读) never goes out before the policy it interprets: the policy must be
 * published, or the interpretation waits for it.
 */
@Component
@Order(2)
class InterpretationCheck implements ReleaseCheck {

    private final ItemRepository items;

    InterpretationCheck(ItemRepository items) {
        this.items = items;
    }

    @Override
    public List<Field> check(ItemRow item, ItemVersion version, Set<String> targets) {
        List<Field> problems = new ArrayList<>();
        for (ItemRepository.Link link : items.links(item.id())) {
            if (link.relation() == RelationType.INTERPRETS && link.status() != ItemStatus.PUBLISHED) {
                problems.add(new Field("related", "interprets item " + link.itemId() + " ('" + link.title()
                        + "'), which is " + link.status() + ": publish the policy first, or both together"));
            }
        }
        return problems;
    }
}
