package fr.tocsin.incident.lifecycle;

/** Reactive Messaging channel names; their topics are set in application.properties. */
public final class Channels {

    /** Bound to {@link fr.tocsin.contracts.Topics#INCIDENTS}. */
    public static final String INCIDENTS_OUT = fr.tocsin.kit.outbox.OutboxRelay.CHANNEL; // the kit relay's producer

    private Channels() {
    }
}
