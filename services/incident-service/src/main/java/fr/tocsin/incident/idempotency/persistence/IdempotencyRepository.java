package fr.tocsin.incident.idempotency.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;

/** The idempotency_record table: claiming a key, reading its first answer, forgetting old keys. */
@ApplicationScoped
public class IdempotencyRepository {

    @Inject
    EntityManager em;

    /**
     * Claims (principal, key) by inserting its row in the caller's transaction: a concurrent claim blocks on the row
     * until the first commits. False when the key was already claimed.
     */
    public boolean claim(String principal, String key, String fingerprint) {
        return em.createNativeQuery("""
                        insert into idempotency_record (principal, key, fingerprint, created_at)
                        values (:principal, :key, :fingerprint, now()) on conflict do nothing""")
                .setParameter("principal", principal).setParameter("key", key).setParameter("fingerprint", fingerprint)
                .executeUpdate() == 1;
    }

    public IdempotencyRecordEntity find(String principal, String key) {
        IdempotencyRecordEntity.Key id = new IdempotencyRecordEntity.Key();
        id.principal = principal;
        id.key = key;
        return em.find(IdempotencyRecordEntity.class, id);
    }

    public void forgetBefore(Instant limit) {
        em.createNativeQuery("delete from idempotency_record where created_at < :limit")
                .setParameter("limit", limit)
                .executeUpdate();
    }
}
