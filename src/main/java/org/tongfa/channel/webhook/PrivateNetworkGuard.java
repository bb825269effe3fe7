package org.tongfa.channel.webhook;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Connection;
import okhttp3.Dns;
import okhttp3.Interceptor;

/**
 * Keeps a webhook from reaching the office's own network (SSRF): loopback, private, link-local,
 * unique-local, CGNAT, any-local and multicast addresses are refused unless the channel sets
 * {@code allow-private-network}.
 *
 * <p>The check runs when OkHttp resolves the host ({@link #dns()}), so a name that resolved to a
 * public address at start-up and to {@code 10.0.0.1} later (DNS rebinding) is still refused. OkHttp
 * skips {@link Dns} for IP-literal URLs, so {@link #interceptor()} checks the address actually
 * connected to as well.
 */
final class PrivateNetworkGuard {

    private final String allowKey;
    private final Dns delegate;

    /**
     * @param allowKey the full {@code allow-private-network} key, named in every refusal
     * @param delegate the resolver to guard, {@link Dns#SYSTEM} in production
     */
    PrivateNetworkGuard(String allowKey, Dns delegate) {
        this.allowKey = allowKey;
        this.delegate = delegate;
    }

    /** A resolver that refuses a host if any of its addresses is not public. */
    Dns dns() {
        return hostname -> {
            List<InetAddress> addresses = delegate.lookup(hostname);
            // Refuse the whole host rather than filter: a mixed answer is itself suspicious.
            for (InetAddress address : addresses) {
                if (isPrivate(address)) {
                    throw refusal(hostname, address);
                }
            }
            return addresses;
        };
    }

    /** A network interceptor that refuses a connection to a non-public address, for IP-literal URLs. */
    Interceptor interceptor() {
        return chain -> {
            Connection connection = chain.connection();
            if (connection != null) {
                InetSocketAddress target = connection.route().socketAddress();
                if (target.getAddress() != null && isPrivate(target.getAddress())) {
                    throw refusal(chain.request().url().host(), target.getAddress());
                }
            }
            return chain.proceed(chain.request());
        };
    }

    private RefusedException refusal(String host, InetAddress address) {
        return new RefusedException("host " + host + " resolves to the non-public address "
                + address.getHostAddress() + "; set " + allowKey + "=true to allow it");
    }

    /**
     * Whether an address belongs to a network a webhook must not reach by default.
     *
     * <p>Pure: looks only at the address bytes, never at DNS.
     */
    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isAnyLocalAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPrivateIpv4(b);
        }
        if (address instanceof Inet6Address) {
            // fc00::/7 unique-local
            if ((b[0] & 0xfe) == 0xfc) {
                return true;
            }
            // Addresses that carry an IPv4 address inside are judged by that address:
            // ::/96 (IPv4-compatible, also :: itself), ::ffff:0:0/96 (mapped; Java usually
            // unwraps these already) and 64:ff9b::/96 (NAT64).
            if (allZero(b, 0, 12) || (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff)
                    || isNat64(b)) {
                return isPrivateIpv4(new byte[] {b[12], b[13], b[14], b[15]});
            }
        }
        return false;
    }

    private static boolean isPrivateIpv4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0 // 0.0.0.0/8 "this network"
                || first == 10
                || first == 127
                || (first == 172 && second >= 16 && second <= 31)
                || (first == 192 && second == 168)
                || (first == 169 && second == 254)
                || (first == 100 && second >= 64 && second <= 127) // CGNAT 100.64/10
                || first >= 224; // multicast 224/4 and reserved 240/4 including broadcast
    }

    private static boolean isNat64(byte[] b) {
        return (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && allZero(b, 4, 12);
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Finds a refusal anywhere in an OkHttp failure (OkHttp may wrap or suppress it). */
    static RefusedException findRefusal(Throwable failure) {
        return findRefusal(failure, 0);
    }

    private static RefusedException findRefusal(Throwable t, int depth) {
        if (t == null || depth > 8) {
            return null;
        }
        if (t instanceof RefusedException refused) {
            return refused;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            RefusedException found = findRefusal(suppressed, depth + 1);
            if (found != null) {
                return found;
            }
        }
        return findRefusal(t.getCause(), depth + 1);
    }

    /**
     * A refused address. An {@link UnknownHostException} because that is what {@link Dns#lookup} may
     * throw; it is also an {@link IOException}, so the interceptor can throw it too.
     */
    static final class RefusedException extends UnknownHostException {
        RefusedException(String message) {
            super(message);
        }
    }
}
