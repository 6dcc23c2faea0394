package fr.tocsin.broadcast.delivery.persistence;

/**
 * What a post says: an incident declared, updated or ended, or a territory's fallback numbers changed; for subscribers
 * also planned works announced ahead (#22: "travaux prévus", before their start, never "injoignable") and planned works
 * cancelled before their start ("travaux annulés", to those told of them).
 */
public enum DeliveryKind {
    DECLARED, UPDATED, ENDED, NUMBERS, PLANNED, CANCELLED
}
