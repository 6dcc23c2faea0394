package fr.tocsin.incident.service;

import fr.tocsin.contracts.territory.TerritoryRef;

import java.util.List;

/**
 * The authenticated person acting, as the token describes them.
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

    public Actor {
        territories = List.copyOf(territories);
    }
}
