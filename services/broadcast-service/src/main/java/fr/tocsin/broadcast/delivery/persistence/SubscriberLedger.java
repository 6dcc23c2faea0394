package fr.tocsin.broadcast.delivery.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The delivery ledger's statements for subscribers (#20): the same table and the same uniqueness as posts, one row per
 * subscription × subject × version × kind. Planning is one {@code INSERT … SELECT … ON CONFLICT DO NOTHING} over the
 * concerned subscriptions (100,000 subscribers are never loaded into memory); sending claims pages of due rows with
 * {@code FOR UPDATE SKIP LOCKED} under a lease (CLAIMED until {@code claimed_until}) and records outcomes in small
 * batches as the SMSC or relay accepts them.
 */
@ApplicationScoped
public class SubscriberLedger {

    /** Who may receive a planned message, beyond being confirmed and not suspended. */
    public enum Condition {
        /** Every concerned subscriber. */
        ANY,
        /**
         * Not those whose declaration message of one of {@code incidents} still waits (it will carry these numbers) or
         * went out carrying these numbers or newer. A declaration being sent right now (CLAIMED) does not count: the
         * numbers message waits behind it and is superseded when it is recorded if it carried them after all.
         */
        NOT_AWAITING_DECLARATION,
        /** Only those told of the incident: its declaration, or numbers of one of {@code numbersSubjects}. */
        TOLD_OF,
        /**
         * Only those told of the incident neither by a message of the subject (a notice of planned works counts only
         * against another such notice: the start of the works is still declared) (so, after an update: those subscribed
         * since or newly concerned) nor by numbers of one of {@code numbersSubjects} naming it (numbers that came in
         * before the declaration was planned already said what matters).
         */
        NOT_TOLD
    }

    /**
     * A fan-out to plan.
     *
     * @param territories the subscriptions' territories concerned; null for all of them (a national incident)
     * @param context     what the message says (JSON), stored once in {@code subscriber_message}
     * @param incidents   for {@link Condition#NOT_AWAITING_DECLARATION}: the incidents whose declarations carry numbers
     * @param numbersSubjects for {@link Condition#TOLD_OF} and {@link Condition#NOT_TOLD}: the numbers subjects of the
     *                        incident's territories
     */
    public record Plan(String subject, long version, DeliveryKind kind, String context, Collection<String> territories,
                       boolean testersOnly, Instant due, Condition condition, Collection<String> incidents,
                       Collection<String> numbersSubjects) {
    }

    /** A claimed due message and the subscription it goes to: plain data for a sender thread. */
    public record Claimed(UUID id, String subject, long version, DeliveryKind kind, int attempts, String channel,
                          String destination, String language, String unsubscribeToken, boolean suspended) {
    }

    /** What became of a claimed message. */
    public record Outcome(UUID id, DeliveryStatus status, boolean attempted, String remoteIds, String error,
                          Instant nextAttemptAt, String carried) {

        public Outcome(UUID id, DeliveryStatus status, boolean attempted, String remoteIds, String error,
                       Instant nextAttemptAt) {
            this(id, status, attempted, remoteIds, error, nextAttemptAt, null);
        }
    }

    /** The claim of {@link #claimDue}, one statement: the due rows locked, marked CLAIMED under a lease, returned. */
    private static final String CLAIM = """
            with due as (
              select d.id from delivery d
              where d.status = 'PENDING' and d.subscription_id is not null and d.next_attempt_at <= now()
                and not exists (select 1 from delivery e where e.subscription_id = d.subscription_id
                                and e.subject = d.subject and e.version < d.version
                                and e.status in ('PENDING', 'CLAIMED'))
                and not exists (select 1 from delivery f
                                where d.kind = 'NUMBERS' and f.subscription_id = d.subscription_id
                                  and f.kind = 'DECLARED' and f.status in ('PENDING', 'CLAIMED'))
              order by d.next_attempt_at
              limit :limit for update of d skip locked)
            update delivery d set status = 'CLAIMED', claimed_until = now() + make_interval(secs => :lease)
            from due, subscription s
            where d.id = due.id and s.id = d.subscription_id
            returning cast(d.id as text), d.subject, d.version, d.kind, d.attempts, s.channel, s.destination,
                      s.language, s.unsubscribe_token, s.suspended_at is not null""";

