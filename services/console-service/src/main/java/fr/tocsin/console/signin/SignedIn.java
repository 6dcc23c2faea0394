package fr.tocsin.console.signin;

import fr.tocsin.contracts.auth.Actor;
import io.quarkus.oidc.IdToken;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The person signed in, as their ID token describes them (the same claims the services read from the access token,
 * contracts {@link Actor}). The console only uses it to choose what to show: every decision is the API's, taken on
 * the person's own access token.
 */
@RequestScoped
public class SignedIn {

    @Inject
    @IdToken
    JsonWebToken idToken;

    /** Empty when the token names no Tocsin role (the API would answer 403 to everything). */
    public Optional<Actor> actor() {
        try {
            return Actor.fromClaims(idToken.getSubject(), claim("name"), idToken.getGroups(), territories(),
                    claim(Actor.AUTHORITY_CLAIM));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** How incident-service signs this person's timeline entries ({@code IncidentChanges#author}). */
    public static String author(Actor actor) {
        return actor.name() + " (" + actor.authority() + ")";
    }

    private List<String> territories() {
        Object claim = idToken.getClaim(Actor.TERRITORIES_CLAIM);
        return claim instanceof Collection<?> values ? values.stream().map(SignedIn::text).toList() : List.of();
    }

    private String claim(String name) {
        Object value = idToken.getClaim(name);
        return value == null ? null : text(value);
    }

    private static String text(Object value) {
        return value instanceof JsonString json ? json.getString() : value.toString();
    }
}
