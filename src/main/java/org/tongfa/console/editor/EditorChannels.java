package org.tongfa.console.editor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.tongfa.config.TongfaProperties;
import org.tongfa.delivery.Channel;
import org.tongfa.delivery.ChannelFactory;
import org.tongfa.delivery.ChannelRegistry;
import org.tongfa.delivery.ContentLimits;

/**
 * The channels an editor can choose and override, each with the field limits its partner enforces
 * (WeChat: title 32, summary 128), so the editor's counters use the same figures as the service's check.
 * A channel not running on this node still shows its type's limits.
 */
@Component
class EditorChannels {

    private static final Map<String, String> TYPE_NAMES = Map.of("wechat", "微信公众号", "display", "大厅屏幕",
            "website", "网站", "feed", "订阅源", "folder", "归档目录", "webhook", "第三方推送");

    /**
     * One channel in the editor.
     *
     * @param titleLimit the most characters its title may have, or 0 when it sets none
     * @param summaryLimit the most characters its summary may have, or 0 when it sets none
     * @param screen a lobby screen: its override title is the short title the screens show
     */
    record Option(String id, String label, boolean enabled, int titleLimit, int summaryLimit, boolean screen) {
    }

    private final List<Option> options;

    EditorChannels(TongfaProperties properties, ChannelRegistry registry, List<ChannelFactory> factories) {
        Map<String, ChannelFactory> byType = new LinkedHashMap<>();
        factories.forEach(f -> byType.put(f.type(), f));
        List<Option> all = new ArrayList<>();
        properties.channels().forEach((id, settings) -> {
            Optional<ContentLimits> limits = registry.channel(id).flatMap(Channel::contentLimits);
            if (limits.isEmpty() && byType.containsKey(settings.type())) {
                limits = byType.get(settings.type()).contentLimits();
            }
            String type = TYPE_NAMES.getOrDefault(settings.type(), settings.type());
            boolean enabled = registry.enabledIds().contains(id);
            all.add(new Option(id, type + "（" + id + "）" + (enabled ? "" : "，未启用"), enabled,
                    limits.map(ContentLimits::title).orElse(0), limits.map(ContentLimits::summary).orElse(0),
                    "display".equals(settings.type())));
        });
        this.options = List.copyOf(all);
    }

    List<Option> options() {
        return options;
    }

    List<String> ids() {
        return options.stream().map(Option::id).toList();
    }
}
