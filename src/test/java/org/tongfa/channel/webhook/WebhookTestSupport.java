package org.tongfa.channel.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.ChannelConfig;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.support.TestSettings;

/** Items, dispatches and configurations for the webhook tests. */
final class WebhookTestSupport {

    static final String CHANNEL = "nanfang";
    static final String PREFIX = "tongfa.channels." + CHANNEL;
    static final String SECRET = "s3cr3t-never-printed";


    private WebhookTestSupport() {
    }

    static ItemSnapshot item() {
        Instant published = Instant.parse("2026-03-01T08:00:00Z");
        return new ItemSnapshot(
                "item-42", 3, "关于春季防汛工作的通知", "摘要", "<p>正文</p>", "王五", "应急管理局", "notices",
                "通知公告", "PROACTIVE", "11440000-2026-00042", "粤应急〔2026〕7号",
                new ItemSnapshot.AssetRef("a1", "image/png", 1234, "ab12", "https://cdn.example/a1.png", ""),
                List.of(new ItemSnapshot.AssetRef("a2", "image/jpeg", 99, "cd34", "https://cdn.example/a2.jpg", "堤坝")),
                List.of("防汛", "应急"), "URGENT", published, published.plusSeconds(3600), null,
                List.of(new ItemSnapshot.RelatedRef("item-7", "INTERPRETED_BY", "解读")));
    }

    static Dispatch dispatch(Action action, int attempt, String previousRemoteId) {
        return new Dispatch(1001, "dlv-1001-key", action, attempt, item(), previousRemoteId, assetId -> {
            throw new IllegalArgumentException(assetId);
        });
    }

    static Dispatch publish() {
        return dispatch(Action.PUBLISH, 1, null);
    }

    /** A configuration with the given keys (relative to the channel prefix). */
    static ChannelConfig config(Map<String, String> settings) {
        Map<String, String> source = new LinkedHashMap<>();
        source.put(PREFIX + ".type", "webhook");
        settings.forEach((key, value) -> source.put(PREFIX + "." + key, value));
        return TestSettings.channel(CHANNEL, source);
    }

    /** The Standard Webhooks signature, computed here with javax.crypto independently of WebhookSigner. */
    static String expectedSignature(byte[] key, String id, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] content = concat((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
