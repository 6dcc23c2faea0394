package fr.tocsin.contracts;

/**
 * Kafka topics between the services. The version suffix changes only with an incompatible event format;
 * compatible additions bump {@link fr.tocsin.contracts.event.EventEnvelope#CURRENT_SCHEMA_VERSION} instead.
 */
public final class Topics {

    /** Incident snapshots, keyed by incident id; compacted: the latest version per incident is enough. */
    public static final String INCIDENTS = "tocsin.incidents.v1";

    /** Live fallback numbers of a territory, keyed by territory; compacted. */
    public static final String FALLBACK_NUMBERS = "tocsin.fallback-numbers.v1";

    private Topics() {
    }
}
