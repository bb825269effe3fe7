package org.tongfa.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The address table of the SSRF guard; what a channel does with it is tested with each channel. */
class PrivateNetworkGuardTest {

    private static final String KEY = "tongfa.channels.nanfang.allow-private-network";

    /** Every address here is a literal: InetAddress parses it and never asks DNS. */
    @ParameterizedTest(name = "{0} is private: {1}")
    @CsvSource({
            // loopback
            "127.0.0.1, true", "127.255.255.254, true", "::1, true",
            // private (RFC 1918) and their edges
            "10.0.0.1, true", "10.255.255.255, true", "172.16.0.1, true", "172.31.255.255, true",
            "192.168.1.1, true", "172.15.255.255, false", "172.32.0.1, false", "192.169.0.1, false",
            // link-local, including the cloud metadata address
            "169.254.169.254, true", "fe80::1, true", "169.255.0.1, false",
            // carrier-grade NAT 100.64/10
            "100.64.0.1, true", "100.127.255.254, true", "100.63.255.255, false", "100.128.0.1, false",
            // any-local and 'this network'
            "0.0.0.0, true", "0.1.2.3, true", "::, true",
            // multicast and broadcast
            "224.0.0.1, true", "239.255.255.250, true", "255.255.255.255, true", "ff02::1, true",
            // unique-local IPv6 fc00::/7
            "fc00::1, true", "fd12:3456::1, true", "fe00::1, false",
            // IPv4 inside IPv6: mapped, compatible, NAT64
            "::ffff:127.0.0.1, true", "::ffff:10.0.0.1, true", "::127.0.0.1, true", "64:ff9b::a00:1, true",
            "64:ff9b::808:808, false", "::ffff:8.8.8.8, false",
            // issue 8: IPv4-translated ::ffff:0:a.b.c.d, local-use NAT64 64:ff9b:1::/48, 6to4 2002::/16
            "::ffff:0:127.0.0.1, true", "::ffff:0:10.1.2.3, true", "::ffff:0:8.8.8.8, false",
            "64:ff9b:1::7f00:1, true", "64:ff9b:1:ff00::808:808, true",
            "2002:7f00:1::, true", "2002:a00:1::1, true", "2002:c0a8:101::1, true", "2002:808:808::1, false",
            // Teredo and the rest of the IETF protocol block 2001::/23, documentation
            "2001::1, true", "2001:0:4136:e378:8000:63bf:3fff:fdd2, true", "2001:db8::1, true",
            // site-local fec0::/10, discard-only 100::/64, IPv4-compatible with a public address
            "fec0::1, true", "100::1, true", "::8.8.8.8, false",
            // benchmarking 198.18/15, documentation nets, reserved 240/4, 192.0.0/24
            "198.18.0.1, true", "198.19.255.254, true", "198.20.0.1, false", "192.0.2.1, true",
            "198.51.100.7, true", "203.0.113.9, true", "240.0.0.1, true", "192.0.0.8, true", "192.88.99.1, true",
            // public
            "8.8.8.8, false", "1.1.1.1, false", "93.184.216.34, false",
            "2001:4860:4860::8888, false", "2606:4700::1111, false"})
    void classifiesAddresses(String literal, boolean expected) throws UnknownHostException {
        assertThat(PrivateNetworkGuard.isPrivate(InetAddress.getByName(literal))).isEqualTo(expected);
    }

    @Test
    void letsAHostWithPublicAddressesThrough() throws Exception {
        List<InetAddress> addresses = List.of(InetAddress.getByName("93.184.216.34"),
                InetAddress.getByName("2606:2800:220:1::1"));
        Dns guarded = new PrivateNetworkGuard(KEY, fixed(addresses)).dns();

        assertThat(guarded.lookup("partner.example")).isEqualTo(addresses);
    }

    @Test
    void refusesAHostThatResolvesToAPrivateAddressNamingTheKey() throws Exception {
        // What DNS rebinding looks like: a public-looking name answering with an internal address.
        Dns guarded = new PrivateNetworkGuard(KEY, fixed(List.of(InetAddress.getByName("10.1.2.3")))).dns();

        assertThatThrownBy(() -> guarded.lookup("partner.example"))
                .isInstanceOf(PrivateNetworkGuard.RefusedException.class)
                .hasMessageContaining("partner.example")
                .hasMessageContaining("10.1.2.3")
                .hasMessageContaining(KEY + "=true");
    }

    @Test
    void refusesAHostWithAnyPrivateAddressAmongPublicOnes() throws Exception {
        Dns guarded = new PrivateNetworkGuard(KEY, fixed(List.of(InetAddress.getByName("93.184.216.34"),
                InetAddress.getByName("127.0.0.1")))).dns();

        assertThatThrownBy(() -> guarded.lookup("partner.example"))
                .isInstanceOf(PrivateNetworkGuard.RefusedException.class);
    }

    @Test
    void findsARefusalWrappedOrSuppressedInAnOkHttpFailure() {
        PrivateNetworkGuard.RefusedException refused = new PrivateNetworkGuard.RefusedException("no");
        java.io.IOException wrapped = new java.io.IOException("outer", refused);
        java.io.IOException suppressing = new java.io.IOException("outer");
        suppressing.addSuppressed(refused);

        assertThat(PrivateNetworkGuard.findRefusal(wrapped)).isSameAs(refused);
        assertThat(PrivateNetworkGuard.findRefusal(suppressing)).isSameAs(refused);
        assertThat(PrivateNetworkGuard.findRefusal(new java.net.ConnectException("refused"))).isNull();
    }

    private static Dns fixed(List<InetAddress> addresses) {
        return hostname -> addresses;
    }
}
