package fr.tocsin.contracts.fallback;

import java.util.List;
import java.util.UUID;

/**
 * A fallback number the public should call now instead of an unavailable service.
 *
 * @param service   the replaced service ("15", "17", "mairie", ...)
 * @param e164      the number in E.164 ({@code +33320000000}), for {@code tel:} links
 * @param national  the number as the public dials and reads it ({@code 03 20 00 00 00})
 * @param incidents the incidents that made it live; empty when published by hand
 */
public record LiveNumber(String service, int priority, String e164, String national, String label, String notes,
                         List<UUID> incidents) {

    public LiveNumber {
        incidents = incidents == null ? List.of() : List.copyOf(incidents);
    }
}
