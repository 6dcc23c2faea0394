package fr.tocsin.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.response.Response;

import java.util.Map;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * service-kit's rate limiter as each service's test sees it: a tight limit ({@link Tight}, {@link #BURST} requests
 * at once), and the check that a client gets its burst and then a 429 problem+json telling it when to retry. A test
 * states only which of its endpoints are limited and for whom.
 */
public final class RateLimits {

    /** The requests a client may send at once under {@link Tight}. */
    public static final int BURST = 3;

    private RateLimits() {
    }

    /** A burst of {@link #BURST}, refilled at 6 a minute: a test's requests never refill it by accident. */
    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tocsin.rate-limit.requests-per-minute", "6", "tocsin.rate-limit.burst", String.valueOf(BURST));
        }
    }

    /**
     * Sends {@code request} {@link #BURST} times, each answered {@code status}, then once more: 429 in problem+json
     * with a {@code Retry-After}.
     */
    public static void exhaust(Supplier<Response> request, int status) {
        for (int i = 0; i < BURST; i++) {
            request.get().then().statusCode(status);
        }
        request.get().then().statusCode(429).contentType(startsWith("application/problem+json"))
                .header("Retry-After", notNullValue()).body("status", equalTo(429));
    }

    /**
     * The audit trail (service-kit's {@code /api/v1/audit}) is an authority endpoint: limited per client like the
     * others. {@code token} must be a client no other request of the test uses.
     */
    public static void auditTrailIsLimited(String token) {
        exhaust(() -> given().header("Authorization", Tokens.bearer(token)).get("/api/v1/audit"), 200);
    }
}
