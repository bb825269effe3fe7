package org.tongfa.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.SocketFactory;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.tongfa.config.InvalidConfigurationException;

/**
 * Keeps an outbound HTTP call to a configured URL (a webhook, a WebSub hub) from reaching the
 * office's own network (SSRF): loopback, private, link-local, unique- and site-local, CGNAT,
 * benchmarking, documentation, reserved, any-local and multicast addresses, and IPv6 forms that carry
 * such an IPv4 address inside (mapped, translated, compatible, NAT64, 6to4), are refused unless the
 * channel sets {@code allow-private-network}.
 *
 * <p>Three checks, each for what the others cannot see: {@link #checkUrl} at start-up (IP literals,
 * and numbers in disguise such as {@code 2130706433}, {@code 0x7f.1} or {@code 0177.0.0.1}, which
 * resolvers read differently); {@link #dns()} when OkHttp resolves a name, so a name that resolved to
 * a public address at start-up and to {@code 10.0.0.1} later (DNS rebinding) is refused; and
 * {@link #socketFactory()} before every connect, for addresses that never went through {@link Dns}
 * (OkHttp skips it for IP literals), so no packet leaves for a refused address.
 */
public final class PrivateNetworkGuard {

    private static final Pattern CANONICAL_IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** A label a resolver may read as part of an IPv4 address: decimal, octal or hex. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("\\d+|0[xX][0-9a-fA-F]*");

    private final String allowKey;
    private final Dns delegate;

    /**
     * @param allowKey the full {@code allow-private-network} key, named in every refusal
     * @param delegate the resolver to guard, {@link Dns#SYSTEM} in production
     */
    public PrivateNetworkGuard(String allowKey, Dns delegate) {
        this.allowKey = allowKey;
        this.delegate = delegate;
    }

    /**
     * Sets up a client for a channel: through the guard, or, when the channel allows private networks,
     * with the plain resolver. Either way without a proxy: through one, the proxy resolves the host and
     * the guard could not see the address.
     */
    public OkHttpClient.Builder apply(OkHttpClient.Builder client, boolean allowPrivateNetwork) {
        client.proxy(Proxy.NO_PROXY);
        return allowPrivateNetwork ? client.dns(delegate) : client.dns(dns()).socketFactory(socketFactory());
    }

    /**
     * Checks a configured URL at start-up: its host must be a name or a plainly written IP address,
     * and an IP address must be public unless private networks are allowed.
     *
     * @param key the URL's full key, named in the refusal
     * @throws InvalidConfigurationException naming {@code key}
     */
    public static void checkUrl(String key, String allowKey, HttpUrl url, boolean allowPrivateNetwork) {
        String host = withoutTrailingDot(url.host());
        InetAddress literal = literal(host);
        if (literal == null && looksNumeric(host)) {
            // No top-level domain is numeric, so 2130706433, 127.1, 0x7f.1 or 0177.0.0.1 are addresses in
            // disguise, and resolvers disagree on what they mean.
            throw new InvalidConfigurationException(key, "must name a host or a dotted IPv4 or an IPv6 address");
        }
        if (literal != null && !allowPrivateNetwork && isPrivate(literal)) {
            throw new InvalidConfigurationException(key, "points at the non-public address "
                    + literal.getHostAddress() + "; set " + allowKey + "=true to allow it");
        }
    }

    /** A resolver that refuses a host if any of its addresses is not public. */
    public Dns dns() {
        return hostname -> {
            String host = withoutTrailingDot(hostname);
            InetAddress literal = literal(host);
            if (literal == null && looksNumeric(host)) {
                throw new RefusedException("host " + hostname + " is an IPv4 address in a non-standard spelling");
            }
            // The same name without its root dot: resolvers that refuse "localhost." must not hide it.
            List<InetAddress> addresses = literal != null ? List.of(literal) : delegate.lookup(host);
            // Refuse the whole host rather than filter: a mixed answer is itself suspicious.
            for (InetAddress address : addresses) {
                if (isPrivate(address)) {
                    throw refusal(hostname, address);
                }
            }
            return addresses;
        };
    }

