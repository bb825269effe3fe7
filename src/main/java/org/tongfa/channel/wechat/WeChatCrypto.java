package org.tongfa.channel.wechat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat's message encryption for callbacks in safe mode (安全模式, 消息加解密): the body carries only
 * {@code Encrypt}, the base64 of AES-256-CBC ciphertext under the account's EncodingAESKey (43
 * characters of base64 for a 32-byte key; the IV is the key's first 16 bytes; PKCS#7 padding to
 * 32-byte blocks) of 16 random bytes, the XML's length in 4 bytes of network order, the XML and the
 * AppID. The URL's {@code msg_signature} is the SHA-1 of the sorted token, timestamp, nonce and
 * {@code Encrypt}, so, unlike the plain-text signature, it covers the body.
 *
 * <p>Implemented here rather than with WxJava's {@code WxCryptUtil}, which compares signatures in
 * variable time and does not check that a message is meant for this account's AppID. Thread-safe.
 */
final class WeChatCrypto {

    /** WeChat pads to a multiple of 32 bytes, not AES's 16. */
    private static final int PAD_BLOCK = 32;

    private final byte[] key;
    private final String token;
    private final String appId;

    WeChatCrypto(String encodingAesKey, String token, String appId) {
        this.key = key(encodingAesKey);
        this.token = token;
        this.appId = appId;
    }

    /**
     * The 32-byte AES key of an EncodingAESKey.
     *
     * @throws IllegalArgumentException when it is not 43 characters of base64 for 32 bytes (the message
     *     never contains the value)
     */
    static byte[] key(String encodingAesKey) {
        if (encodingAesKey == null || !encodingAesKey.matches("[A-Za-z0-9+/]{43}")) {
            throw new IllegalArgumentException("must be the 43 characters the WeChat platform shows (EncodingAESKey)");
        }
        byte[] key = Base64.getDecoder().decode(encodingAesKey + "=");
        if (key.length != 32) {
            throw new IllegalArgumentException("must decode to a 32-byte AES key");
        }
        return key;
    }

    /** Whether {@code msgSignature} signs this timestamp, nonce and {@code Encrypt}; compared in constant time. */
    boolean verify(String msgSignature, String timestamp, String nonce, String encrypt) {
        if (msgSignature == null || timestamp == null || nonce == null || encrypt == null) {
            return false;
        }
        String expected = signature(token, timestamp, nonce, encrypt);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                msgSignature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** Hex SHA-1 of the parts sorted and joined, as WeChat signs. */
    static String signature(String... parts) {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The XML inside {@code encrypt}.
     *
     * @throws IllegalArgumentException when it is not a ciphertext under this key, its structure is
     *     broken, or it was meant for another AppID
     */
    String decrypt(String encrypt) {
        byte[] cipherText;
        try {
            cipherText = Base64.getDecoder().decode(encrypt.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Encrypt is not base64");
        }
        if (cipherText.length < PAD_BLOCK || cipherText.length % 16 != 0) {
            throw new IllegalArgumentException("Encrypt has the wrong length for AES-CBC");
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
            plain = cipher.doFinal(cipherText);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Encrypt cannot be decrypted with this EncodingAESKey");
        }
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > PAD_BLOCK || pad > plain.length - 20) {
            throw new IllegalArgumentException("Encrypt has bad padding (wrong EncodingAESKey?)");
        }
        for (int i = plain.length - pad; i < plain.length; i++) {
            if ((plain[i] & 0xff) != pad) {
                throw new IllegalArgumentException("Encrypt has bad padding (wrong EncodingAESKey?)");
            }
        }
        int end = plain.length - pad;
        long length = ((plain[16] & 0xffL) << 24) | ((plain[17] & 0xff) << 16) | ((plain[18] & 0xff) << 8)
                | (plain[19] & 0xff);
        if (length > end - 20) {
            throw new IllegalArgumentException("Encrypt declares a message longer than it holds");
        }
        String xml = new String(plain, 20, (int) length, StandardCharsets.UTF_8);
        String to = new String(plain, 20 + (int) length, end - 20 - (int) length, StandardCharsets.UTF_8);
        if (!to.equals(appId)) {
            throw new IllegalArgumentException("the message is for another account");
        }
        return xml;
    }
}
