package org.tongfa.channel.wechat;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.api.impl.WxMpServiceOkHttpImpl;
import me.chanjar.weixin.mp.config.WxMpHostConfig;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.ChannelConfig;
import org.tongfa.delivery.DeliveryProgress;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.delivery.ItemSnapshot.AssetRef;
import org.tongfa.support.TestSettings;

/** Items, images, configurations and signatures for the WeChat tests. */
final class WeChatTestSupport {

    static final String CHANNEL = "gzh";
    static final String PREFIX = "tongfa.channels." + CHANNEL;
    static final String APP_ID = "wx0123456789abcdef";
    static final String SECRET = "app-secret-never-printed";
    static final String TOKEN = "callbackToken42";
    static final String TITLE = "关于春季防汛工作的通知";
    /** An EncodingAESKey as the platform shows it: 43 characters of base64 for a 32-byte AES key. */
    static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    /** Where {@link #stubTokenAndUploads} says a body image now is. */
    static final String UPLOADED_IMAGE = "http://mmbiz.qpic.cn/mmbiz_png/uploaded/0";


    static final byte[] PNG = image("png", Color.RED, 8);
    static final byte[] GIF = image("gif", Color.BLUE, 8);
    static final byte[] COVER = image("png", Color.GREEN, 16);

    private WeChatTestSupport() {
    }

    static AssetRef asset(String id, String type, byte[] bytes) {
        return new AssetRef(id, type, bytes.length, sha256(bytes), "https://tongfa.example/assets/" + id, "图" + id);
    }

    static ItemSnapshot item(String title) {
        return item("item-42", title);
    }

    static ItemSnapshot item(String itemId, String title) {
        Instant published = Instant.parse("2026-03-01T08:00:00Z");
        String body = "<p>各区：</p><img src=\"https://tongfa.example/assets/img1\" alt=\"堤坝\">"
                + "<p>详见<a href=\"https://www.gov.cn/zhengce\">国务院政策</a>。</p>"
                + "<img src=\"https://tongfa.example/assets/img2\" alt=\"水位\">";
        return new ItemSnapshot(itemId, 1, title, "防汛工作安排", body, "王五", "应急管理局", "notices", "通知公告",
                "PROACTIVE", "11440000-2026-00042", null, asset("cover", "image/png", COVER),
                List.of(asset("img1", "image/png", PNG), asset("img2", "image/gif", GIF)),
                List.of(), "NORMAL", published, published, null, List.of());
    }

    /**
     * An item whose body shows {@code image} (stored as asset {@code body-image}) and whose cover is
     * {@code cover} (asset {@code cover-image}), or none when {@code cover} is {@code null}.
     */
    static ItemSnapshot itemWith(byte[] image, byte[] cover) {
        Instant published = Instant.parse("2026-03-01T08:00:00Z");
        String body = "<p>各区：</p><img src=\"https://tongfa.example/assets/body-image\" alt=\"堤坝\">";
        return new ItemSnapshot("item-43", 1, TITLE, "防汛工作安排", body, "王五", "应急管理局", "notices", "通知公告",
                "PROACTIVE", "11440000-2026-00043", null, cover == null ? null : asset("cover-image", "image/png", cover),
                List.of(asset("body-image", "image/png", image)), List.of(), "NORMAL", published, published, null,
                List.of());
    }

    /** A dispatch of {@link #itemWith} reading its assets from those bytes. */
    static Dispatch dispatchWith(long deliveryId, byte[] image, byte[] cover, DeliveryProgress progress) {
        ItemSnapshot item = itemWith(image, cover);
        Map<String, byte[]> assets = cover == null ? Map.of("body-image", image)
                : Map.of("body-image", image, "cover-image", cover);
        return new Dispatch(deliveryId, "tf-" + item.itemId() + "-" + deliveryId, Action.PUBLISH, 1, item, null, id -> {
            byte[] bytes = assets.get(id);
            if (bytes == null) {
                throw new IllegalArgumentException(id);
            }
            return bytes;
        }, progress);
    }

    static Dispatch dispatch(long deliveryId, Action action, int attempt, String previousRemoteId,
            DeliveryProgress progress) {
        return dispatch(deliveryId, action, attempt, previousRemoteId, progress, item(TITLE));
    }

