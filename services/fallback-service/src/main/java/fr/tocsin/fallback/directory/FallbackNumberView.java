package fr.tocsin.fallback.directory;

import fr.tocsin.fallback.directory.persistence.FallbackNumberEntity;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

public record FallbackNumberView(UUID id, String territory, String service, int priority, String e164, String national,
                                 String label, String notes, String authority, LocalDate verifiedOn,
                                 FallbackNumberEntity.State state, Instant updatedAt) {

    public static FallbackNumberView of(FallbackNumberEntity e) {
        return new FallbackNumberView(e.id, e.territory, e.service, e.priority, e.e164,
                PhoneNumbers.validate(e.e164).national(), e.label, e.notes, e.authority, e.verifiedOn, e.state, e.updatedAt);
    }

    /** The same view stamped at another time: tells a real change from a rewrite with the same values. */
    public FallbackNumberView withUpdatedAt(Instant at) {
        return new FallbackNumberView(id, territory, service, priority, e164, national, label, notes, authority, verifiedOn,
                state, at);
    }
}
