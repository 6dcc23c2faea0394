package fr.tocsin.broadcast.incidents.persistence;

import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.kit.messaging.SnapshotTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The newest public snapshot of each incident and the newest live numbers of each territory, in this service's own
 * tables ({@code incident_snapshot}, {@code live_numbers_snapshot}). Each store is one conditional statement, so two
 * consumers racing on the same version (during a rebalance) store it once: only the one that stored it plans posts.
 */
@ApplicationScoped
public class FollowedSnapshots {

    private static final SnapshotTable INCIDENTS = new SnapshotTable("incident_snapshot", "id", "snapshot");
    private static final SnapshotTable LIVE_NUMBERS = new SnapshotTable("live_numbers_snapshot", "territory", "numbers");

    @Inject
    EntityManager em;

    /** The stored snapshot of an incident, locked until the transaction ends (a concurrent store waits). */
    @SuppressWarnings("unchecked")
    public Optional<IncidentSnapshot> lockIncident(UUID id) {
        List<String> rows = em.createNativeQuery("select cast(snapshot as text) from incident_snapshot where id = :id for update")
                .setParameter("id", id).getResultList();
        return rows.stream().findFirst().map(json -> EventJson.read(json, IncidentSnapshot.class));
    }

    /** Stores the snapshot if it is newer than the stored one; true when it was stored (a new version). */
    public boolean storeIfNewer(IncidentSnapshot incident) {
        return INCIDENTS.storeIfNewer(em, incident.id(), incident.version(), EventJson.write(incident));
    }

    /** Stores a territory's live numbers if newer than the stored ones; true when stored (a new version). */
    public boolean storeIfNewer(LiveNumbersEvent numbers) {
        return LIVE_NUMBERS.storeIfNewer(em, numbers.territory().toString(), numbers.version(), EventJson.write(numbers));
    }

    /** The newest live numbers of these territories (those that have some stored). */
    @SuppressWarnings("unchecked")
    public List<LiveNumbersEvent> liveNumbers(java.util.Collection<String> territories) {
        if (territories.isEmpty()) {
            return List.of();
        }
        List<String> rows = em.createNativeQuery("select cast(numbers as text) from live_numbers_snapshot "
                        + "where territory = any(string_to_array(:territories, ',')) order by territory")
                .setParameter("territories", String.join(",", territories)).getResultList();
        return rows.stream().map(json -> EventJson.read(json, LiveNumbersEvent.class)).toList();
    }
}
