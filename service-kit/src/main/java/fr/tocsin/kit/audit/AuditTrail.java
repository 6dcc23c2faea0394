package fr.tocsin.kit.audit;

import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.territory.TerritoryRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The audit trail of a service: one chained record per write, appended in the transaction of the write (so no
 * write is without its record), read back by territory, and verified.
 */
@ApplicationScoped
public class AuditTrail {

    /** Serialises appends: two transactions must not both chain to the same last record. */
    static final long APPEND_LOCK = 0x746f_6373_696e_4155L;

    private static final int PAGE = 500;

    @Inject
    AuditChain chain;

    @Inject
    EntityManager em;

    @Inject
    TransactionSynchronizationRegistry transaction;

    /**
     * Appends a record. {@code before} and {@code after} are written as JSON: pass views without secrets.
     *
     * @param targetId    what was acted on (null for an action on many)
     * @param territories the territories the action concerns: who may read the record depends on them
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditRecord append(Actor actor, String action, String targetId, Collection<TerritoryRef> territories,
                              Object before, Object after, Instant at) {
        return appendJson(actor, action, targetId, territories, json(before), json(after), at);
    }

    /** As {@link #append}, with the states already written as JSON. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditRecord appendJson(Actor actor, String action, String targetId, Collection<TerritoryRef> territories,
                                  String before, String after, Instant at) {
        AuditRecord record = new AuditRecord();
        // PostgreSQL keeps microseconds: hash what will be read back.
        record.at = at.truncatedTo(ChronoUnit.MICROS);
        record.actor = actor.subject();
        record.actorRole = actor.role().claim();
        record.action = action;
        record.targetId = targetId;
        record.territories = territories.stream().map(TerritoryRef::toString).distinct().sorted().toArray(String[]::new);
        record.before = before;
        record.after = after;
        // The first append of a transaction takes the lock (held to its end) and reads the last record; the next
        // ones (an import's rows) chain to what this transaction appended last.
        Object[] last = (Object[]) transaction.getResource(AuditTrail.class);
        if (last == null) {
            em.createNativeQuery("select pg_advisory_xact_lock(:lock)").setParameter("lock", APPEND_LOCK).getSingleResult();
            last = lastLink();
        }
        chain.link(record, (byte[]) last[0], (String) last[1]);
        em.persist(record);
        transaction.putResource(AuditTrail.class, new Object[] {record.hash, record.keyId});
        return record;
    }

    /** The hash and key id of the last record ({null, null} for an empty trail). */
    private Object[] lastLink() {
        List<?> rows = em.createNativeQuery("select hash, key_id from audit_record order by id desc limit 1").getResultList();
        return rows.isEmpty() ? new Object[2] : (Object[]) rows.get(0);
    }

    private static String json(Object state) {
        return state == null ? null : state instanceof String text ? text : EventJson.write(state);
    }

    /**
     * The records a reader may see, newest first. The ministry (or anyone holding FR) sees all; others only the
     * records whose every territory lies within theirs, so a record about two departments is for the ministry
     * or a reader holding both; records without territories are the ministry's.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<AuditRecord> page(Actor reader, String targetId, Instant since, int page, int size) {
        StringBuilder sql = new StringBuilder("select * from audit_record where true");
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (targetId != null) {
            sql.append(" and target_id = :target");
            parameters.put("target", targetId);
        }
        if (since != null) {
            sql.append(" and at >= :since");
            parameters.put("since", since);
        }
        Set<String> covered = AuditScope.covered(reader);
        if (covered != null) {
            sql.append(" and cardinality(territories) > 0 and not exists (select 1 from unnest(territories) t"
                    + " where t <> all(string_to_array(:covered, ',')))");
            parameters.put("covered", String.join(",", covered));
        }
        sql.append(" order by id desc");
        Query query = em.createNativeQuery(sql.toString(), AuditRecord.class);
        parameters.forEach(query::setParameter);
        return query.setFirstResult(page * size).setMaxResults(size).getResultList();
    }

    /** Verifies the whole chain, oldest first, a page at a time so a long history does not fill the memory. */
    @Transactional
    public AuditChain.Verification verify() {
        List<?> start = em.createNativeQuery("select first_record_id from audit_chain_start").getResultList();
        Iterator<AuditRecord> records = new Iterator<>() {
            private final Deque<AuditRecord> page = new ArrayDeque<>();
            private long after = Long.MIN_VALUE;
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                if (page.isEmpty() && !exhausted) {
                    em.clear();
                    List<AuditRecord> next = em.createQuery("from AuditRecord where id > ?1 order by id", AuditRecord.class)
                            .setParameter(1, after).setMaxResults(PAGE).getResultList();
                    exhausted = next.size() < PAGE;
                    page.addAll(next);
                    if (!next.isEmpty()) {
                        after = next.get(next.size() - 1).id;
                    }
                }
                return !page.isEmpty();
            }

            @Override
            public AuditRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.removeFirst();
            }
        };
        return chain.verify(records, start.size() == 1 ? ((Number) start.get(0)).longValue() : null);
    }
}
