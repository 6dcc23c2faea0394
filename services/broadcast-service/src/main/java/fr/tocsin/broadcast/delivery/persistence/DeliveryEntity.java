package fr.tocsin.broadcast.delivery.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One post (or thread) to one account, or one message to one subscription, in the delivery ledger. Unique per
 * destination × subject × version × kind: planning it twice is a no-op, which is what makes at-least-once consumption
 * post only once. Exactly one of {@code accountId} and {@code subscriptionId} is set; a subscriber's row has no payload
 * (its text is rendered from the {@code subscriber_message} of its subject × version × kind).
 */
@Entity
@Table(name = "delivery")
public class DeliveryEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "account_id")
    public UUID accountId;
    @Column(name = "subscription_id")
    public UUID subscriptionId;
    public String subject;
    public long version;
    @Enumerated(EnumType.STRING)
    public DeliveryKind kind;
    @Enumerated(EnumType.STRING)
    public DeliveryStatus status;
    @JdbcTypeCode(SqlTypes.JSON)
    public String payload;
    @Column(name = "thread_of")
    public String threadOf;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "remote_ids")
    @JdbcTypeCode(SqlTypes.JSON)
    public String remoteIds;
    @Column(name = "remote_url")
    public String remoteUrl;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "sent_at")
    public Instant sentAt;

    /**
     * Up to {@code limit} due deliveries, oldest due first, locked so that another worker or instance skips them
     * while they are being sent. A delivery waits behind an earlier version for the same account and subject, so
     * posts about one thing go out in order (and two versions of one thread are never claimed together).
     * Must run inside a transaction; the locks last until it ends.
     */
    @SuppressWarnings("unchecked")
    public static List<DeliveryEntity> lockDue(int limit) {
        return getEntityManager().createNativeQuery("""
                        select * from delivery d
                        where d.status = 'PENDING' and d.next_attempt_at <= now() and d.account_id is not null
                          and not exists (select 1 from delivery e where e.account_id = d.account_id
                                          and e.subject = d.subject and e.status = 'PENDING' and e.version < d.version)
                        order by d.next_attempt_at, d.created_at
                        limit :limit for update skip locked""", DeliveryEntity.class)
                .setParameter("limit", limit)
                .getResultList();
    }

    public static List<DeliveryEntity> ofSubject(String subject) {
        return list("subject = ?1 and accountId is not null order by createdAt, version", subject);
    }
}
