package org.tongfa.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.tongfa.channel.wechat.WeChatTestSupport.APP_ID;
import static org.tongfa.channel.wechat.WeChatTestSupport.PREFIX;
import static org.tongfa.channel.wechat.WeChatTestSupport.SECRET;
import static org.tongfa.channel.wechat.WeChatTestSupport.TOKEN;
import static org.tongfa.channel.wechat.WeChatTestSupport.config;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tongfa.channel.wechat.WeChatChannelProperties.AccountKind;
import org.tongfa.channel.wechat.WeChatChannelProperties.UpdatePolicy;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.delivery.Channel;
import org.tongfa.support.TestDatabases;

class WeChatChannelFactoryTest {

    private final WeChatChannelFactory factory = new WeChatChannelFactory(
            JdbcClient.create(TestDatabases.migrated(TestDatabases.h2Url())), Clock.systemUTC());

    private static Map<String, String> valid() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("app-id", APP_ID);
        settings.put("secret", SECRET);
        settings.put("callback-token", TOKEN);
        return settings;
    }

    @Test
    void buildsAChannelWithDefaults() {
        Channel channel = factory.create(config(valid()));

        assertThat(channel).isInstanceOf(WeChatChannel.class);
        assertThat(channel.contentLimits()).contains(WeChatChannel.LIMITS);
        WeChatChannelProperties bound = config(valid()).bind(WeChatChannelProperties.class);
        assertThat(bound.apiHost()).isEqualTo("https://api.weixin.qq.com");
        assertThat(bound.accountKind()).isEqualTo(AccountKind.SUBSCRIPTION);
        assertThat(bound.updatePolicy()).isEqualTo(UpdatePolicy.IGNORE);
        assertThat(bound.massSend()).isFalse();
        assertThat(bound.timeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void bindsKebabCaseValues() {
        Map<String, String> settings = valid();
        settings.put("account-kind", "service");
        settings.put("update-policy", "republish");
        settings.put("default-cover", "asset-1");

        WeChatChannelProperties bound = config(settings).bind(WeChatChannelProperties.class);

        assertThat(bound.accountKind()).isEqualTo(AccountKind.SERVICE);
        assertThat(bound.updatePolicy()).isEqualTo(UpdatePolicy.REPUBLISH);
        assertThat(bound.defaultCover()).isEqualTo("asset-1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "app-id||app-id",
            "app-id|gh_123|app-id",
            "secret||secret",
            "api-host|ftp://api.example|api-host",
            "api-host|https://api.example/cgi-bin|api-host",
            "account-kind|enterprise|account-kind",
            "update-policy|sometimes|update-policy",
            "callback-token|has spaces!|callback-token",
            "mass-send|sometimes|mass-send",
            "timeout|0s|timeout",
            "encoding-aes-key|tooShort|encoding-aes-key",
            "encoding-aes-key|abcdefghijklmnopqrstuvwxyz0123456789ABCDEF!|encoding-aes-key",
    })
    void refusesABadSettingNamingItsKey(String key, String value, String named) {
        Map<String, String> settings = valid();
        if (value == null) {
            settings.remove(key);
        } else {
            settings.put(key, value);
        }

        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> factory.create(config(settings)));

        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo(PREFIX + "." + named);
    }

    @Test
    void neverPrintsTheSecretTheCallbackTokenOrTheEncodingAesKey() {
        Map<String, String> settings = valid();
        settings.put("encoding-aes-key", WeChatTestSupport.AES_KEY);
        WeChatChannelProperties bound = config(settings).bind(WeChatChannelProperties.class);

        assertThat(bound.toString()).doesNotContain(SECRET).doesNotContain(TOKEN)
                .doesNotContain(WeChatTestSupport.AES_KEY).contains("encodingAesKey=<redacted>");
        assertThat(factory.create(config(settings)).toString()).doesNotContain(SECRET)
                .doesNotContain(WeChatTestSupport.AES_KEY);
    }

    @Test
    void safeModeNeedsTheCallbackTokenAndNeverEchoesABadKey() {
        Map<String, String> withoutToken = valid();
        withoutToken.remove("callback-token");
        withoutToken.put("encoding-aes-key", WeChatTestSupport.AES_KEY);
        Map<String, String> badKey = valid();
        badKey.put("encoding-aes-key", "secret-looking-but-malformed-value");

        InvalidConfigurationException noToken = catchThrowableOfType(InvalidConfigurationException.class,
                () -> factory.create(config(withoutToken)));
        InvalidConfigurationException malformed = catchThrowableOfType(InvalidConfigurationException.class,
                () -> factory.create(config(badKey)));

        assertThat(noToken.key()).isEqualTo(PREFIX + ".callback-token");
        assertThat(malformed.key()).isEqualTo(PREFIX + ".encoding-aes-key");
        assertThat(malformed.getMessage()).doesNotContain("secret-looking-but-malformed-value");
    }
}
