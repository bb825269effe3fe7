package org.tongfa.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongfa.channel.wechat.WeChatTestSupport.APP_ID;
import static org.tongfa.channel.wechat.WeChatTestSupport.CHANNEL;
import static org.tongfa.channel.wechat.WeChatTestSupport.SECRET;
import static org.tongfa.channel.wechat.WeChatTestSupport.config;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tongfa.support.TestDatabases;

/** What is left of the quotas Tongfa counts for a WeChat channel, as the console's home page shows it. */
class WeChatQuotasTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 15);

    private final JdbcClient jdbc = JdbcClient.create(TestDatabases.migrated(TestDatabases.h2Url()));
    private final WeChatChannelFactory factory = new WeChatChannelFactory(jdbc, Clock.systemUTC());
    private final WeChatStore store = new WeChatStore(jdbc);
    private final WeChatQuotas quotas = new WeChatQuotas(null, jdbc, Clock.systemUTC());

    private WeChatChannel channel(String... keysAndValues) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("app-id", APP_ID);
        settings.put("secret", SECRET);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return (WeChatChannel) factory.create(config(settings));
    }

    @Test
    void aFreshDayLeavesEveryStatusCheckAndNoMassSendWhenPushingIsOff() {
        WeChatQuotas.Quota quota = quotas.quota(channel(), TODAY);

        assertThat(quota.channel()).isEqualTo(CHANNEL);
        assertThat(quota.checksLeft()).isEqualTo(WeChatPublication.POLL_QUOTA_PER_DAY);
        assertThat(quota.massSend()).isFalse();
    }

    @Test
    void countsTodaysStatusChecksAndASubscriptionAccountsOnePushADay() {
        store.takeCall(APP_ID, WeChatPublication.POLL_API, TODAY, WeChatPublication.POLL_QUOTA_PER_DAY);
        store.takeCall(APP_ID, WeChatPublication.POLL_API, TODAY, WeChatPublication.POLL_QUOTA_PER_DAY);
        store.takeCall(APP_ID, WeChatPublication.POLL_API, TODAY.minusDays(1), WeChatPublication.POLL_QUOTA_PER_DAY);
        store.takeCall(APP_ID, WeChatMassSend.MASS_API, TODAY, WeChatMassSend.SUBSCRIPTION_MASS_PER_DAY);

        WeChatQuotas.Quota quota = quotas.quota(channel("mass-send", "true"), TODAY);

        assertThat(quota.checksLeft()).isEqualTo(WeChatPublication.POLL_QUOTA_PER_DAY - 2);
        assertThat(quota.massSend()).isTrue();
        assertThat(quota.massMonthly()).isFalse();
        assertThat(quota.massSendsLeft()).isZero();
        assertThat(quota.massSendsAllowed()).isEqualTo(1);
    }

    @Test
    void aServiceAccountsPushesAreCountedOverTheMonth() {
        store.takeCall(APP_ID, WeChatMassSend.MASS_API, TODAY.withDayOfMonth(1), WeChatMassSend.SERVICE_MASS_PER_MONTH);

        WeChatQuotas.Quota quota = quotas.quota(channel("mass-send", "true", "account-kind", "service"), TODAY);

        assertThat(quota.massMonthly()).isTrue();
        assertThat(quota.massSendsLeft()).isEqualTo(WeChatMassSend.SERVICE_MASS_PER_MONTH - 1);
    }
}
