package org.tongfa.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tongfa.channel.wechat.WeChatTestSupport.AES_KEY;
import static org.tongfa.channel.wechat.WeChatTestSupport.APP_ID;
import static org.tongfa.channel.wechat.WeChatTestSupport.TOKEN;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import org.junit.jupiter.api.Test;

/** Safe mode's scheme, checked against WxJava's implementation and against broken ciphertexts built here. */
class WeChatCryptoTest {

    private static final String XML = "<xml><MsgType><![CDATA[event]]></MsgType><Event>发布完成</Event></xml>";

    private final WeChatCrypto crypto = new WeChatCrypto(AES_KEY, TOKEN, APP_ID);

    @Test
    void decryptsWhatWxJavaEncryptsAndVerifiesItsSignature() {
        String encrypt = new WxCryptUtil(TOKEN, AES_KEY, APP_ID).encrypt("abcdefghijklmnop", XML);
        String signature = WeChatTestSupport.msgSignature(TOKEN, "1700000000", "n1", encrypt);

        assertThat(crypto.decrypt(encrypt)).isEqualTo(XML);
        assertThat(crypto.verify(signature, "1700000000", "n1", encrypt)).isTrue();
        assertThat(crypto.verify(signature.toUpperCase(), "1700000000", "n1", encrypt)).isTrue();
        assertThat(crypto.verify(signature, "1700000001", "n1", encrypt)).isFalse();
        assertThat(crypto.verify(signature, "1700000000", "n1", encrypt + "A")).isFalse();
    }

    @Test
    void refusesAMessageForAnotherAccount() {
        String encrypt = new WxCryptUtil(TOKEN, AES_KEY, "wx00000000000000ff").encrypt("abcdefghijklmnop", XML);

        assertThatThrownBy(() -> crypto.decrypt(encrypt)).hasMessageContaining("another account");
    }

    @Test
    void refusesBrokenCiphertexts() {
        byte[] content = content(XML, APP_ID);

        assertThatThrownBy(() -> crypto.decrypt("not base64 !")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> crypto.decrypt(Base64.getEncoder().encodeToString(new byte[20])))
                .hasMessageContaining("length");
        // Padding bytes that disagree with the last one.
        byte[] badPadding = pad(content);
        badPadding[badPadding.length - 2] ^= 1;
        assertThatThrownBy(() -> crypto.decrypt(encrypt(badPadding))).hasMessageContaining("padding");
        // A declared length past the end of the message.
        byte[] tooLong = content.clone();
        ByteBuffer.wrap(tooLong, 16, 4).putInt(1_000_000);
        assertThatThrownBy(() -> crypto.decrypt(encrypt(pad(tooLong)))).hasMessageContaining("longer");
        // Another key.
        assertThatThrownBy(() -> new WeChatCrypto("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg", TOKEN, APP_ID)
                .decrypt(encrypt(pad(content)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(crypto.decrypt(encrypt(pad(content)))).isEqualTo(XML);
    }

    @Test
    void refusesAMalformedKeyWithoutEchoingIt() {
        assertThatThrownBy(() -> WeChatCrypto.key("short")).hasMessageNotContaining("short");
        assertThatThrownBy(() -> WeChatCrypto.key(AES_KEY + "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(WeChatCrypto.key(AES_KEY)).hasSize(32);
    }

    /** 16 random bytes, the length in network order, the XML and the AppID. */
    private static byte[] content(String xml, String appId) {
        byte[] text = xml.getBytes(StandardCharsets.UTF_8);
        byte[] app = appId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(20 + text.length + app.length).put(new byte[16]).putInt(text.length).put(text)
                .put(app).array();
    }

    /** PKCS#7 to 32-byte blocks, as WeChat pads. */
    private static byte[] pad(byte[] content) {
        int pad = 32 - content.length % 32;
        byte[] padded = Arrays.copyOf(content, content.length + pad);
        Arrays.fill(padded, content.length, padded.length, (byte) pad);
        return padded;
    }

    private static String encrypt(byte[] padded) {
        try {
            byte[] key = WeChatCrypto.key(AES_KEY);
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
            return Base64.getEncoder().encodeToString(cipher.doFinal(padded));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
