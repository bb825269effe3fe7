package org.tongfa.console.preview;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.config.TongfaProperties;
import org.tongfa.security.PrivateFiles;

/**
 * Read-only preview links for a reviewer ({@code /console/shared-preview/<token>}): the token is the
 * item id, the version and the expiry, signed with HMAC-SHA256 under a key kept in the data directory as a
 * private file ({@code preview-links.key}, made at the first link), so no table holds the links and a
 * token cannot be altered or made up. A link names one version: later edits do not show through it.
 *
 * <p>Several nodes must share the key, or a link opens only on the node that issued it: configure
 * {@value #KEY} (from the environment, {@code TONGFA_CONSOLE_PREVIEWKEY}, at least 32 characters) the same
 * on every node, and no file is made.
 */
@Component
class PreviewLinks {

    /** How long a link works. */
    static final Duration VALIDITY = Duration.ofHours(72);

    /** A token read back. */
    record Link(String itemId, int version, Instant expiresAt) {
    }

    /** Why a token opens nothing. */
    enum Refusal {
        /** Not a token this service signed (altered, truncated, signed under another key). */
        FORGED,
        /** Signed here, but past its expiry. */
        EXPIRED
    }

    /** A token's answer: the link, or why not. */
    record Checked(Link link, Refusal refusal) {
    }

    /** The configuration key of a key shared by every node. */
    static final String KEY = "tongfa.console.preview-key";
    private static final int SHORTEST_KEY = 32;

    private final Path keyFile;
    private final Clock clock;
    private volatile byte[] key;

    PreviewLinks(TongfaProperties properties, Clock clock, @Value("${" + KEY + ":}") String configuredKey) {
        this.keyFile = properties.dataDirectory().resolve("preview-links.key");
        this.clock = clock;
        if (!configuredKey.isBlank()) {
            if (configuredKey.strip().length() < SHORTEST_KEY) {
                // The value itself is a secret: never part of the message.
                throw new InvalidConfigurationException(KEY, "must be at least " + SHORTEST_KEY
                        + " characters (a random string, the same on every node), not " + configuredKey.strip().length());
            }
            this.key = configuredKey.strip().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A token for {@code version} of the item, valid for {@link #VALIDITY} from now. */
    String issue(String itemId, int version) {
        return sign(itemId, version, clock.instant().plus(VALIDITY));
    }

    String sign(String itemId, int version, Instant expiresAt) {
        String payload = itemId + "." + version + "." + expiresAt.getEpochSecond();
        return payload + "." + mac(payload);
    }

    Checked check(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 4 || !parts[0].matches("[0-9a-f-]{36}") || !parts[1].matches("\\d{1,9}")
                || !parts[2].matches("\\d{1,12}")) {
            return new Checked(null, Refusal.FORGED);
        }
        String payload = parts[0] + "." + parts[1] + "." + parts[2];
        if (!MessageDigest.isEqual(mac(payload).getBytes(StandardCharsets.US_ASCII),
                parts[3].getBytes(StandardCharsets.US_ASCII))) {
            return new Checked(null, Refusal.FORGED);
        }
        Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[2]));
        if (!clock.instant().isBefore(expiresAt)) {
            return new Checked(null, Refusal.EXPIRED);
        }
        return new Checked(new Link(parts[0], Integer.parseInt(parts[1]), expiresAt), null);
    }

    Optional<Link> valid(String token) {
        return Optional.ofNullable(check(token).link());
    }

    private String mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private byte[] key() {
        byte[] known = key;
        if (known == null) {
            synchronized (this) {
                if (key == null) {
                    try {
                        PrivateFiles.directory(keyFile.getParent());
                        key = PrivateFiles.generatedSecret(keyFile, 32, 40).getBytes(StandardCharsets.US_ASCII);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot keep the preview link key in " + keyFile, e);
                    }
                }
                known = key;
            }
        }
        return known;
    }
}
