package fr.tocsin.contracts.event;

import java.time.Instant;
import java.util.UUID;

/** What every event on a Tocsin topic carries besides its payload. */
public interface EventEnvelope {

    /**
     * Version of the event format. Consumers accept any version with the same major topic, ignoring
     * unknown fields, so producers can add fields without a coordinated release.
     */
    int CURRENT_SCHEMA_VERSION = 1;

    int schemaVersion();

    /** Unique per event; lets consumers and operators trace one delivery. */
    UUID eventId();

    Instant occurredAt();

    /** The Kafka record key: the aggregate the snapshot belongs to. */
    String key();

    /** Grows with every change of the aggregate; consumers apply only a newer version than they have. */
    long aggregateVersion();
}
