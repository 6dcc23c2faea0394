package fr.tocsin.broadcast.subscriptions;

/** How a subscriber is reached. */
public enum Channel {
    SMS,
    EMAIL
}
