package fr.tocsin.broadcast;

import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Accounts can be declared in configuration (a ConfigMap in production) and are registered at start. */
@QuarkusTest
@TestProfile(ConfiguredAccountsTest.WithAConfiguredAccount.class)
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "broadcast"))
class ConfiguredAccountsTest {

    public static class WithAConfiguredAccount implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Test-only and unreachable: it must never receive anything from the other tests' actual incidents.
            return Map.of(
                    "tocsin.social.accounts.cfg-partenaire-exercices.network", "WEBHOOK",
                    "tocsin.social.accounts.cfg-partenaire-exercices.territory", "region:28",
                    "tocsin.social.accounts.cfg-partenaire-exercices.base-url", "http://127.0.0.1:9/hook",
                    "tocsin.social.accounts.cfg-partenaire-exercices.credentials", "test-webhook",
                    "tocsin.social.accounts.cfg-partenaire-exercices.test-only", "true");
        }
    }

    @Test
    void aConfiguredAccountIsRegisteredAtStart() {
        given().header("Authorization", Tokens.bearer(Tokens.ministry())).get("/api/v1/social-accounts").then()
                .statusCode(200)
                .body("name", hasItem("cfg-partenaire-exercices"))
                .body("find { it.name == 'cfg-partenaire-exercices' }.network", equalTo("WEBHOOK"))
                .body("find { it.name == 'cfg-partenaire-exercices' }.territory", equalTo("region:28"))
                .body("find { it.name == 'cfg-partenaire-exercices' }.testOnly", equalTo(true));
    }
}
