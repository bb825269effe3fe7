package org.tongfa.channel.wechat;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tongfa.common.BeijingTime;
import org.tongfa.delivery.ChannelRegistry;

/**
 * What is left today of the WeChat quotas Tongfa counts itself (in {@code wechat_api_calls}, shared by
 * every node), per running WeChat channel, for the console's channel health: the publication status
 * checks ({@code freepublish/get}, {@value WeChatPublication#POLL_QUOTA_PER_DAY} a day) and, when the
 * channel pushes to followers, the mass sends (订阅号 1 a day, 服务号 4 a month, Beijing calendar). WeChat's
 * own per-call limits are not known here: they show only when WeChat refuses a call.
 */
@Component
public class WeChatQuotas {

    /**
     * One channel's quotas.
     *
     * @param checksLeft status checks left today, of {@code checksPerDay}
     * @param massSend whether the channel pushes to followers; the mass-send figures mean nothing otherwise
     * @param massSendsLeft pushes left in the window, of {@code massSendsAllowed}
     * @param massMonthly the window is the month (服务号), else the day (订阅号)
     */
    public record Quota(String channel, int checksLeft, int checksPerDay, boolean massSend, int massSendsLeft,
            int massSendsAllowed, boolean massMonthly) {
    }

    private final ChannelRegistry registry;
    private final WeChatStore store;
    private final Clock clock;

    WeChatQuotas(ChannelRegistry registry, JdbcClient jdbc, Clock clock) {
        this.registry = registry;
        this.store = new WeChatStore(jdbc);
        this.clock = clock;
    }

    /** The quotas of each running WeChat channel, by channel id; empty when there is none. */
    public Map<String, Quota> today() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), BeijingTime.ZONE);
        Map<String, Quota> quotas = new LinkedHashMap<>();
        for (WeChatChannel channel : registry.enabled(WeChatChannel.class)) {
            quotas.put(channel.id(), quota(channel, today));
        }
        return quotas;
    }

    /** One channel's quotas on {@code today} (Beijing calendar). */
    Quota quota(WeChatChannel channel, LocalDate today) {
        String appId = channel.appId();
        int checks = store.calls(appId, WeChatPublication.POLL_API, today);
        boolean monthly = channel.settings().accountKind() == WeChatChannelProperties.AccountKind.SERVICE;
        int allowed = monthly ? WeChatMassSend.SERVICE_MASS_PER_MONTH : WeChatMassSend.SUBSCRIPTION_MASS_PER_DAY;
        int sent = store.calls(appId, WeChatMassSend.MASS_API, monthly ? today.withDayOfMonth(1) : today);
        return new Quota(channel.id(), Math.max(0, WeChatPublication.POLL_QUOTA_PER_DAY - checks),
                WeChatPublication.POLL_QUOTA_PER_DAY, channel.settings().massSend(), Math.max(0, allowed - sent),
                allowed, monthly);
    }
}
