package fr.tocsin.incident.lifecycle.persistence;

import fr.tocsin.contracts.incident.IncidentStatus;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/** The incident table's queries: reads, the row lock of a change, and the reference sequence. */
@ApplicationScoped
public class IncidentRepository {

    @Inject
    EntityManager em;

    public Optional<IncidentEntity> find(UUID id) {
        return IncidentEntity.findByIdOptional(id);
    }

    /** The row locked for a change, so concurrent writers serialize and the version check is exact. */
    public Optional<IncidentEntity> lock(UUID id) {
        return Optional.ofNullable(em.find(IncidentEntity.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    /** Incidents in these statuses (any when null or empty) changed at or after {@code since} (any when null), most recent first. */
    public Stream<IncidentEntity> changedSince(Set<IncidentStatus> statuses, Instant since) {
        StringBuilder query = new StringBuilder("from IncidentEntity i where 1 = 1");
        Parameters parameters = new Parameters();
        if (statuses != null && !statuses.isEmpty()) {
            query.append(" and i.status in :statuses");
            parameters.and("statuses", statuses);
        }
        if (since != null) {
            query.append(" and i.updatedAt >= :since");
            parameters.and("since", since);
        }
        query.append(" order by i.updatedAt desc");
        return IncidentEntity.<IncidentEntity>find(query.toString(), parameters).stream();
    }

    /**
     * Planned works whose start has come (SCHEDULED, planned start at or before {@code now}), the earliest first,
     * locked for the caller's transaction. A row another transaction holds (a replica's sweep, an authority's
     * change) is skipped, not waited for: two replicas never take the same one, and a sweep never blocks.
     */
    public Optional<IncidentEntity> claimDueToStart(Instant now) {
        return claim("status = 'SCHEDULED' and planned_start_at <= :now order by planned_start_at", now);
    }

    /** Planned works in force whose planned end has come, locked like {@link #claimDueToStart}. */
    public Optional<IncidentEntity> claimDueToEnd(Instant now) {
        return claim("status in ('ACTIVE', 'MONITORING') and planned_end_at <= :now order by planned_end_at", now);
    }

    private Optional<IncidentEntity> claim(String condition, Instant now) {
        @SuppressWarnings("unchecked")
        java.util.List<Object> ids = em.createNativeQuery("select cast(id as text) from incident where " + condition
                        + " limit 1 for update skip locked")
                .setParameter("now", now)
                .getResultList();
        // Already locked by this transaction: the entity is read, not waited for.
        return ids.stream().findFirst().map(id -> em.find(IncidentEntity.class, UUID.fromString(id.toString())));
    }

    /** The next number of the INC-yyyy-nnnnnn references. */
    public long nextReferenceNumber() {
        return ((Number) em.createNativeQuery("select nextval('incident_reference_seq')").getSingleResult()).longValue();
    }

    /** Writes the change now, so the snapshot read back for the audit and the event is what the database holds. */
    public void flush() {
        em.flush();
    }
}
