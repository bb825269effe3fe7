package org.tongfa.channel.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests as Standard Webhooks defines: {@code v1,} followed by the base64
 * HMAC-SHA256 of {@code "<webhook-id>.<webhook-timestamp>.<body>"}.
 *
 * <p>Thread-safe: a {@link Mac} is created per signature because {@code Mac} itself is not.
 */
final class WebhookSigner {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String STANDARD_PREFIX = "whsec_";

    private final SecretKeySpec key;

    private WebhookSigner(byte[] keyBytes) {
        this.key = new SecretKeySpec(keyBytes, ALGORITHM);
    }

    /**
     * Builds a signer from the configured secret: a {@code whsec_} secret is the base64 of the key, as
     * Standard Webhooks generates them; any other secret is used as its UTF-8 bytes.
     *
     * @throws IllegalArgumentException when a {@code whsec_} secret is not valid base64 or empty; the
     *     message never contains the secret
     */
    static WebhookSigner forSecret(String secret) {
        if (secret.startsWith(STANDARD_PREFIX)) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(secret.substring(STANDARD_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                // Not e.getMessage(): it may quote a character of the secret.
                throw new IllegalArgumentException("a secret starting with whsec_ must continue in base64");
            }
            if (decoded.length == 0) {
                throw new IllegalArgumentException("a secret starting with whsec_ must carry a key");
            }
            return new WebhookSigner(decoded);
        }
        return new WebhookSigner(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code webhook-signature} header value for one request. */
    String sign(String webhookId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is mandatory in every JRE; this cannot happen short of a broken runtime.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
