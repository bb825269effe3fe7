package org.tongfa.item;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tongfa.check.CheckSubject;
import org.tongfa.check.Finding;
import org.tongfa.check.ItemCheck;
import org.tongfa.check.Verdict;
import org.tongfa.delivery.ChannelRegistry;
import org.tongfa.item.ItemRequest.ChannelOverride;

/**
 * The channels' field limits (WeChat, screens) that an edit already enforces ({@link ChannelLimits}),
 * in the pre-publish report too: a version saved before a channel was added to its column, or before a
 * limit changed, is caught here.
 */
@Component
@Order(40)
class ChannelLimitsCheck implements ItemCheck {

    private final ChannelRegistry channels;

    ChannelLimitsCheck(ChannelRegistry channels) {
        this.channels = channels;
    }

    @Override
    public String name() {
        return "channel-limits";
    }

    @Override
    public List<Finding> check(CheckSubject s) {
        Map<String, ChannelOverride> overrides = new LinkedHashMap<>();
        s.overrides().forEach((k, o) -> overrides.put(k, new ChannelOverride(o.title(), o.summary())));
        return ChannelLimits.problems(channels, new TreeSet<>(s.channels()), s.title(), s.author(), s.summary(),
                overrides, s.bodyHtml()).stream()
                .map(f -> Finding.about(name(), Verdict.BLOCK, f.field(), "超出渠道字数限制：" + f.message()))
                .toList();
    }
}