    @Inject
    EntityManager em;

    /**
     * Serializes the subscriber fan-outs until the transaction ends (a transaction-scoped advisory lock): an incident's
     * declaration and the live numbers it activates arrive on two topics, and two concurrent plans would each miss the
     * other's uncommitted rows and both plan a message (twice 100,000 rows in the benchmark). Planning is one statement
     * per event; waiting for the other's commit costs little.
     */
    public void lockPlanning() {
        em.createNativeQuery("select count(pg_advisory_xact_lock(hashtext('subscriber-fan-out')))").getSingleResult();
    }

    /**
     * The held declarations of these incidents to their subscribers are due now: the live numbers they waited for are
     * in ({@code declaration-hold} is only the longest wait). How many.
     */
    public int releaseHeldDeclarations(Collection<String> incidents) {
        if (incidents.isEmpty()) {
            return 0;
        }
        return em.createNativeQuery("""
                        update delivery set next_attempt_at = now()
                        where subject = any(string_to_array(:incidents, ',')) and kind = 'DECLARED' and status = 'PENDING'
                          and subscription_id is not null and next_attempt_at > now()""")
                .setParameter("incidents", String.join(",", incidents)).executeUpdate();
    }

    /** Plans the message for every concerned subscription not planned it yet; how many rows were inserted. */
    public int plan(Plan plan) {
        Instant now = Instant.now();
        em.createNativeQuery("""
                        insert into subscriber_message (subject, version, kind, context) values
                        (:subject, :version, :kind, cast(:context as jsonb)) on conflict do nothing""")
                .setParameter("subject", plan.subject()).setParameter("version", plan.version())
                .setParameter("kind", plan.kind().name()).setParameter("context", plan.context()).executeUpdate();
        StringBuilder sql = new StringBuilder("""
                insert into delivery (id, subscription_id, subject, version, kind, status, next_attempt_at, created_at)
                select cast(md5(cast(s.id as text) || :key) as uuid), s.id, :subject, :version, :kind, 'PENDING', :due, :now
                from subscription s
                where s.confirmed_at is not null and s.suspended_at is null""");
        if (plan.territories() != null) {
            sql.append(" and s.territory = any(string_to_array(:territories, ','))");
        }
        if (plan.testersOnly()) {
            sql.append(" and s.tester");
        }
        sql.append(' '); // a text block below starts at its first word
        switch (plan.condition()) {
            case ANY -> {
            }
            case NOT_AWAITING_DECLARATION -> sql.append("""
                     and not exists (select 1 from delivery d where d.subscription_id = s.id and d.kind = 'DECLARED'
                                     and d.subject = any(string_to_array(:incidents, ','))
                                     and (d.status = 'PENDING'
                                          or d.status in ('SENT', 'UNKNOWN')
                                             and coalesce(cast(d.carried ->> :subject as bigint), -1) >= :version))""");
            case TOLD_OF -> sql.append("""
                     and exists (select 1 from delivery d where d.subscription_id = s.id
                                 and d.status in ('SENT', 'PENDING', 'CLAIMED', 'UNKNOWN')
                                 and (d.subject = :subject or d.subject = any(string_to_array(:told, ','))))""");
            case NOT_TOLD -> sql.append("""
                     and not exists (select 1 from delivery d where d.subscription_id = s.id and d.subject = :subject
                                     and (d.kind = 'PLANNED') = (:kind = 'PLANNED'))
                     and not exists (select 1 from delivery d join subscriber_message m on m.subject = d.subject
                                       and m.version = d.version and m.kind = d.kind
                                     where d.subscription_id = s.id and d.kind = 'NUMBERS' and d.status <> 'SUPERSEDED'
                                       and d.subject = any(string_to_array(:told, ','))
                                       and m.context -> 'numbers' @> cast(:naming as jsonb))""");
        }
        sql.append(" on conflict do nothing");
        var query = em.createNativeQuery(sql.toString())
                .setParameter("key", "|" + plan.subject() + "|" + plan.version() + "|" + plan.kind().name())
                .setParameter("subject", plan.subject()).setParameter("version", plan.version())
                .setParameter("kind", plan.kind().name()).setParameter("due", plan.due()).setParameter("now", now);
        if (plan.territories() != null) {
            query.setParameter("territories", String.join(",", plan.territories()));
        }
        if (plan.condition() == Condition.NOT_AWAITING_DECLARATION) {
            query.setParameter("incidents", String.join(",", plan.incidents()));
        } else if (plan.condition() == Condition.TOLD_OF) {
            query.setParameter("told", String.join(",", plan.numbersSubjects()));
        } else if (plan.condition() == Condition.NOT_TOLD) {
            query.setParameter("told", String.join(",", plan.numbersSubjects()));
            query.setParameter("naming", "[{\"incidents\": [\"" + plan.subject() + "\"]}]");
        }
        return query.executeUpdate();
    }

