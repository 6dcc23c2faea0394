package fr.tocsin.dissemination.readmodel.persistence;

import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.List;

@ApplicationScoped
public class IncidentViewRepository {

    @Inject
    EntityManager em;

    /** Stores the snapshot only if newer than the stored one; one statement, safe with concurrent consumers. */
    public boolean upsertIfNewer(IncidentSnapshot incident) {
        return em.createNativeQuery("""
                        insert into incident_view (id, version, snapshot, received_at)
                        values (:id, :version, cast(:snapshot as jsonb), now())
                        on conflict (id) do update
                           set version = excluded.version, snapshot = excluded.snapshot,
                               received_at = excluded.received_at
                         where incident_view.version < excluded.version
                        """)
                .setParameter("id", incident.id())
                .setParameter("version", incident.version())
                .setParameter("snapshot", EventJson.write(incident))
                .executeUpdate() == 1;
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
        return em.createNativeQuery("""
                        insert into live_numbers_view (territory, version, numbers, received_at)
                        values (:territory, :version, cast(:numbers as jsonb), now())
                        on conflict (territory) do update
                           set version = excluded.version, numbers = excluded.numbers, received_at = excluded.received_at
                         where live_numbers_view.version < excluded.version
                        """)
                .setParameter("territory", event.territory().toString())
                .setParameter("version", event.version())
                .setParameter("numbers", EventJson.write(event))
                .executeUpdate() == 1;
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
