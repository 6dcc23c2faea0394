package fr.tocsin.kit.auth;

import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.kit.problem.KitProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.List;

/** The acting person, read from the verified bearer token ({@link Actor#fromClaims} does the reading). */
@RequestScoped
public class TokenActor {

    @Inject
    JsonWebToken token;

    /** @throws KitProblemException 403 when the token names no Tocsin role or a malformed territory */
    public Actor get() {
        try {
            return Actor.fromClaims(token.getSubject(), claim("name"), token.getGroups(), territories(),
                            claim(Actor.AUTHORITY_CLAIM))
                    .orElseThrow(() -> KitProblemException.forbidden("Aucun rôle Tocsin dans le jeton / no Tocsin role in the token"));
        } catch (IllegalArgumentException e) {
            throw KitProblemException.forbidden("Territoire invalide dans le jeton / invalid territory in the token: "
                    + e.getMessage());
        }
    }

    private List<String> territories() {
        Object claim = token.getClaim(Actor.TERRITORIES_CLAIM);
        return claim instanceof Collection<?> values ? values.stream().map(TokenActor::text).toList() : List.of();
    }

    private String claim(String name) {
        Object value = token.getClaim(name);
        return value == null ? null : text(value);
    }

    private static String text(Object value) {
        return value instanceof JsonString json ? json.getString() : value.toString();
    }
}
