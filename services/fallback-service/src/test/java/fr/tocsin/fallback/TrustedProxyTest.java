package fr.tocsin.fallback;

import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

/**
 * Behind a trusted proxy (here loopback, the tests' peer, as the ingress controller's network is in Kubernetes),
 * each client of the public live numbers has its own bucket, by its X-Forwarded-For address (#14 finding 11):
 * one client's 429 does not lock out the others.
 */
@QuarkusTest
@TestProfile(TrustedProxyTest.LoopbackIsTheIngress.class)
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "fallback"))
class TrustedProxyTest {

    static final int BURST = 3;

    public static class LoopbackIsTheIngress implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.trusted-proxies", "127.0.0.1,[::1]",
                    "tocsin.rate-limit.burst", String.valueOf(BURST), "tocsin.rate-limit.requests-per-minute", "1");
        }
    }

    @Test
    void eachForwardedClientHasItsOwnBucket() {
        for (int i = 0; i < BURST; i++) {
            liveNumbersFor("192.0.2.10").then().statusCode(200);
        }
        liveNumbersFor("192.0.2.10").then().statusCode(429).contentType(startsWith("application/problem+json"))
                .header("Retry-After", matchesPattern("[0-9]+"));
        liveNumbersFor("192.0.2.20").then().statusCode(200);
        liveNumbersFor("2001:db8::20").then().statusCode(200);
    }

    static io.restassured.response.Response liveNumbersFor(String client) {
        return given().header("X-Forwarded-For", client).get("/api/v1/live-numbers?territory=59");
    }
}
