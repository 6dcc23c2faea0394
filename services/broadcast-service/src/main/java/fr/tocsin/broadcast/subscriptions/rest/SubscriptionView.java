package fr.tocsin.broadcast.subscriptions.rest;

import fr.tocsin.broadcast.subscriptions.Subscriptions;

import java.util.UUID;

/** What the caller learns: the subscription to confirm, never another person's data. */
public record SubscriptionView(UUID id, String channel, String status) {

    static SubscriptionView of(Subscriptions.Outcome outcome) {
        return new SubscriptionView(outcome.id(), outcome.channel().name(), outcome.confirmed() ? "CONFIRMED" : "PENDING");
    }
}
