package fr.tocsin.dissemination;

import fr.tocsin.testsupport.HostileRequests;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input on the public pages, feeds, CAP (messages and signing keys) and pull API: hostile paths and parameters
 * (never a 5xx, the API and the signing keys' errors in problem+json, nothing reflected raw, the keys never more than
 * public). Account registrations moved with the accounts to broadcast-service.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class HostileInputTest {

    private static final List<String> HOSTILE = List.of("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
            "' OR 1=1 --", "../../../etc/passwd", "%00", "\u0000", "${jndi:ldap://x/a}", "{{7*7}}", "{#insert /}",
            "9".repeat(5000), "department:00", "commune:99999", "region:", "FR;DROP TABLE notice", "\ud800", "é\u202e",
            "2026-13-45T99:99:99Z", "-1", "NaN", "[]", "{}", " ", "");

    @TestHTTPResource("/")
    URL base;

    @Test
    void publicPathsAndParameters() {
        long seed = Long.getLong("tocsin.fuzz.seed", new Random().nextLong());
        Random random = new Random(seed);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (; sent < 600; sent++) {
            String value = HOSTILE.get(random.nextInt(HOSTILE.size()));
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
            String path = switch (random.nextInt(12)) {
                case 0 -> "departements/" + encoded;
                case 1 -> "communes/" + encoded;
                case 2 -> "incidents/" + encoded;
                case 3 -> "en/departements/" + encoded + "/imprimer";
                case 4 -> "widget/departements/" + encoded;
                case 5 -> "recherche?q=" + encoded;
                case 6 -> "api/v1/notices?territory=" + encoded;
                case 7 -> "api/v1/notices?since=" + encoded;
                case 8 -> "feeds/incidents.atom?territory=" + encoded;
                // The CAP signing keys: parameters they do not take, formats they do not have.
                case 9 -> "cap/signing-keys." + (random.nextBoolean() ? "pem" : "jwks") + "?kid=" + encoded;
                case 10 -> "cap/signing-keys." + encoded;
                default -> "cap/" + encoded + ".xml";
            };
            HostileRequests.Answer answer = HostileRequests.get(base + path);
            if (answer.status() >= 500) {
                failures.add(answer.status() + " for /" + path);
            }
            if (path.startsWith("api/") && answer.status() >= 400 && !answer.contentType().startsWith("application/problem+json")
                    && !HostileRequests.refusedByHttpLayer(answer.status())) {
                failures.add(answer.status() + " without problem+json for /" + path);
            }
            if (path.startsWith("cap/signing-keys") && answer.status() >= 400
                    && !answer.contentType().startsWith("application/problem+json")
                    && !HostileRequests.refusedByHttpLayer(answer.status())) {
                failures.add(answer.status() + " without problem+json for /" + path);
            }
            if (path.startsWith("cap/signing-keys") && answer.status() == 200 && !publicKeysOnly(answer)) {
                failures.add("not the public keys alone at /" + path + ": " + answer.contentType());
            }
            // Only markup can run a script: JSON and XML answers are served as such, with nosniff.
            if (value.contains("<") && answer.contentType().startsWith("text/html") && answer.body().contains(value)) {
                failures.add("reflected unescaped in /" + path);
            }
        }
        System.out.println("Hostile public requests (seed " + seed + "): " + sent + " sent, mishandled: " + failures.size());
        assertThat(failures).as("seed " + seed).isEmpty();
    }

    /** A 200 of the signing keys is the PEM or JWK Set of public keys: no private part, whatever was asked. */
    private static boolean publicKeysOnly(HostileRequests.Answer answer) {
        boolean pem = answer.contentType().startsWith("application/x-pem-file")
                && answer.body().contains("-----BEGIN PUBLIC KEY-----");
        boolean jwks = answer.contentType().startsWith("application/jwk-set+json") && answer.body().contains("\"keys\"")
                && !answer.body().matches("(?s).*\"(d|p|q|dp|dq|qi)\"\\s*:.*");
        return (pem || jwks) && !answer.body().contains("PRIVATE");
    }
}
