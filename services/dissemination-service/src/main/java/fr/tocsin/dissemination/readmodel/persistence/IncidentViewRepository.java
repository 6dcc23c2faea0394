package fr.tocsin.dissemination.readmodel.persistence;

import fr.tocsin.kit.messaging.SnapshotTable;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.List;

@ApplicationScoped
public class IncidentViewRepository {

    private static final SnapshotTable INCIDENTS = new SnapshotTable("incident_view", "id", "snapshot");
    private static final SnapshotTable LIVE_NUMBERS = new SnapshotTable("live_numbers_view", "territory", "numbers");

    @Inject
    EntityManager em;

    /** Stores the snapshot only if newer than the stored one; one statement, safe with concurrent consumers. */
    public boolean upsertIfNewer(IncidentSnapshot incident) {
        return INCIDENTS.storeIfNewer(em, incident.id(), incident.version(), EventJson.write(incident));
    }

    /** Keeps every version seen, for CAP references; idempotent. */
    public void recordVersion(IncidentSnapshot incident) {
        em.createNativeQuery("""
                        insert into incident_version (id, version, snapshot) values (:id, :version, cast(:snapshot as jsonb))
                        on conflict do nothing""")
                .setParameter("id", incident.id()).setParameter("version", incident.version())
                .setParameter("snapshot", EventJson.write(incident)).executeUpdate();
    }

    /** Every public version of every incident seen, for the in-memory board at start. */
    @SuppressWarnings("unchecked")
    public List<IncidentSnapshot> loadAllVersions() {
        List<String> rows = em.createNativeQuery("select cast(snapshot as text) from incident_version order by id, version")
                .getResultList();
        return rows.stream().map(json -> EventJson.read(json, IncidentSnapshot.class)).toList();
    }

    /** The newest live set per territory; one statement, safe with concurrent consumers. */
    public boolean upsertIfNewer(LiveNumbersEvent event) {
        return LIVE_NUMBERS.storeIfNewer(em, event.territory().toString(), event.version(), EventJson.write(event));
    }

    @SuppressWarnings("unchecked")
    public List<LiveNumbersEvent> loadLiveNumbers() {
        List<String> rows = em.createNativeQuery("select cast(numbers as text) from live_numbers_view").getResultList();
        return rows.stream().map(json -> EventJson.read(json, LiveNumbersEvent.class)).toList();
    }

    @SuppressWarnings("unchecked")
    public List<IncidentSnapshot> loadAll() {
        List<String> rows = em.createNativeQuery("select cast(snapshot as text) from incident_view").getResultList();
        return rows.stream().map(json -> EventJson.read(json, IncidentSnapshot.class)).toList();
    }
}