    /**
     * Pending subscriber messages of the subject older than {@code version} (of {@code kind}, or any when null) are
     * dropped: only the newest matters. Those being sent right now (locked) go out. How many were dropped.
     */
    public int supersedePending(String subject, long version, DeliveryKind kind) {
        var query = em.createNativeQuery("""
                        update delivery set status = 'SUPERSEDED' where id in (
                          select id from delivery where subject = :subject and subscription_id is not null
                            and status = 'PENDING' and version < :version""" + (kind == null ? "" : " and kind = :kind")
                        + " for update skip locked)")
                .setParameter("subject", subject).setParameter("version", version);
        if (kind != null) {
            query.setParameter("kind", kind.name());
        }
        return query.executeUpdate();
    }

    /**
     * Claims up to {@code limit} due subscriber messages, oldest due first, under a lease: they are CLAIMED until
     * {@code now + lease} and committed so by the caller's (short) transaction; sending happens outside it. A message
     * waits behind an earlier version of the same subject to the same subscription (the declaration before its end),
     * and a numbers change behind a declaration of the same subscription still to go (it may carry them).
     *
     * <p>The plan (EXPLAIN ANALYZE at 100,000 due rows, {@code SubscriberClaimPlanTest}): an index scan of
     * {@code delivery_due_subscription} in {@code next_attempt_at} order, each candidate's waits checked through the
     * unique (subscription_id, subject, version, kind) index, stopped at {@code limit}; never a sort or hash of every
     * due row.
     */
    @SuppressWarnings("unchecked")
    public List<Claimed> claimDue(int limit, java.time.Duration lease) {
        List<Object[]> rows = claim(em.createNativeQuery(CLAIM), limit, lease).getResultList();
        List<Claimed> claimed = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            claimed.add(new Claimed(UUID.fromString((String) row[0]), (String) row[1], ((Number) row[2]).longValue(),
                    DeliveryKind.valueOf((String) row[3]), ((Number) row[4]).intValue(), (String) row[5], (String) row[6],
                    (String) row[7], (String) row[8], (Boolean) row[9]));
        }
        return claimed;
    }

    private static jakarta.persistence.Query claim(jakarta.persistence.Query query, int limit, java.time.Duration lease) {
        return query.setParameter("limit", limit).setParameter("lease", (double) lease.toMillis() / 1000);
    }

    /**
     * The claim's plan and timing (EXPLAIN ANALYZE, BUFFERS): it claims for real, so run it in a transaction rolled
     * back. For the plan test and for an operator looking at a slow fan-out.
     */
    @SuppressWarnings("unchecked")
    public List<String> claimPlan(int limit, java.time.Duration lease) {
        return claim(em.createNativeQuery("explain (analyze, buffers) " + CLAIM), limit, lease).getResultList();
    }

    /** Claimed messages that were not sent (their rendering failed) are due again; how many. */
    public int release(List<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return em.createNativeQuery("""
                        update delivery set status = 'PENDING', claimed_until = null
                        where id = any(cast(string_to_array(:ids, ',') as uuid[])) and status = 'CLAIMED'""")
                .setParameter("ids", ids.stream().map(UUID::toString).collect(java.util.stream.Collectors.joining(",")))
                .executeUpdate();
    }

    /**
     * Claimed messages whose lease ran out without an outcome (their sender was killed, or is hung past any timeout)
     * become UNKNOWN: they may have reached their destination, so they are not sent again. How many.
     */
    public int expireLeases() {
        return em.createNativeQuery("""
                        update delivery set status = 'UNKNOWN', claimed_until = null,
                                            last_error = 'lease expired unrecorded: perhaps sent, not sent again'
                        where status = 'CLAIMED' and subscription_id is not null and claimed_until < now()""")
                .executeUpdate();
    }

    /** What a message says (the JSON it was planned from). */
    @SuppressWarnings("unchecked")
    public Optional<String> context(String subject, long version, DeliveryKind kind) {
        List<String> rows = em.createNativeQuery("""
                        select cast(context as text) from subscriber_message
                        where subject = :subject and version = :version and kind = :kind""")
                .setParameter("subject", subject).setParameter("version", version).setParameter("kind", kind.name())
                .getResultList();
        return rows.stream().findFirst();
    }

    /**
     * Records outcomes in one JDBC batch, in a transaction of their own right after the sends: a row leaves CLAIMED
     * (or UNKNOWN, if its lease ran out while its sender was still waiting) for what happened. A declaration recorded
     * SENT supersedes the same subscription's pending numbers messages it carried.
     */
    public void record(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update delivery set status = ?, attempts = attempts + ?, sent_at = ?, remote_ids = cast(? as jsonb),
                                        last_error = ?, next_attempt_at = coalesce(?, next_attempt_at),
                                        carried = coalesce(cast(? as jsonb), carried), claimed_until = null
                    where id = ? and status in ('CLAIMED', 'UNKNOWN')""")) {
                Timestamp now = Timestamp.from(Instant.now());
                for (Outcome outcome : outcomes) {
                    update.setString(1, outcome.status().name());
                    update.setInt(2, outcome.attempted() ? 1 : 0);
                    update.setTimestamp(3, outcome.status() == DeliveryStatus.SENT ? now : null);
                    update.setString(4, outcome.remoteIds());
                    update.setString(5, outcome.error());
                    if (outcome.nextAttemptAt() == null) {
                        update.setNull(6, Types.TIMESTAMP);
                    } else {
                        update.setTimestamp(6, Timestamp.from(outcome.nextAttemptAt()));
                    }
                    update.setString(7, outcome.carried());
                    update.setObject(8, outcome.id());
                    update.addBatch();
                }
                update.executeBatch();
            }
            UUID[] carriers = outcomes.stream().filter(o -> o.carried() != null && o.status() == DeliveryStatus.SENT)
                    .map(Outcome::id).toArray(UUID[]::new);
            if (carriers.length > 0) {
                try (PreparedStatement supersede = connection.prepareStatement("""
                        update delivery n set status = 'SUPERSEDED'
                        from delivery d
                        where d.id = any(?) and n.subscription_id = d.subscription_id and n.kind = 'NUMBERS'
                          and n.status = 'PENDING' and n.version <= cast(d.carried ->> n.subject as bigint)""")) {
                    supersede.setArray(1, connection.createArrayOf("uuid", carriers));
                    supersede.executeUpdate();
                }
            }
        });
    }

    /** How many messages of a subject are in each state, by channel and subscription territory: counts, no destination. */
    public record Count(String channel, String territory, DeliveryStatus status, long count) {
    }

    public List<Count> countsOf(String subject) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select s.channel, s.territory, d.status, count(*) from delivery d
                          join subscription s on s.id = d.subscription_id
                        where d.subject = :subject group by s.channel, s.territory, d.status""")
                .setParameter("subject", subject).getResultList();
        return rows.stream().map(r -> new Count((String) r[0], (String) r[1], DeliveryStatus.valueOf((String) r[2]),
                ((Number) r[3]).longValue())).toList();
    }
}
