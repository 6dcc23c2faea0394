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

    /** The next number of the INC-yyyy-nnnnnn references. */
    public long nextReferenceNumber() {
        return ((Number) em.createNativeQuery("select nextval('incident_reference_seq')").getSingleResult()).longValue();
    }

    /** Writes the change now, so the snapshot read back for the audit and the event is what the database holds. */
    public void flush() {
        em.flush();
    }
}
