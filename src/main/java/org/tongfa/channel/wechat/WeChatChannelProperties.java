package org.tongfa.channel.wechat;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of one WeChat official-account (公众号) channel, bound from {@code tongfa.channels.<id>.*}.
 * Presence is checked here; {@link WeChatChannelFactory} checks the meaning and names the full key.
 *
 * @param appId the account's AppID (开发者ID), {@code wx} and 16 hex digits
 * @param secret the AppSecret (开发者密码), from the environment; never printed
 * @param accountKind {@code subscription} (订阅号) or {@code service} (服务号)
 * @param apiHost where WeChat's API lives; tests and staging point it elsewhere
 * @param callbackToken the token (令牌) configured for the callback URL; without it callbacks are refused
 * @param defaultCover the cover for items without one: an asset id or a file path
 * @param updatePolicy what an edit of a published item does: {@code ignore} or {@code republish}
 * @param massSend whether to push each item's first publication to every follower (群发), within the
 *     account kind's quota (subscription: 1 a day; service: 4 a month); default false
 * @param timeout the whole-call timeout of each API call
 * @param sourceUrl the article's "阅读原文" link ({@code content_source_url}): the item's page on the
 *     website, with {@code {itemId}} replaced; empty for none
 * @param encodingAesKey the EncodingAESKey (消息加解密密钥, 43 characters) of safe mode (安全模式), from
 *     the environment; never printed. When set, only encrypted callbacks signed by {@code msg_signature}
 *     are accepted
 */
record WeChatChannelProperties(
        @NotBlank String appId,
        @NotBlank String secret,
        @NotNull @DefaultValue("subscription") AccountKind accountKind,
        @NotBlank @DefaultValue(WeChatChannelProperties.DEFAULT_API_HOST) String apiHost,
        String callbackToken,
        String defaultCover,
        @NotNull @DefaultValue("ignore") UpdatePolicy updatePolicy,
        @DefaultValue("false") boolean massSend,
        @NotNull @DefaultValue("15s") Duration timeout,
        @DefaultValue("") String sourceUrl,
        String encodingAesKey) {

    static final String DEFAULT_API_HOST = "https://api.weixin.qq.com";

    /** The kind of official account; it decides the mass-send quota. */
    enum AccountKind {
        /** 订阅号: one mass send a day. */
        SUBSCRIPTION,
        /** 服务号: four mass sends a month. */
        SERVICE
    }

    /** What to do when a published item is edited: WeChat cannot edit a published article. */
    enum UpdatePolicy {
        /** Keep the published article as it is. */
        IGNORE,
        /** Delete the published article and publish the new version. */
        REPUBLISH
    }

    /** Whether callbacks come in safe mode (安全模式): encrypted, signed over the body. */
    boolean safeMode() {
        return encodingAesKey != null && !encodingAesKey.isBlank();
    }

    /** Never prints the secret, the callback token or the AES key: settings end up in logs and failure reports. */
    @Override
    public String toString() {
        return "WeChatChannelProperties[appId=" + appId
                + ", secret=" + redacted(secret)
                + ", accountKind=" + accountKind
                + ", apiHost=" + apiHost
                + ", callbackToken=" + redacted(callbackToken)
                + ", defaultCover=" + defaultCover
                + ", updatePolicy=" + updatePolicy
                + ", massSend=" + massSend
                + ", timeout=" + timeout
                + ", encodingAesKey=" + redacted(encodingAesKey) + "]";
    }

    private static String redacted(String value) {
        return value == null || value.isEmpty() ? "<unset>" : "<redacted>";
    }
}
