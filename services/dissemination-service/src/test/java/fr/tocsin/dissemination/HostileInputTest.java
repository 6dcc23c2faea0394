package fr.tocsin.dissemination;

import fr.tocsin.testsupport.HostileRequests;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;

/**
 * Hostile input on the public pages, feeds, CAP (messages and signing keys) and pull API: hostile paths and parameters
 * (never a 5xx, the API and the signing keys' errors in problem+json, nothing reflected raw, the keys never more than
 * public). Account registrations moved with the accounts to broadcast-service.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class HostileInputTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void publicPathsAndParameters() {
        HostileRequests.fireGets(base.toString(), 600, Map.of(), (random, encoded) -> switch (random.nextInt(12)) {
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
        }, (path, answer) -> {
            if (!path.startsWith("cap/signing-keys")) {
                return null;
            }
            if (answer.status() >= 400 && !answer.contentType().startsWith("application/problem+json")
                    && !HostileRequests.refusedByHttpLayer(answer.status())) {
                return answer.status() + " without problem+json for /" + path;
            }
            return answer.status() == 200 && !publicKeysOnly(answer)
                    ? "not the public keys alone at /" + path + ": " + answer.contentType() : null;
        });
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
