package org.tongfa.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tongfa.channel.webhook.WebhookTestSupport.PREFIX;
import static org.tongfa.channel.webhook.WebhookTestSupport.SECRET;
import static org.tongfa.channel.webhook.WebhookTestSupport.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.delivery.Channel;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.delivery.ItemSnapshot;

class WebhookChannelFactoryTest {

    private final WebhookChannelFactory factory = new WebhookChannelFactory();

    private static Map<String, String> valid() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("url", "https://news.partner.example/hooks/tongfa");
        settings.put("secret", SECRET);
        return settings;
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> settings = valid();
        settings.put(key, value);
        return settings;
    }

    private static Map<String, String> without(String key) {
        Map<String, String> settings = valid();
        settings.remove(key);
        return settings;
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("url missing", without("url"), "url"),
                Arguments.of("url blank", with("url", " "), "url"),
                Arguments.of("url not http", with("url", "ftp://partner.example/in"), "url"),
                Arguments.of("url relative", with("url", "/hooks/tongfa"), "url"),
                Arguments.of("url not a URL", with("url", "partner dot example"), "url"),
                Arguments.of("url with credentials", with("url", "https://user:" + SECRET + "@partner.example/"), "url"),
                Arguments.of("url at loopback literal", with("url", "http://127.0.0.1:8080/hook"), "url"),
                Arguments.of("url at private literal", with("url", "http://10.20.30.40/hook"), "url"),
                Arguments.of("url at metadata literal", with("url", "http://169.254.169.254/latest"), "url"),
                Arguments.of("url at IPv6 loopback", with("url", "http://[::1]:8080/hook"), "url"),
                Arguments.of("url at IPv6 unique-local", with("url", "http://[fd00::5]/hook"), "url"),
                Arguments.of("url at decimal address", with("url", "http://2130706433/hook"), "url"),
                Arguments.of("url at shortened address", with("url", "http://127.1/hook"), "url"),
                Arguments.of("url at hex address", with("url", "http://0x7f.0.0.1/hook"), "url"),
                Arguments.of("secret missing", without("secret"), "secret"),
                Arguments.of("secret blank", with("secret", "   "), "secret"),
                Arguments.of("secret whsec_ not base64", with("secret", "whsec_" + SECRET), "secret"),
                Arguments.of("secret whsec_ empty", with("secret", "whsec_"), "secret"),
                Arguments.of("timeout zero", with("timeout", "0s"), "timeout"),
                Arguments.of("timeout negative", with("timeout", "-5s"), "timeout"),
                Arguments.of("timeout too long", with("timeout", "6m"), "timeout"),
                Arguments.of("timeout unreadable", with("timeout", "soon"), "timeout"),
                Arguments.of("allow-private-network unreadable", with("allow-private-network", "maybe"),
                        "allow-private-network"),
                Arguments.of("unknown field", with("fields", "title,colour"), "fields"),
                Arguments.of("remote-id-field blank", with("remote-id-field", ""), "remote-id-field"),
                Arguments.of("remote-url-field blank", with("remote-url-field", " "), "remote-url-field"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badConfigs")
    void refusesABadConfigurationNamingItsKey(String description, Map<String, String> settings, String key) {
        assertThatThrownBy(() -> factory.create(config(settings)))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.key()).isEqualTo(PREFIX + "." + key);
                    assertThat(e.getMessage()).startsWith(PREFIX + "." + key + ": ").doesNotContain(SECRET);
                });
    }

    @Test
    void createsAWebhookChannel() throws Exception {
        Channel channel = factory.create(config(valid()));

        assertThat(factory.type()).isEqualTo("webhook");
        assertThat(channel).isInstanceOf(WebhookChannel.class);
        assertThat(channel).isInstanceOf(AutoCloseable.class);
        ((AutoCloseable) channel).close();
    }

    @Test
    void appliesDefaults() {
        WebhookChannelProperties settings = config(valid()).bind(WebhookChannelProperties.class);

        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.allowPrivateNetwork()).isFalse();
        assertThat(settings.fields()).isEmpty();
        assertThat(settings.remoteIdField()).isEqualTo("id");
        assertThat(settings.remoteUrlField()).isEqualTo("url");
    }

    @Test
    void bindsEverySetting() {
        Map<String, String> settings = valid();
        settings.put("timeout", "3s");
        settings.put("allow-private-network", "true");
        settings.put("fields", "title,summary");
        settings.put("remote-id-field", "data.id");
        settings.put("remote-url-field", "data.link");

        WebhookChannelProperties bound = config(settings).bind(WebhookChannelProperties.class);

        assertThat(bound.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(bound.allowPrivateNetwork()).isTrue();
        assertThat(bound.fields()).containsExactly("title", "summary");
        assertThat(bound.remoteIdField()).isEqualTo("data.id");
        assertThat(bound.remoteUrlField()).isEqualTo("data.link");
    }

    @Test
    void acceptsAPrivateLiteralWhenAllowed() {
        Map<String, String> settings = with("url", "http://10.20.30.40:8080/hook");
        settings.put("allow-private-network", "true");

        assertThat(factory.create(config(settings))).isInstanceOf(WebhookChannel.class);
    }

    @Test
    void acceptsAPublicLiteralAndAWhsecSecret() {
        Map<String, String> settings = with("url", "https://93.184.216.34/hook");
        settings.put("secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        assertThat(factory.create(config(settings))).isInstanceOf(WebhookChannel.class);
    }

    @Test
    void neverPrintsTheSecret() {
        WebhookChannelProperties settings = config(valid()).bind(WebhookChannelProperties.class);

        assertThat(settings.toString()).doesNotContain(SECRET).contains("secret=<redacted>")
                .contains("news.partner.example");
        assertThat(factory.create(config(valid())).toString()).doesNotContain(SECRET);
    }

    @Test
    void everyItemFieldCanBeChosen() {
        // The list users configure from must follow the snapshot record, field for field.
        List<String> components = Stream.of(ItemSnapshot.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).toList();

        assertThat(WebhookPayload.ITEM_FIELDS).isEqualTo(components);
        assertThat(factory.create(config(with("fields", String.join(",", components))))).isInstanceOf(WebhookChannel.class);
    }
}
