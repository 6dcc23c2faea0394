package fr.tocsin.dissemination.rest;

import fr.tocsin.contracts.auth.Actor;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import io.quarkus.security.ForbiddenException;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.List;

/** The acting person, read from the verified bearer token (the claims' contract lives in {@link Actor}). */
@RequestScoped
public class CurrentActor {

    @Inject
    JsonWebToken token;

    public Actor get() {
        try {
            return Actor.fromClaims(token.getSubject(), claim("name"), token.getGroups(), territories(),
                            claim(Actor.AUTHORITY_CLAIM))
                    .orElseThrow(() -> new ForbiddenException("no Tocsin role in the token"));
        } catch (IllegalArgumentException e) {
            throw new ForbiddenException("invalid territory in the token");
        }
    }

    private List<String> territories() {
        Object claim = token.getClaim(Actor.TERRITORIES_CLAIM);
        return claim instanceof Collection<?> values ? values.stream().map(CurrentActor::text).toList() : List.of();
    }

    private String claim(String name) {
        Object value = token.getClaim(name);
        return value == null ? null : text(value);
    }

    private static String text(Object value) {
        return value instanceof JsonString json ? json.getString() : value.toString();
    }
}
