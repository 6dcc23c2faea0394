package fr.tocsin.fallback.activation.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class IncidentStateRepository {

    @Inject
    EntityManager em;

    /**
     * One statement, so two consumers racing on the same incident cannot both win: the row changes only
     * when the incoming version is newer.
     */
    /** An incident as far as activation cares: what it affects, where, and whether it is in force for real. */
    public record IncidentState(UUID id, long version, String status, String mode, List<String> services,
                                List<String> territories) {

        public boolean activates() {
            return "ACTUAL".equals(mode) && ("ACTIVE".equals(status) || "MONITORING".equals(status));
        }
    }

    public Optional<IncidentState> find(UUID id) {
        return states("where id = :id", id).stream().findFirst();
    }

    /** Actual incidents in force: the only ones that make standby numbers live (never exercises or tests). */
    public List<IncidentState> activating() {
        return states("where mode = 'ACTUAL' and status in ('ACTIVE', 'MONITORING')", null);
    }

    @SuppressWarnings("unchecked")
    private List<IncidentState> states(String where, UUID id) {
        var query = em.createNativeQuery("select id, version, status, mode, services, territories from incident_state " + where);
        if (id != null) {
            query.setParameter("id", id);
        }
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new IncidentState((UUID) r[0], ((Number) r[1]).longValue(), (String) r[2],
                (String) r[3], List.of((String[]) r[4]), List.of((String[]) r[5]))).toList();
    }

    public boolean upsertIfNewer(UUID id, long version, String status, String mode, List<String> services,
                                 List<String> territories) {
        return em.createNativeQuery("""
                        insert into incident_state (id, version, status, mode, services, territories, updated_at)
                        values (:id, :version, :status, :mode, cast(:services as text[]), cast(:territories as text[]), now())
                        on conflict (id) do update
                           set version = excluded.version, status = excluded.status, mode = excluded.mode,
                               services = excluded.services, territories = excluded.territories,
                               updated_at = excluded.updated_at
                         where incident_state.version < excluded.version
                        """)
                .setParameter("id", id)
                .setParameter("version", version)
                .setParameter("status", status)
                .setParameter("mode", mode)
                .setParameter("services", services.toArray(String[]::new))
                .setParameter("territories", territories.toArray(String[]::new))
                .executeUpdate() == 1;
    }
}
