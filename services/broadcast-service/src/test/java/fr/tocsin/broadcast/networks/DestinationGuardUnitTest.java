package fr.tocsin.broadcast.networks;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The production rule of {@link DestinationGuard} (its default: nothing relaxed), with a resolver under the test's control. */
class DestinationGuardUnitTest {

    /** What a name "resolves" to in these tests, as a DNS answer would say. */
    private static final Map<String, String> DNS = Map.of(
            "partner.example", "203.0.113.10",
            "rebound.example", "10.1.2.3",
            "metadata.example", "169.254.169.254",
            "dual.example", "2001:db8::10");

    private final DestinationGuard guard = new DestinationGuard(false, host -> {
        String address = DNS.get(host);
        if (address == null) {
            if (host.matches("[0-9.]+|[0-9a-fA-F:.]+")) {
                return new InetAddress[]{InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        return new InetAddress[]{InetAddress.getByName(address)};
    });

    @Test
    void everyNonPublicRangeIsRefused() {
        for (String address : List.of("127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.0.1", "172.31.255.254", "192.168.1.1",
                "169.254.169.254", "169.254.1.1", "100.64.0.1", "100.127.255.254", "100.100.100.200", "0.0.0.0", "0.1.2.3",
                "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "::", "::1", "fe80::1", "fc00::1",
                "fd00:ec2::254", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::10.0.0.1")) {
            assertThat(DestinationGuard.forbidden(parse(address))).as(address).isPresent();
        }
    }

    @Test
    void publicAddressesPass() {
        for (String address : List.of("203.0.113.10", "8.8.8.8", "100.63.255.255", "100.128.0.1", "172.32.0.1", "192.169.0.1",
                "2001:4860:4860::8888", "2a01:cb00::1")) {
            assertThat(DestinationGuard.forbidden(parse(address))).as(address).isEmpty();
        }
    }

    @Test
    void theDefaultRuleRefusesHttpLocalAndRedirectableDestinationsAndNamesOnlyTheHost() {
        assertThatCode(() -> guard.check("https://partner.example/hooks/tocsin")).doesNotThrowAnyException();
        assertThatCode(() -> guard.check("https://[2001:4860:4860::8888]/hook")).doesNotThrowAnyException();
        refused("http://partner.example/hooks/tocsin", "https only", false);
        refused("https://rebound.example/hooks/secret-path?token=abc", "rebound.example resolves to a private address", false);
        refused("https://metadata.example/latest/meta-data/", "link-local", false);
        refused("https://169.254.169.254/latest/meta-data/", "link-local", false);
        refused("https://127.0.0.1:8443/hook", "loopback", false);
        refused("https://[::1]/hook", "loopback", false);
        refused("https://[::ffff:10.0.0.1]/hook", "private", false);
        refused("https://user:password@partner.example/hook", "no credentials in the URL", false);
        refused("ftp://partner.example/hook", "https only", false);
        refused("https:///hook", "no host", false);
        refused("https://nowhere.example/hook", "does not resolve", true);
    }

    @Test
    void onlyTheExplicitSwitchAllowsHttpAndLocalStubs() {
        DestinationGuard relaxed = new DestinationGuard(true, host -> {
            throw new UnknownHostException(host);
        });
        assertThatCode(() -> relaxed.check("http://127.0.0.1:8089/hook")).doesNotThrowAnyException();
        assertThatThrownBy(() -> relaxed.check("ftp://127.0.0.1/hook")).isInstanceOf(DestinationGuard.Refused.class);
    }

    private void refused(String url, String reason, boolean temporary) {
        assertThatThrownBy(() -> guard.check(url)).as(url).isInstanceOfSatisfying(DestinationGuard.Refused.class, refused -> {
            assertThat(refused.getMessage()).contains(reason).doesNotContain("secret-path").doesNotContain("password")
                    .doesNotContain("token=abc");
            assertThat(refused.temporary()).isEqualTo(temporary);
        });
    }

    private static InetAddress parse(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
