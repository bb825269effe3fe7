package org.tongfa.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    private static final byte[] BODY = "{\"type\":\"item.published\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void matchesTheStandardWebhooksReferenceVector() {
        // The vector published with the Standard Webhooks reference libraries.
        WebhookSigner signer = WebhookSigner.forSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        String signature = signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void usesThePlainSecretBytesWithoutTheWhsecPrefix() throws Exception {
        String signature = WebhookSigner.forSecret("plain secret 密钥").sign("msg_1", 1700000000L, BODY);

        assertThat(signature).isEqualTo(WebhookTestSupport.expectedSignature(
                "plain secret 密钥".getBytes(StandardCharsets.UTF_8), "msg_1", "1700000000", BODY));
    }

    @Test
    void decodesTheKeyOfAWhsecSecret() throws Exception {
        byte[] key = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);

        String signature = WebhookSigner.forSecret(secret).sign("msg_2", 42L, BODY);

        assertThat(signature).isEqualTo(WebhookTestSupport.expectedSignature(key, "msg_2", "42", BODY));
    }

    @Test
    void differentIdTimestampOrBodyGiveDifferentSignatures() {
        WebhookSigner signer = WebhookSigner.forSecret("k");
        String base = signer.sign("a", 1, BODY);

        assertThat(signer.sign("b", 1, BODY)).isNotEqualTo(base);
        assertThat(signer.sign("a", 2, BODY)).isNotEqualTo(base);
        assertThat(signer.sign("a", 1, "{}".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(base);
    }

    @Test
    void refusesAMalformedWhsecSecretWithoutQuotingIt() {
        assertThatThrownBy(() -> WebhookSigner.forSecret("whsec_!!not*base64"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("!!not*base64");
        assertThatThrownBy(() -> WebhookSigner.forSecret("whsec_"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
