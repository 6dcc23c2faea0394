package fr.tocsin.fallback.activation;

import fr.tocsin.fallback.directory.PhoneNumbers;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventEnvelope;
import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.kit.outbox.OutboxWriter;
import fr.tocsin.fallback.directory.DirectoryChanged;
import fr.tocsin.fallback.directory.persistence.FallbackNumberEntity;
import fr.tocsin.fallback.directory.persistence.FallbackNumberRepository;
import fr.tocsin.fallback.activation.persistence.IncidentStateRepository;
import fr.tocsin.fallback.activation.persistence.IncidentStateRepository.IncidentState;
import fr.tocsin.fallback.activation.persistence.LiveNumbersRepository;
import fr.tocsin.fallback.activation.persistence.LiveNumbers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Decides what is live in each territory: numbers published by hand, and standby numbers whose service an
 * actual incident in force affects there. Every change of a territory's live numbers becomes a new version, a history
 * entry and an event, in the transaction that caused it.
 */
@ApplicationScoped
public class Activation {

    @Inject
    IncidentStateRepository incidents;

    @Inject
    LiveNumbersRepository liveNumbers;

    @Inject
    FallbackNumberRepository numbers;

    @Inject
    OutboxWriter outbox;

    /** Number territories that an incident scope reaches: inside it, or containing it. */
    public Set<String> territoriesReachedBy(Collection<String> incidentTerritories) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        List<TerritoryRef> scopes = incidentTerritories.stream().map(TerritoryRef::parse).toList();
        Set<String> reached = new TreeSet<>();
        for (String territory : numbers.registeredTerritories()) {
            TerritoryRef ref = TerritoryRef.parse(territory);
            if (scopes.stream().anyMatch(s -> directory.related(s, ref))) {
                reached.add(territory);
            }
        }
        return reached;
    }

    /** A directory write: what is live where it wrote may have changed. */
    void onDirectoryChanged(@Observes DirectoryChanged change) {
        recompute(change.territories());
    }

    /**
     * Recomputes the live numbers of these territories; publishes those that changed. Set-based whatever their
     * number: a national incident recomputes 101 departments with a handful of statements and appends their events
     * to the outbox as one batch, in the caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recompute(Collection<String> territories) {
        if (territories.isEmpty()) {
            return;
        }
        Set<String> sorted = new TreeSet<>(territories);
        liveNumbers.lockAll(sorted);
        List<IncidentState> activating = incidents.activating();
        Map<String, List<FallbackNumberEntity>> registered = numbers.inTerritories(sorted);
        Map<String, LiveNumbers> current = liveNumbers.findAll(sorted);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<LiveNumbers> changes = new ArrayList<>();
        List<LiveNumbersEvent> events = new ArrayList<>();
        for (String territory : sorted) {
            List<LiveNumber> numbers = liveIn(territory, registered.getOrDefault(territory, List.of()), activating);
            LiveNumbers before = current.get(territory);
            if (before == null ? numbers.isEmpty() : before.numbers().equals(numbers)) {
                continue;
            }
            long version = before == null ? 1 : before.version() + 1;
            changes.add(new LiveNumbers(territory, version, numbers, now));
            events.add(new LiveNumbersEvent(EventEnvelope.CURRENT_SCHEMA_VERSION, UUID.randomUUID(), now,
                    TerritoryRef.parse(territory), version, numbers));
        }
        liveNumbers.saveAll(changes);
        outbox.appendAll(Topics.FALLBACK_NUMBERS, events);
    }

    private List<LiveNumber> liveIn(String territory, List<FallbackNumberEntity> registered, List<IncidentState> activating) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        TerritoryRef here = TerritoryRef.parse(territory);
        return registered.stream()
                .map(entry -> {
                    List<UUID> because = activating.stream()
                            .filter(i -> i.services().contains(entry.service))
                            .filter(i -> i.territories().stream().map(TerritoryRef::parse)
                                    .anyMatch(t -> directory.related(t, here)))
                            .map(IncidentState::id).sorted().toList();
                    boolean live = entry.state == FallbackNumberEntity.State.PUBLISHED || !because.isEmpty();
                    return live ? new LiveNumber(entry.service, entry.priority, entry.e164,
                            PhoneNumbers.validate(entry.e164).national(), entry.label, entry.notes, because) : null;
                })
                .filter(Objects::nonNull)
                .sorted(LiveNumber.CITIZENS_ORDER)
                .toList();
    }
}
