package org.tongfa.channel.wechat;

import java.net.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import me.chanjar.weixin.mp.api.impl.WxMpServiceOkHttpImpl;
import me.chanjar.weixin.mp.config.WxMpHostConfig;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import okhttp3.OkHttpClient;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tongfa.delivery.Channel;
import org.tongfa.delivery.ChannelConfig;
import org.tongfa.delivery.ChannelFactory;

/**
 * Creates {@code wechat} channels, one per official account (公众号), each on its own WxJava
 * {@link WxMpServiceOkHttpImpl} with the API host from {@code api-host} (token calls included), the
 * stable access token (so several nodes sharing an account do not invalidate each other's tokens)
 * and WxJava's own retry turned off: the ledger owns retries.
 *
 * <p>Settings under {@code tongfa.channels.<id>.}: see {@link WeChatChannelProperties}.
 */
@Component
public class WeChatChannelFactory implements ChannelFactory {

    static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);

    private final JdbcClient jdbc;
    private final Clock clock;

    public WeChatChannelFactory(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public String type() {
        return WeChatChannel.TYPE;
    }

    @Override
    public java.util.Optional<org.tongfa.delivery.ContentLimits> contentLimits() {
        return java.util.Optional.of(WeChatChannel.LIMITS);
    }

    /**
     * @throws org.tongfa.config.InvalidConfigurationException naming the full key of the first wrong setting
     */
    @Override
    public Channel create(ChannelConfig config) {
        WeChatChannelProperties settings = config.bind(WeChatChannelProperties.class);
        if (!settings.appId().strip().matches("wx[0-9a-fA-F]{16}")) {
            throw config.problem("app-id", "must be an AppID: wx followed by 16 hex digits");
        }
        String apiHost = checkHost(config, settings.apiHost());
        if (settings.callbackToken() != null && !settings.callbackToken().isEmpty()
                && !settings.callbackToken().matches("[A-Za-z0-9]{3,32}")) {
            throw config.problem("callback-token", "must be 3 to 32 letters or digits, as the WeChat platform requires");
        }
        if (settings.safeMode()) {
            try {
                WeChatCrypto.key(settings.encodingAesKey().strip());
            } catch (IllegalArgumentException e) {
                // The message says what is wrong, never what the value was: it is a secret.
                throw config.problem("encoding-aes-key", e.getMessage());
            }
            if (settings.callbackToken() == null || settings.callbackToken().isEmpty()) {
                throw config.problem("callback-token", "is needed with encoding-aes-key: safe mode signs callbacks with the token");
            }
        }
        Duration timeout = settings.timeout();
        if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw config.problem("timeout", "must be positive and at most 2m");
        }

        WxMpDefaultConfigImpl wxConfig = new WxMpDefaultConfigImpl();
        wxConfig.setAppId(settings.appId().strip());
        wxConfig.setSecret(settings.secret());
        wxConfig.setUseStableAccessToken(true);
        // One retry layer only: WxJava would otherwise retry -1 itself, sleeping up to ~31 s.
        wxConfig.setMaxRetryTimes(0);
        wxConfig.setRetrySleepMillis(0);
        WxMpHostConfig hosts = new WxMpHostConfig();
        hosts.setApiHost(apiHost);
        if (!apiHost.equals(WeChatChannelProperties.DEFAULT_API_HOST)) {
            hosts.setMpHost(apiHost);
            hosts.setOpenHost(apiHost);
        }
        wxConfig.setHostConfig(hosts);

        OkHttpClient client = new OkHttpClient.Builder()
                .callTimeout(timeout)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                // The ledger owns retries; OkHttp must not silently send a submit twice.
                .retryOnConnectionFailure(false)
                .proxy(Proxy.NO_PROXY)
                .build();
        WxMpServiceOkHttpImpl wx = new OwnClientWxMpService(client);
        wx.setWxMpConfigStorage(wxConfig);
        wx.setMaxRetryTimes(0);
        wx.setRetrySleepMillis(0);
        Path tempDir = Path.of(System.getProperty("java.io.tmpdir"));
        return new WeChatChannel(config.channelId(), settings, wx, new WeChatStore(jdbc), clock, tempDir);
    }

    private static String checkHost(ChannelConfig config, String value) {
        String host = value.strip();
        while (host.endsWith("/")) {
            host = host.substring(0, host.length() - 1);
        }
        URI uri = config.httpUrl("api-host", host);
        if (uri.getUserInfo() != null || (uri.getPath() != null && !uri.getPath().isEmpty()) || uri.getQuery() != null) {
            throw config.problem("api-host", "must be an absolute http or https URL with no path, such as "
                    + WeChatChannelProperties.DEFAULT_API_HOST);
        }
        return host;
    }

    /** WxJava on our own OkHttp client, so that our timeouts and no-retry settings apply to every call. */
    static final class OwnClientWxMpService extends WxMpServiceOkHttpImpl {

        private final OkHttpClient client;

        OwnClientWxMpService(OkHttpClient client) {
            this.client = client;
        }

        @Override
        public OkHttpClient getRequestHttpClient() {
            return client;
        }
    }
}
