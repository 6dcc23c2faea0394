package fr.tocsin.contracts.fallback;

import java.util.Comparator;
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

    /** The order citizens look for them: SAMU, police, fire, European number, then the others; then priority. */
    public static final Comparator<LiveNumber> CITIZENS_ORDER = Comparator
            .comparingInt((LiveNumber n) -> serviceRank(n.service()))
            .thenComparing(LiveNumber::service).thenComparingInt(LiveNumber::priority)
            .thenComparing(LiveNumber::e164);

    private static final List<String> SERVICE_ORDER = List.of("15", "17", "18", "112", "114", "115", "116117", "119",
            "191", "196", "197");

    private static int serviceRank(String service) {
        int rank = SERVICE_ORDER.indexOf(service);
        return rank < 0 ? SERVICE_ORDER.size() : rank;
    }

    public LiveNumber {
        incidents = incidents == null ? List.of() : List.copyOf(incidents);
    }
}
