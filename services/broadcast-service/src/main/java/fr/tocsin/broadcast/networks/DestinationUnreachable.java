package fr.tocsin.broadcast.networks;

/**
 * A refusal that is about the destination itself: an SMTP 5xx for the recipient, an SMPP invalid destination. Never
 * retried; the subscription's destination is suspended (docs/SUBSCRIPTIONS.md).
 */
public class DestinationUnreachable extends DeliveryFailure {

    public DestinationUnreachable(String message) {
        super(message, false, null);
    }
}
