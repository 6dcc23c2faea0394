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
 * Hostile input on the public pages, feeds and pull API: hostile paths and parameters (never a 5xx, the API in
 * problem+json, nothing reflected raw). Account registrations moved with the accounts to broadcast-service.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "dissemination"))
class HostileInputTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void publicPathsAndParameters() {
        HostileRequests.fireGets(base.toString(), 600, Map.of(), (random, encoded) -> switch (random.nextInt(10)) {
            case 0 -> "departements/" + encoded;
            case 1 -> "communes/" + encoded;
            case 2 -> "incidents/" + encoded;
            case 3 -> "en/departements/" + encoded + "/imprimer";
            case 4 -> "widget/departements/" + encoded;
            case 5 -> "recherche?q=" + encoded;
            case 6 -> "api/v1/notices?territory=" + encoded;
            case 7 -> "api/v1/notices?since=" + encoded;
            case 8 -> "feeds/incidents.atom?territory=" + encoded;
            default -> "cap/" + encoded + ".xml";
        });
    }
}
