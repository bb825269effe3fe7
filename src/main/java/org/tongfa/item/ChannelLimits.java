package org.tongfa.item;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tongfa.delivery.Channel;
import org.tongfa.delivery.ChannelRegistry;
import org.tongfa.item.ItemRefusal.Field;
import org.tongfa.item.ItemRequest.ChannelOverride;

/**
 * Field lengths the item's target channels accept (WeChat: title 32, author 16, summary 128), checked
 * at edit time so an editor learns now rather than at delivery, and shown again in the pre-publish
 * checks' report. A channel's title or summary override is what that channel shows, so an override
 * that fits lifts the item's own limit.
 */
final class ChannelLimits {

    private ChannelLimits() {
    }

    static List<Field> problems(ChannelRegistry channels, Set<String> targets, String itemTitle, String author,
            String itemSummary, Map<String, ChannelOverride> overrides, String bodyHtml) {
        List<Field> problems = new ArrayList<>();
        for (String target : targets) {
            var limits = channels.channel(target).flatMap(Channel::contentLimits);
            if (limits.isEmpty()) {
                continue;
            }
            ChannelOverride override = overrides.get(target);
            boolean ownTitle = override != null && override.title() != null && !override.title().isBlank();
            boolean ownSummary = override != null && override.summary() != null && !override.summary().isBlank();
            String title = ownTitle ? override.title().strip() : itemTitle;
            String summary = ownSummary ? override.summary().strip() : itemSummary;
            limits.get().violation(title, author, summary, bodyHtml).ifPresent(v -> {
                String field = switch (v.field()) {
                    case "title" -> ownTitle ? "overrides." + target + ".title" : "title";
                    case "summary" -> ownSummary ? "overrides." + target + ".summary" : "summary";
                    default -> v.field();
                };
                String remedy = v.field().equals("title") || v.field().equals("summary")
                        ? "; shorten it or set overrides." + target + "." + v.field()
                        : "; shorten it";
                problems.add(new Field(field, "is too long for channel " + target + ": " + v.message() + remedy));
            });
        }
        return problems;
    }
}
