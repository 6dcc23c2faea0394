package fr.tocsin.broadcast.accounts;

import fr.tocsin.contracts.posts.Network;
import fr.tocsin.contracts.territory.TerritoryRef;

/** An account to register, as the registry takes it (the API's request is checked and turned into this first). */
public record NewAccount(Network network, TerritoryRef territory, String name, String baseUrl, String target,
                         String credentials, String language, boolean testOnly) {
}
