package org.tongfa.item;

import java.util.Optional;
import org.springframework.stereotype.Component;
import org.tongfa.check.ItemDirectory;

/** Answers the pre-publish checks' question about a linked item: is its page live? */
@Component
class ItemStates implements ItemDirectory {

    private final ItemRepository items;

    ItemStates(ItemRepository items) {
        this.items = items;
    }

    @Override
    public Optional<State> state(String itemId) {
        return items.find(itemId).map(row -> switch (row.status()) {
            case PUBLISHED -> State.LIVE;
            // Retracted or expired: readers find the withdrawal page (withdrawn/<id>.html).
            case RETRACTED -> State.WITHDRAWN;
            default -> State.NOT_PUBLISHED;
        });
    }
}
