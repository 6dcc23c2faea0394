package fr.tocsin.kit.auth;

import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.auth.TokenClaims;
import fr.tocsin.kit.problem.KitProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The acting person, read from the verified bearer token (contracts {@link TokenClaims} does the reading). */
@RequestScoped
public class TokenActor {

    @Inject
    JsonWebToken token;

    /** @throws KitProblemException 403 when the token names no Tocsin role or a malformed territory */
    public Actor get() {
        try {
            return TokenClaims.actor(token.getSubject(), token.getGroups(), token::getClaim)
                    .orElseThrow(() -> KitProblemException.forbidden("Aucun rôle Tocsin dans le jeton / no Tocsin role in the token"));
        } catch (IllegalArgumentException e) {
            throw KitProblemException.forbidden("Territoire invalide dans le jeton / invalid territory in the token: "
                    + e.getMessage());
        }
    }
}
