package org.tongfa.item;

import java.util.List;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tongfa.delivery.ChannelRegistry;
import org.tongfa.item.ItemRefusal.Field;

/** Only 主动公开 (PROACTIVE) items may go to public channels. */
@Component
@Order(1)
class DisclosureCheck implements ReleaseCheck {

    private final ChannelRegistry channels;

    DisclosureCheck(ChannelRegistry channels) {
        this.channels = channels;
    }

    @Override
    public List<Field> check(ItemRow item, ItemVersion version, Set<String> targets) {
        if (version.disclosureType() == DisclosureType.PROACTIVE) {
            return List.of();
        }
        List<String> publicOnes = targets.stream().filter(channels::isPublic).toList();
        if (publicOnes.isEmpty()) {
            return List.of();
        }
        return List.of(new Field("disclosure.type", "is " + version.disclosureType()
                + ": only PROACTIVE (主动公开) items may be published to public channels " + publicOnes));
    }
}
