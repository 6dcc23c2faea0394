package fr.tocsin.incident.service;

import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.incident.persistence.AuditRecordEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Writes the audit trail in the transaction of the action, so no action is without its record, each record
 * chained to the previous one ({@link AuditChain}).
 */
@ApplicationScoped
public class AuditLog {

    /** Serialises appends: two transactions must not both chain to the same last record. */
    static final long APPEND_LOCK = 0x746f_6373_696e_4155L;

    private static final int PAGE = 500;

    @Inject
    AuditChain chain;

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Actor actor, String action, UUID incidentId, Object before, Object after,
                       Instant at) {
        AuditRecordEntity record = new AuditRecordEntity();
        // PostgreSQL keeps microseconds: hash what will be read back.
        record.at = at.truncatedTo(ChronoUnit.MICROS);
        record.actor = actor.subject();
        record.actorRole = actor.role().claim();
        record.action = action;
        record.incidentId = incidentId;
        record.before = before == null ? null : EventJson.write(before);
        record.after = after == null ? null : EventJson.write(after);
        AuditRecordEntity.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(:lock)")
                .setParameter("lock", APPEND_LOCK).getSingleResult();
        chain.link(record, AuditRecordEntity.lastHash());
        record.persist();
    }

    /** Verifies the whole chain, oldest first, a page at a time so a long history does not fill the memory. */
    @Transactional
    public AuditChain.Verification verify() {
        Iterator<AuditRecordEntity> records = new Iterator<>() {
            private final Deque<AuditRecordEntity> page = new ArrayDeque<>();
            private long after = Long.MIN_VALUE;
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                if (page.isEmpty() && !exhausted) {
                    AuditRecordEntity.getEntityManager().clear();
                    List<AuditRecordEntity> next = AuditRecordEntity.<AuditRecordEntity>find("id > ?1 order by id", after)
                            .page(0, PAGE).list();
                    exhausted = next.size() < PAGE;
                    page.addAll(next);
                    if (!next.isEmpty()) {
                        after = next.get(next.size() - 1).id;
                    }
                }
                return !page.isEmpty();
            }

            @Override
            public AuditRecordEntity next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.removeFirst();
            }
        };
        return chain.verify(records);
    }
}
