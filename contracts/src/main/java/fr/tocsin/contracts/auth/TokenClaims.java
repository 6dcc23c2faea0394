package fr.tocsin.contracts.auth;

import jakarta.json.JsonString;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the {@link Actor} from a verified token's claims, the same way wherever the token comes from: a service's
 * bearer token (service-kit {@code TokenActor}) or the console's ID token of the signed-in person. Kept apart from
 * {@link Actor} because it reads JSON-P values (a JWT library gives array claims as {@code JsonString}s), which only
 * the services' runtimes carry.
 */
public final class TokenClaims {

    private TokenClaims() {
    }

    /**
     * @param claim the token's claim by name (a JWT's {@code getClaim})
     * @return empty when no group names a Tocsin role
     * @throws IllegalArgumentException when a territory is malformed
     */
    public static Optional<Actor> actor(String subject, Set<String> groups, Function<String, Object> claim) {
        Object territories = claim.apply(Actor.TERRITORIES_CLAIM);
        List<String> refs = territories instanceof Collection<?> values ? values.stream().map(TokenClaims::text).toList()
                : List.of();
        return Actor.fromClaims(subject, text(claim.apply("name")), groups == null ? Set.of() : groups, refs,
                text(claim.apply(Actor.AUTHORITY_CLAIM)));
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof JsonString json ? json.getString() : value.toString();
    }
}
