package fr.tocsin.kit.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/**
 * An event waiting to be relayed to Kafka, written in the transaction of the change it describes. The kit's migration
 * {@code db/kit/outbox} creates {@code outbox_event} in each publishing service's database.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEventEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String topic;
    @Column(name = "event_key")
    public String key;
    public String payload;
    @Column(name = "created_at")
    public Instant createdAt;
    /** W3C trace context of the change that wrote the event, null when tracing is off: the relay continues it. */
    public String traceparent;

    /**
     * Held by the one relay sending at a time (transaction-scoped, so a crashed instance releases it). Two relays
     * sending interleaved batches could put an older version of a key after a newer one, and compaction keeps
     * the last record of a key, not the newest version.
     */
    public static final long RELAY_LOCK = 0x746f_6373_696e_4f42L;

    /**
     * The oldest pending events, or none while another instance's relay holds {@link #RELAY_LOCK};
     * must run inside a transaction.
     */
    @SuppressWarnings("unchecked")
    public static List<OutboxEventEntity> lockOldest(int limit) {
        boolean relaying = (Boolean) getEntityManager().createNativeQuery("select pg_try_advisory_xact_lock(:lock)")
                .setParameter("lock", RELAY_LOCK)
                .getSingleResult();
        if (!relaying) {
            return List.of();
        }
        return getEntityManager()
                .createNativeQuery("select * from outbox_event order by id limit :limit", OutboxEventEntity.class)
                .setParameter("limit", limit)
                .getResultList();
    }
}
