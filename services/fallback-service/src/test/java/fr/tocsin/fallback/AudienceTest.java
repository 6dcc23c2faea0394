package fr.tocsin.fallback;

import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.testsupport.Audiences;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Only tokens issued for this API are accepted (#14 finding 9): same issuer and key, another audience → 401. */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "fallback"))
class AudienceTest {

    private static final String NUMBERS = "/api/v1/fallback-numbers";

    @Test
    void aTokenForAnotherClientOrTheOtherApisIsRefused() {
        Audiences.refuseTokensNotFor(NUMBERS, JwtKeys.FALLBACK_API);
    }

    @Test
    void aTokenForThisApiIsAccepted() {
        Audiences.acceptTokensFor(NUMBERS, JwtKeys.FALLBACK_API);
    }
}
