package fr.tocsin.broadcast.delivery.persistence;

import java.time.Instant;

/** A timestamptz column of a native query, as the driver hands it over. */
final class Timestamps {

    private Timestamps() {
    }

    static Instant instant(Object value) {
        return switch (value) {
            case Instant instant -> instant;
            case java.time.OffsetDateTime offset -> offset.toInstant();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("A timestamp read as " + value.getClass());
        };
    }
}
