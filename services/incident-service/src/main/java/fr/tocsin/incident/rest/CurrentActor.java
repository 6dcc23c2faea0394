package fr.tocsin.incident.rest;

import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.incident.service.AccessDeniedException;
import fr.tocsin.incident.service.Actor;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Reads the acting person from the verified bearer token. */
@RequestScoped
public class CurrentActor {

    static final String TERRITORIES_CLAIM = "tocsin_territories";
    static final String AUTHORITY_CLAIM = "tocsin_authority";

    @Inject
    JsonWebToken token;

    public Actor get() {
        Actor.Role role = token.getGroups().stream()
                .map(group -> {
                    try {
                        return Actor.Role.valueOf(group.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                })
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElseThrow(() -> new AccessDeniedException("Aucun rôle Tocsin dans le jeton / no Tocsin role in the token"));
        List<TerritoryRef> territories = new ArrayList<>();
        Object claim = token.getClaim(TERRITORIES_CLAIM);
        if (claim instanceof Collection<?> values) {
            for (Object value : values) {
                try {
                    territories.add(TerritoryRef.parse(unquote(value.toString())));
                } catch (IllegalArgumentException e) {
                    throw new AccessDeniedException("Territoire invalide dans le jeton / invalid territory in the token: " + value);
                }
            }
        }
        if (role == Actor.Role.MINISTRY && territories.isEmpty()) {
            territories.add(TerritoryRef.national());
        }
        String name = token.getClaim("name") != null ? unquote(token.getClaim("name").toString()) : token.getName();
        String authority = token.getClaim(AUTHORITY_CLAIM) != null ? unquote(token.getClaim(AUTHORITY_CLAIM).toString()) : name;
        return new Actor(token.getSubject(), name, role, territories, authority);
    }

    /** JSON-P string values print with their quotes. */
    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