    static Dispatch dispatch(long deliveryId, Action action, int attempt, String previousRemoteId,
            DeliveryProgress progress, ItemSnapshot item) {
        Map<String, byte[]> assets = Map.of("img1", PNG, "img2", GIF, "cover", COVER);
        return new Dispatch(deliveryId, "tf-" + item.itemId() + "-" + deliveryId, action, attempt, item, previousRemoteId,
                id -> {
                    byte[] bytes = assets.get(id);
                    if (bytes == null) {
                        throw new IllegalArgumentException(id);
                    }
                    return bytes;
                }, progress);
    }

    /** A configuration with the given keys (relative to the channel prefix). */
    static ChannelConfig config(Map<String, String> settings) {
        Map<String, String> source = new LinkedHashMap<>();
        source.put(PREFIX + ".type", "wechat");
        settings.forEach((key, value) -> source.put(PREFIX + "." + key, value));
        return TestSettings.channel(CHANNEL, source);
    }

    /** The settings of a channel of {@link #APP_ID} with the given keys and values (relative to the prefix). */
    static WeChatChannelProperties settings(String... keysAndValues) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("app-id", APP_ID);
        settings.put("secret", SECRET);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return config(settings).bind(WeChatChannelProperties.class);
    }

    /** WeChat as a test of one part needs it: a token, and both image uploads answered. */
    static void stubTokenAndUploads(WireMockExtension wechat) {
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/stable_token"))
                .willReturn(okJson("{\"access_token\":\"ACCESS-TOKEN-1\",\"expires_in\":7200}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/media/uploadimg"))
                .willReturn(okJson("{\"url\":\"" + UPLOADED_IMAGE + "\"}")));
        wechat.stubFor(post(urlPathEqualTo("/cgi-bin/material/add_material"))
                .willReturn(okJson("{\"media_id\":\"THUMB-1\",\"url\":\"http://mmbiz.qpic.cn/thumb/0\"}")));
    }

    /**
     * WxJava for {@link #APP_ID} with every host at {@code apiHost} (a WireMock as WeChat) and no retry
     * of its own, for tests of one part of the channel; the factory's own client is tested through it.
     */
    static WxMpService wx(String apiHost) {
        WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
        config.setAppId(APP_ID);
        config.setSecret(SECRET);
        config.setUseStableAccessToken(true);
        WxMpHostConfig hosts = new WxMpHostConfig();
        hosts.setApiHost(apiHost);
        hosts.setMpHost(apiHost);
        hosts.setOpenHost(apiHost);
        config.setHostConfig(hosts);
        WxMpServiceOkHttpImpl wx = new WxMpServiceOkHttpImpl();
        wx.setWxMpConfigStorage(config);
        wx.setMaxRetryTimes(0);
        return wx;
    }

    /** WeChat's signature computed here independently: SHA-1 over the sorted, joined parts. */
    static String sign(String token, String timestamp, String nonce) {
        String[] parts = {token, timestamp, nonce};
        Arrays.sort(parts);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(String.join("", parts).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The safe-mode signature (msg_signature): SHA-1 over the sorted token, timestamp, nonce and Encrypt. */
    static String msgSignature(String token, String timestamp, String nonce, String encrypt) {
        String[] parts = {token, timestamp, nonce, encrypt};
        Arrays.sort(parts);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(String.join("", parts).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A message as WeChat sends it in safe mode (安全模式), encrypted by WxJava's own implementation of
     * the scheme (an independent check of ours): only ToUserName and Encrypt in clear.
     */
    static String encrypted(String plainXml, String appId) {
        String encrypt = new me.chanjar.weixin.common.util.crypto.WxCryptUtil(TOKEN, AES_KEY, appId)
                .encrypt("0123456789abcdef", plainXml);
        return "<xml><ToUserName><![CDATA[gh_4d00ed8d6399]]></ToUserName><Encrypt><![CDATA[" + encrypt
                + "]]></Encrypt></xml>";
    }

    /** The Encrypt element's text of an {@link #encrypted} message. */
    static String encryptOf(String encryptedXml) {
        int start = encryptedXml.indexOf("<Encrypt><![CDATA[") + "<Encrypt><![CDATA[".length();
        return encryptedXml.substring(start, encryptedXml.indexOf("]]></Encrypt>"));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] image(String format, Color color, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, size, size);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
