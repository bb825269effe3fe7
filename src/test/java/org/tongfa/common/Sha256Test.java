package org.tongfa.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sha256Test {

    // FIPS 180-2, appendix B.1: SHA-256("abc").
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void hexIsTheStandardDigestInLowerCase() {
        assertThat(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC);
    }

    @Test
    void digestOfTextIsTheDigestOfItsUtf8Bytes() {
        String text = "统发 token";

        assertThat(Sha256.digest(text)).isEqualTo(Sha256.digest(text.getBytes(StandardCharsets.UTF_8)))
                .hasSize(32);
        assertThat(HexFormat.of().formatHex(Sha256.digest("abc"))).isEqualTo(ABC);
    }

    @Test
    void anEmptyInputHasTheWellKnownEmptyDigest() {
        assertThat(Sha256.hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
