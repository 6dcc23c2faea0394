package fr.tocsin.broadcast.delivery.persistence;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The delivery ledger's statements. A row is unique per account × subject × version × kind: inserting one twice is
 * a no-op, which is what makes at-least-once consumption (one consumer group, redeliveries) post only once.
 */
@ApplicationScoped
public class DeliveryLedger {

    /** A row to plan; {@code payloadJson} is the rendered thread ({"parts": [...], "link": ...}). */
    public record NewDelivery(UUID id, UUID account, String subject, long version, DeliveryKind kind, String payloadJson,
                              String threadOf) {
    }

    @Inject
    EntityManager em;

    /** For the submitting notes, committed outside the claim's transaction. */
    @Inject
    DataSource dataSource;

    /** Inserts the row unless the same account × subject × version × kind is there already; 1 if inserted. */
    public int insert(NewDelivery delivery) {
        Instant now = Instant.now();
        return em.createNativeQuery("""
                        insert into delivery (id, account_id, subject, version, kind, status, payload, thread_of,
                                              next_attempt_at, created_at)
                        values (:id, :account, :subject, :version, :kind, 'PENDING', cast(:payload as jsonb), :threadOf,
                                :now, :now)
                        on conflict (account_id, subject, version, kind) where account_id is not null do nothing""")
                .setParameter("id", delivery.id()).setParameter("account", delivery.account())
                .setParameter("subject", delivery.subject()).setParameter("version", delivery.version())
                .setParameter("kind", delivery.kind().name()).setParameter("payload", delivery.payloadJson())
                .setParameter("threadOf", delivery.threadOf()).setParameter("now", now).executeUpdate();
    }

