package fr.tocsin.console.signin;

import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.auth.TokenClaims;
import io.quarkus.oidc.IdToken;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

/**
 * The person signed in, as their ID token describes them, read as the services read their access token (contracts
 * {@link TokenClaims}, shared with service-kit's {@code TokenActor}). The console only uses it to choose what to
 * show: every decision is the API's, taken on the person's own access token.
 */
@RequestScoped
public class SignedIn {

    @Inject
    @IdToken
    JsonWebToken idToken;

    /** Empty when the token names no Tocsin role (the API would answer 403 to everything). */
    public Optional<Actor> actor() {
        try {
            return TokenClaims.actor(idToken.getSubject(), idToken.getGroups(), idToken::getClaim);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** How incident-service signs this person's timeline entries ({@code IncidentChanges#author}). */
    public static String author(Actor actor) {
        return actor.name() + " (" + actor.authority() + ")";
    }
}