    /** Sockets that refuse to connect to a non-public address, whatever the URL said. */
    public SocketFactory socketFactory() {
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return new Socket() {
                    @Override
                    public void connect(SocketAddress endpoint, int timeout) throws IOException {
                        if (endpoint instanceof InetSocketAddress target && target.getAddress() != null
                                && isPrivate(target.getAddress())) {
                            throw refusal(target.getHostString(), target.getAddress());
                        }
                        super.connect(endpoint, timeout);
                    }
                };
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return connected(null, new InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
                    throws IOException {
                return connected(new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return connected(null, new InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                    throws IOException {
                return connected(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(address, port));
            }

            /** A guarded socket, bound to {@code local} when given, connected (and so checked) to {@code remote}. */
            private Socket connected(InetSocketAddress local, InetSocketAddress remote) throws IOException {
                Socket socket = createSocket();
                if (local != null) {
                    socket.bind(local);
                }
                socket.connect(remote);
                return socket;
            }
        };
    }

    private RefusedException refusal(String host, InetAddress address) {
        return new RefusedException("host " + host + " resolves to the non-public address "
                + address.getHostAddress() + "; set " + allowKey + "=true to allow it");
    }

    private static String withoutTrailingDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** The host as an address when it is a plainly written IP literal, else {@code null}; never asks DNS. */
    private static InetAddress literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!bare.contains(":") && !CANONICAL_IPV4.matcher(bare).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(bare); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean looksNumeric(String host) {
        String lastLabel = host.substring(host.lastIndexOf('.') + 1);
        return NUMERIC_LABEL.matcher(lastLabel).matches();
    }

    /**
     * Whether an address belongs to a network an outbound call must not reach by default.
     *
     * <p>Pure: looks only at the address bytes, never at DNS.
     */
    public static boolean isPrivate(InetAddress address) {
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
            return isPrivateIpv6(b);
        }
        return true;
    }

    private static boolean isPrivateIpv6(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if ((first & 0xfe) == 0xfc // fc00::/7 unique-local
                || first == 0xff // multicast
                || (first == 0xfe && (second & 0x80) != 0) // fe80::/10 link-local, fec0::/10 site-local
                || (first == 0x01 && second == 0x00 && allZero(b, 2, 8)) // 100::/64 discard-only
                || (first == 0x20 && second == 0x01 && (b[2] & 0xfe) == 0) // 2001::/23 IETF, incl. Teredo 2001::/32
                || (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) // 2001:db8::/32
                || (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                        && b[4] == 0 && b[5] == 1)) { // 64:ff9b:1::/48 local-use NAT64: an internal translator
            return true;
        }
        // Addresses that carry an IPv4 address inside are judged by that address: ::/96 (compatible,
        // also :: itself), ::ffff:0:0/96 (mapped; Java usually unwraps these already),
        // ::ffff:0:0:0/96 (translated), 64:ff9b::/96 (NAT64) and 2002::/16 (6to4).
        boolean compatible = allZero(b, 0, 12);
        boolean mapped = allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean translated = allZero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && allZero(b, 10, 12);
        boolean nat64 = first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && allZero(b, 4, 12);
        if (compatible || mapped || translated || nat64) {
            return isPrivateIpv4(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if (first == 0x20 && second == 0x02) {
            return isPrivateIpv4(new byte[] {b[2], b[3], b[4], b[5]});
        }
        return false;
    }

    private static boolean isPrivateIpv4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        int third = b[2] & 0xff;
        return first == 0 // 0.0.0.0/8 "this network"
                || first == 10
                || first == 127
                || (first == 172 && second >= 16 && second <= 31)
                || (first == 192 && second == 168)
                || (first == 169 && second == 254)
                || (first == 100 && second >= 64 && second <= 127) // CGNAT 100.64/10
                || (first == 198 && (second == 18 || second == 19)) // benchmarking 198.18/15
                || (first == 192 && second == 0 && (third == 0 || third == 2)) // IETF 192.0.0/24, TEST-NET-1
                || (first == 192 && second == 88 && third == 99) // 6to4 relay anycast
                || (first == 198 && second == 51 && third == 100) // TEST-NET-2
                || (first == 203 && second == 0 && third == 113) // TEST-NET-3
                || first >= 224; // multicast 224/4 and reserved 240/4 including broadcast
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
    public static RefusedException findRefusal(Throwable failure) {
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
     * throw; it is also an {@link IOException}, so a socket can throw it too.
     */
    public static final class RefusedException extends UnknownHostException {
        public RefusedException(String message) {
            super(message);
        }
    }
}
