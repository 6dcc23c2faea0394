package fr.tocsin.broadcast.subscriptions;

import fr.tocsin.contracts.territory.TerritoryRef;

/**
 * A subscription request, its destination already normalized ({@link Destinations}).
 *
 * @param clientAddress the requester's address, for the per-address limit only (never stored)
 */
public record NewSubscription(Channel channel, String destination, TerritoryRef territory, String language,
                              String clientAddress) {
}