    /**
     * Inserts the rows, each unless the same account × subject × version × kind is there already, in one statement
     * per 500 rows (a national incident plans hundreds: one round trip, not one each); how many were inserted.
     */
    public int insertAll(List<NewDelivery> deliveries) {
        Instant now = Instant.now();
        int inserted = 0;
        for (int from = 0; from < deliveries.size(); from += 500) {
            List<NewDelivery> chunk = deliveries.subList(from, Math.min(deliveries.size(), from + 500));
            StringBuilder sql = new StringBuilder("""
                    insert into delivery (id, account_id, subject, version, kind, status, payload, thread_of,
                                          next_attempt_at, created_at) values """);
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(:id%1$d, :account%1$d, :subject%1$d, :version%1$d, :kind%1$d, 'PENDING', "
                        .formatted(i)).append("cast(:payload%1$d as jsonb), :threadOf%1$d, :now, :now)".formatted(i));
            }
            sql.append(" on conflict (account_id, subject, version, kind) where account_id is not null do nothing");
            var query = em.createNativeQuery(sql.toString()).setParameter("now", now);
            for (int i = 0; i < chunk.size(); i++) {
                NewDelivery delivery = chunk.get(i);
                query.setParameter("id" + i, delivery.id()).setParameter("account" + i, delivery.account())
                        .setParameter("subject" + i, delivery.subject()).setParameter("version" + i, delivery.version())
                        .setParameter("kind" + i, delivery.kind().name()).setParameter("payload" + i, delivery.payloadJson())
                        .setParameter("threadOf" + i, delivery.threadOf());
            }
            inserted += query.executeUpdate();
        }
        return inserted;
    }

    /** The accounts with a delivery of the subject planned for an earlier version (not superseded): one query for all. */
    public java.util.Set<UUID> accountsPlannedBefore(String subject, long version) {
        return accounts("""
                select distinct account_id from delivery where subject = :subject and version < :version
                  and status <> 'SUPERSEDED' and account_id is not null""", subject, version);
    }

    /** The accounts with a delivery of the subject planned for a newer version: one query for all. */
    public java.util.Set<UUID> accountsPlannedAfter(String subject, long version) {
        return accounts("select distinct account_id from delivery where subject = :subject and version > :version"
                + " and account_id is not null",
                subject, version);
    }

    @SuppressWarnings("unchecked")
    private java.util.Set<UUID> accounts(String sql, String subject, long version) {
        return new java.util.HashSet<>((List<UUID>) em.createNativeQuery(sql, UUID.class).setParameter("subject", subject)
                .setParameter("version", version).getResultList());
    }

    /**
     * Older pending rows of the account on the subject are dropped: only the newest numbers matter. A note a stopped
     * sender left on one goes with it: nothing would ever claim the row to read it.
     */
    public void supersedeOlderPending(UUID account, String subject, long version) {
        em.createNativeQuery("""
                        with superseded as (
                          update delivery set status = 'SUPERSEDED' where id in (
                            select id from delivery where account_id = :account and subject = :subject
                              and status = 'PENDING' and version < :version for update skip locked)
                          returning id)
                        delete from post_submitting where delivery_id in (select id from superseded)""")
                .setParameter("account", account).setParameter("subject", subject)
                .setParameter("version", version).executeUpdate();
    }

    /** Whether a newer version is already planned for the account on the subject. */
    public boolean newerPlanned(UUID account, String subject, long version) {
        return ((Number) em.createNativeQuery("""
                        select count(*) from delivery where account_id = :account and subject = :subject
                          and version > :version""")
                .setParameter("account", account).setParameter("subject", subject).setParameter("version", version)
                .getSingleResult()).longValue() > 0;
    }

    /** Whether the account's last planned post on the subject (sent or pending) has exactly these parts. */
    public boolean lastPartsEqual(UUID account, String subject, long version, String partsJson) {
        return ((Number) em.createNativeQuery("""
                        select count(*) from (select payload from delivery where account_id = :account and subject = :subject
                          and version < :version and status <> 'SUPERSEDED' order by version desc limit 1) last
                        where last.payload -> 'parts' = cast(:parts as jsonb)""")
                .setParameter("account", account).setParameter("subject", subject).setParameter("version", version)
                .setParameter("parts", partsJson).getSingleResult()).longValue() > 0;
    }

    /** Whether an earlier version was planned for the account on the subject (and not superseded). */
    public boolean postedBefore(UUID account, String subject, long version) {
        return ((Number) em.createNativeQuery("""
                        select count(*) from delivery where account_id = :account and subject = :subject
                          and version < :version and status <> 'SUPERSEDED'""")
                .setParameter("account", account).setParameter("subject", subject).setParameter("version", version)
                .getSingleResult()).longValue() > 0;
    }

    /** Every delivery of a subject to an account, oldest first (subscribers' are counted by {@code SubscriberLedger}). */
    public List<DeliveryEntity> ofSubject(String subject) {
        return DeliveryEntity.list("subject = ?1 and accountId is not null order by createdAt, version", subject);
    }

    /**
     * What a redrive takes up, to accounts, of one subject or all: parked failures, and posts recorded UNKNOWN (an
     * operator who found them missing on the network). A subscriber's failure means its destination is suspended.
     */
    public List<DeliveryEntity> redrivable(String subject) {
        return subject == null ? DeliveryEntity.list("status in ?1 and accountId is not null", REDRIVABLE)
                : DeliveryEntity.list("status in ?1 and subject = ?2 and accountId is not null", REDRIVABLE, subject);
    }

    private static final List<DeliveryStatus> REDRIVABLE = List.of(DeliveryStatus.FAILED, DeliveryStatus.UNKNOWN);

    /** The redrivable deliveries to accounts (of one subject or all) made due again from scratch; how many. */
    public int redrive(String subject) {
        return DeliveryEntity.update(
                "status = ?1, attempts = 0, nextAttemptAt = ?2, lastError = null where status in ?3 and accountId is not null"
                        + (subject == null ? "" : " and subject = ?4"),
                subject == null ? new Object[]{DeliveryStatus.PENDING, Instant.now(), REDRIVABLE}
                        : new Object[]{DeliveryStatus.PENDING, Instant.now(), REDRIVABLE, subject});
    }

    /** These redrivable deliveries to accounts (still so) made due again from scratch; how many. */
    public int redrive(List<UUID> deliveries) {
        if (deliveries.isEmpty()) {
            return 0;
        }
        return DeliveryEntity.update(
                "status = ?1, attempts = 0, nextAttemptAt = ?2, lastError = null where status in ?3 and accountId is not null"
                        + " and id in ?4", DeliveryStatus.PENDING, Instant.now(), REDRIVABLE, deliveries);
    }

    /**
     * Notes that part {@code part} (from 0) of the delivery is about to be posted, committed at once by a statement of
     * its own, outside any transaction (autocommit: no transaction manager around one insert), the caller's suspended
     * if it has one (a batch of one is posted on the loop's thread, inside the claim's transaction): the claim's
     * transaction, which holds the row, commits only with the outcome. See V10.
     */
    public void noteSubmitting(UUID delivery, int part) {
        QuarkusTransaction.suspendingExisting().run(() -> {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement insert = connection.prepareStatement("""
                         insert into post_submitting (delivery_id, part, noted_at) values (?, ?, now())
                         on conflict do nothing""")) {
                insert.setQueryTimeout(NOTE_TIMEOUT_SECONDS);
                insert.setObject(1, delivery);
                insert.setInt(2, part);
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new PersistenceException("Noting part " + part + " of a post submitting failed", e);
            }
        });
    }

    private static final int NOTE_TIMEOUT_SECONDS = 15;

    /**
     * What a sender that stopped mid-post left of a delivery: the highest part it noted, and when it noted the first
     * (nothing of that attempt can have been posted before). The outcome's commit deletes a delivery's notes, so those
     * left are all of one attempt.
     */
    public record Note(int part, Instant since) {
    }

    /** Of these deliveries, those with notes left behind. */
    @SuppressWarnings("unchecked")
    public Map<UUID, Note> submittingNotes(List<UUID> deliveries) {
        Map<UUID, Note> notes = new HashMap<>();
        if (deliveries.isEmpty()) {
            return notes;
        }
        for (Object[] row : (List<Object[]>) em.createNativeQuery("""
                        select delivery_id, max(part), min(noted_at) from post_submitting where delivery_id = any(:ids)
                        group by delivery_id""")
                .setParameter("ids", deliveries.toArray(UUID[]::new)).getResultList()) {
            notes.put((UUID) row[0], new Note(((Number) row[1]).intValue(), Timestamps.instant(row[2])));
        }
        return notes;
    }

    /** Deletes the delivery's notes, in the transaction that records its outcome. */
    public void forgetSubmitting(UUID delivery) {
        em.createNativeQuery("delete from post_submitting where delivery_id = :delivery")
                .setParameter("delivery", delivery).executeUpdate();
    }

    /** The first post of a thread (the account's DECLARED delivery of the subject). */
    public Optional<DeliveryEntity> threadRoot(UUID account, String subject) {
        return DeliveryEntity.<DeliveryEntity>find("accountId = ?1 and subject = ?2 and kind = ?3 order by version",
                account, subject, DeliveryKind.DECLARED).firstResultOptional();
    }

    /** The newest sent delivery of the thread before this version. */
    public Optional<DeliveryEntity> lastSentBefore(UUID account, String subject, long version) {
        return DeliveryEntity.<DeliveryEntity>find("accountId = ?1 and subject = ?2 and status = ?3 and version < ?4 "
                + "order by version desc", account, subject, DeliveryStatus.SENT, version).firstResultOptional();
    }

    /** Pending deliveries per network name (the partial index on pending rows keeps it small). */
    public Map<String, Long> pendingByNetwork() {
        Map<String, Long> counts = new HashMap<>();
        for (Object row : em.createNativeQuery("select a.network, count(*) from delivery d join social_account a "
                + "on a.id = d.account_id where d.status = 'PENDING' group by a.network").getResultList()) {
            Object[] columns = (Object[]) row;
            counts.put((String) columns[0], ((Number) columns[1]).longValue());
        }
        return counts;
    }
}
