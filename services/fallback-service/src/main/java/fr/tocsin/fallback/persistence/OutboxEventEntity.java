package fr.tocsin.fallback.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** An event waiting to be relayed to Kafka, written in the transaction of the change it describes. */
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

    /** Oldest first, locked so a second instance's relay skips them; inside a transaction. */
    @SuppressWarnings("unchecked")
    public static List<OutboxEventEntity> lockOldest(int limit) {
        return getEntityManager()
                .createNativeQuery("select * from outbox_event order by id limit :limit for update skip locked",
                        OutboxEventEntity.class)
                .setParameter("limit", limit)
                .getResultList();
    }
}
