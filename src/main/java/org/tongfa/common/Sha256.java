package org.tongfa.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the one digest Tongfa uses: for content ids (an asset's, a WeChat image upload's cache key),
 * strong ETags, and the hashes of secrets (API tokens, screen keys) kept in memory instead of the
 * secrets themselves. Comparing a secret's hash is left to the caller, who must do it in constant time
 * ({@link MessageDigest#isEqual}). Thread-safe: every call uses its own {@link MessageDigest}.
 */
public final class Sha256 {

    private Sha256() {
    }

    /** The 32-byte digest of {@code bytes}. */
    public static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The 32-byte digest of {@code text} in UTF-8. */
    public static byte[] digest(String text) {
        return digest(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The digest of {@code bytes} as 64 lower-case hex digits. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest(bytes));
    }
}
