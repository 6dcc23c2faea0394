package fr.tocsin.testsupport;

import fr.tocsin.localstack.JwtKeys;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;

/**
 * Each API takes only the tokens issued for it ({@code aud}, {@link JwtKeys#AUDIENCES}): a token for another client,
 * with no audience, or for every other Tocsin API is a 401 problem; one for this API, or the local default token
 * (which names them all), is accepted. A service's test names one authority endpoint and its own audience.
 */
public final class Audiences {

    private Audiences() {
    }

    /** {@code path} (a GET a ministry may call) refuses every token not issued for {@code ownAudience}. */
    public static void refuseTokensNotFor(String path, String ownAudience) {
        List<String> others = new ArrayList<>(JwtKeys.AUDIENCES);
        if (!others.remove(ownAudience)) {
            throw new IllegalArgumentException(ownAudience + " is not one of " + JwtKeys.AUDIENCES);
        }
        for (String token : List.of(Tokens.ministryFor("account"), Tokens.ministryFor(),
                Tokens.ministryFor(others.toArray(String[]::new)))) {
            given().header("Authorization", Tokens.bearer(token)).get(path)
                    .then().statusCode(401).contentType(startsWith("application/problem+json"));
        }
    }

    /** {@code path} accepts a token issued for {@code ownAudience}, and the default token. */
    public static void acceptTokensFor(String path, String ownAudience) {
        given().header("Authorization", Tokens.bearer(Tokens.ministryFor(ownAudience))).get(path).then().statusCode(200);
        given().header("Authorization", Tokens.bearer(Tokens.ministry())).get(path).then().statusCode(200);
    }
}
