package fr.tocsin.contracts.auth;

import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The authenticated person acting, as the token of the authorities' OIDC issuer describes them. The claims
 * are a contract between the issuer and every service, so they are read here, once.
 *
 * @param subject     stable identifier (the token's subject)
 * @param territories where the person may act
 * @param authority   the authority they act for, as the public sees it ("Préfecture du Nord")
 */
public record Actor(String subject, String name, Role role, List<TerritoryRef> territories, String authority) {

    public enum Role {
        /** Any territory. */
        MINISTRY,
        /** Its department(s) and their communes. */
        PREFECTURE,
        /** Its commune only. */
        MAYOR,
        /** Declares outages of its own network, as drafts an authority must approve. */
        OPERATOR;

        public String claim() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Claim carrying the territories the person may act on (canonical references). */
    public static final String TERRITORIES_CLAIM = "tocsin_territories";
    /** Claim carrying the authority shown to the public. */
    public static final String AUTHORITY_CLAIM = "tocsin_authority";

    public Actor {
        territories = List.copyOf(territories);
    }

    /**
     * @param groups      the token's groups; the first one naming a Tocsin role ({@link Role#claim()}, exactly) wins
     * @param territories the {@value #TERRITORIES_CLAIM} claim's values
     * @return empty when no group names a Tocsin role
     * @throws IllegalArgumentException when a territory is malformed
     */
    public static Optional<Actor> fromClaims(String subject, String name, Set<String> groups,
                                             Collection<String> territories, String authority) {
        // Exactly the lower-case claim names, as @RolesAllowed compares them: a group "MINISTRY" that one check
        // accepted and the other refused would make the two disagree on who may do what.
        Optional<Role> role = groups.stream().flatMap(group -> Arrays.stream(Role.values())
                .filter(candidate -> candidate.claim().equals(group))).findFirst();
        if (role.isEmpty()) {
            return Optional.empty();
        }
        List<TerritoryRef> refs = new ArrayList<>();
        for (String territory : territories) {
            refs.add(TerritoryRef.parse(territory));
        }
        if (role.get() == Role.MINISTRY && refs.isEmpty()) {
            refs.add(TerritoryRef.national());
        }
        String who = name == null || name.isBlank() ? subject : name;
        return Optional.of(new Actor(subject, who, role.get(), refs,
                authority == null || authority.isBlank() ? who : authority));
    }

    /** Whether the territory lies within one of the actor's. */
    public boolean covers(TerritoryRef territory) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        return territories.stream().anyMatch(own -> directory.covers(own, territory));
    }
}
