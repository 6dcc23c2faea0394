package fr.tocsin.broadcast.networks;

import fr.tocsin.broadcast.config.SocialConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where credentials and posts may be sent: https only, to a host that resolves to public addresses only. A
 * destination that resolves to a loopback, private (RFC 1918, fc00::/7), link-local (169.254/16 with the cloud
 * metadata endpoints, fe80::/10), unspecified, multicast or CGNAT (100.64/10) address is refused, so an account
 * cannot make the service post its secrets into the cluster or to the metadata service. Checked at registration
 * and again before every request (DNS can change in between). Only tests and the local stack, whose stubs listen
 * on 127.0.0.1 over http, turn {@code tocsin.social.allow-insecure-destinations} on.
 */
@ApplicationScoped
public class DestinationGuard {

    /** Why a destination is refused; the reason names the host only, never a path, query or credential. */
    public static final class Refused extends Exception {
        private final boolean temporary;

        Refused(String reason, boolean temporary) {
            super(reason, null, false, false);
            this.temporary = temporary;
        }

        /** The name did not resolve (now): worth trying again later, unlike a forbidden address. */
        public boolean temporary() {
            return temporary;
        }
    }

    /** Resolves a host name; a seam for the unit test of the classification. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowInsecure;
    private final Resolver resolver;

    @Inject
    public DestinationGuard(SocialConfig config) {
        this(config.allowInsecureDestinations(), InetAddress::getAllByName);
    }

    DestinationGuard(boolean allowInsecure, Resolver resolver) {
        this.allowInsecure = allowInsecure;
        this.resolver = resolver;
    }

    /** @throws Refused with a reason safe to show and store */
    public URI check(String url) throws Refused {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new Refused("adresse invalide / not a valid URL", false);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!scheme.equals("https") && !(allowInsecure && scheme.equals("http"))) {
            throw new Refused("https obligatoire / https only", false);
        }
        if (host == null || host.isBlank()) {
            throw new Refused("hôte manquant / no host", false);
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("identifiants interdits dans l’adresse / no credentials in the URL (" + host + ")", false);
        }
        if (allowInsecure) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new Refused("hôte introuvable / host does not resolve: " + host, true);
        }
        for (InetAddress address : addresses) {
            Optional<String> forbidden = forbidden(address);
            if (forbidden.isPresent()) {
                throw new Refused("destination interdite / forbidden destination: " + host + " resolves to a "
                        + forbidden.get() + " address", false);
            }
        }
        return uri;
    }

    /** What kind of non-public address this is, or empty for a public one. */
    static Optional<String> forbidden(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Optional<InetAddress> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return forbidden(embedded.get());
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("private (fc00::/7)");
            }
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local (cloud metadata)");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        if (address instanceof Inet4Address v4) {
            byte[] b = v4.getAddress();
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return Optional.of("unspecified (0.0.0.0/8)");
            }
            if (first == 100 && (second & 0xc0) == 64) {
                return Optional.of("shared CGNAT (100.64.0.0/10)");
            }
            if (first == 127) {
                return Optional.of("loopback");
            }
            if (first >= 240) {
                return Optional.of("reserved (240.0.0.0/4)");
            }
        }
        return Optional.empty();
    }

    /** IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses, which reach the IPv4 host. */
    private static Optional<InetAddress> embeddedIpv4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return Optional.empty();
            }
        }
        boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = b[10] == 0 && b[11] == 0 && ((b[12] | b[13]) != 0);
        if (!mapped && !compatible) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
