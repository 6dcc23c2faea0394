package fr.tocsin.fallback.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class IncidentStateRepository {

    @Inject
    EntityManager em;

    /**
     * One statement, so two consumers racing on the same incident cannot both win: the row changes only
     * when the incoming version is newer.
     */
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
