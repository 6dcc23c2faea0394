package fr.tocsin.dissemination.readmodel;

/** Reactive Messaging channel names; their topics are set in application.properties. */
public final class Channels {

    /** Bound to {@link fr.tocsin.contracts.Topics#INCIDENTS}. */
    public static final String INCIDENTS_IN = "incidents-in";

    /** Bound to {@link fr.tocsin.contracts.Topics#FALLBACK_NUMBERS}. */
    public static final String NUMBERS_IN = "numbers-in";

    private Channels() {
    }
}
