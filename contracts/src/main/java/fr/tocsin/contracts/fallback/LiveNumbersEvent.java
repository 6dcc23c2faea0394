package fr.tocsin.contracts.fallback;

import fr.tocsin.contracts.event.EventEnvelope;
import fr.tocsin.contracts.territory.TerritoryRef;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The complete set of live fallback numbers of one territory, published on
 * {@link fr.tocsin.contracts.Topics#FALLBACK_NUMBERS} keyed by territory whenever the set changes.
 * An empty list means nothing is live there any more.
 */
public record LiveNumbersEvent(int schemaVersion, UUID eventId, Instant occurredAt, TerritoryRef territory,
                               long version, List<LiveNumber> numbers) implements EventEnvelope {

    public LiveNumbersEvent {
        numbers = numbers == null ? List.of() : List.copyOf(numbers);
    }

    @Override
    public String key() {
        return territory.toString();
    }

    @Override
    public long aggregateVersion() {
        return version;
    }
}
