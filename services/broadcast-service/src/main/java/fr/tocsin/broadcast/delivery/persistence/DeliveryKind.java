package fr.tocsin.broadcast.delivery.persistence;

/** What a post says: an incident declared, updated or ended, or a territory's fallback numbers changed. */
public enum DeliveryKind {
    DECLARED, UPDATED, ENDED, NUMBERS
}
