package fr.tocsin.fallback;

import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static fr.tocsin.fallback.TrustedProxyTest.BURST;
import static fr.tocsin.fallback.TrustedProxyTest.liveNumbersFor;
import static org.hamcrest.Matchers.startsWith;

/**
 * With the default configuration no peer is a trusted proxy: a client that makes up an X-Forwarded-For address per
 * request stays in the bucket of its real address (#14 finding 11).
 */
@QuarkusTest
@TestProfile(UntrustedProxyTest.SmallBurst.class)
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "fallback"))
class UntrustedProxyTest {

    /** Only the limits change: trusted proxies are as application.properties says. */
    public static class SmallBurst implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tocsin.rate-limit.burst", String.valueOf(BURST), "tocsin.rate-limit.requests-per-minute", "1");
        }
    }

    @Test
    void aSpoofedForwardedAddressDoesNotEscapeTheBucket() {
        for (int i = 0; i < BURST; i++) {
            liveNumbersFor("198.51.100." + i).then().statusCode(200);
        }
        liveNumbersFor("198.51.100.99").then().statusCode(429).contentType(startsWith("application/problem+json"));
    }
}
