package fr.tocsin.broadcast.delivery.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The delivery ledger's statements for subscribers (#20): the same table as posts, one row per destination × subject ×
 * version × kind (a unique constraint: a mobile following the Nord and four of its communes gets one SMS for a Nord
 * declaration, not five). Planning is one {@code INSERT … SELECT … GROUP BY destination ON CONFLICT DO NOTHING} over
 * the concerned subscriptions (100,000 subscribers are never loaded into memory); sending claims pages of due rows
 * with {@code FOR UPDATE SKIP LOCKED} under a lease (CLAIMED until {@code claimed_until}, fenced by a claim token),
 * marks each row SUBMITTING (committed, in groups) just before it is submitted, and records outcomes in small batches
 * as the SMSC or relay accepts them. A lease that runs out puts a CLAIMED row back (it never reached the submit step)
 * and makes a SUBMITTING one UNKNOWN (it may have left: never sent again).
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

    /**
     * A claimed due message and the subscription that speaks for its destination: plain data for a sender thread.
     *
     * @param claim             the claim's token: only its holder may mark the row SUBMITTING or record its outcome
     * @param unsubscribeTokens e-mail only: the unsubscribe tokens of every subscription the message stands for
     *                          (its link ends them all); empty for SMS (STOP ends them all)
     */
    public record Claimed(UUID id, UUID claim, String subject, long version, DeliveryKind kind, int attempts,
                          String channel, String destination, String language, List<String> unsubscribeTokens,
                          boolean suspended) {
    }

    /** What the expiry of leases did: CLAIMED rows due again, SUBMITTING rows recorded UNKNOWN. */
    public record Expired(int due, int unknown) {
    }

    /** What became of a claimed message. */
    public record Outcome(UUID id, DeliveryStatus status, boolean attempted, String remoteIds, String error,
                          Instant nextAttemptAt, String carried) {

        public Outcome(UUID id, DeliveryStatus status, boolean attempted, String remoteIds, String error,
                       Instant nextAttemptAt) {
            this(id, status, attempted, remoteIds, error, nextAttemptAt, null);
        }
    }

    /**
     * The claim of {@link #claimDue}, one statement: the due rows locked, marked CLAIMED under a lease, returned. %s is
     * the cursor's condition: none, or past the cursor in the index's order. An e-mail's unsubscribe tokens are those of
     * every subscription in {@code covering}; with one, it is the subscription already joined ({@code covering[1]} is
     * always {@code subscription_id}), not read again.
     */
    private static final String CLAIM = """
            with due as (
              select d.id from delivery d
              where d.status = 'PENDING' and d.subscription_id is not null and d.next_attempt_at <= now() %s
                and not exists (select 1 from delivery e where e.destination_key = d.destination_key
                                and e.subject = d.subject and e.version < d.version
                                and e.status in ('PENDING', 'CLAIMED', 'SUBMITTING'))
                and not exists (select 1 from delivery f
                                where d.kind = 'NUMBERS' and f.destination_key = d.destination_key
                                  and f.kind = 'DECLARED' and f.status in ('PENDING', 'CLAIMED', 'SUBMITTING'))
              order by d.next_attempt_at, d.id
              limit :limit for update of d skip locked)
            update delivery d set status = 'CLAIMED', claimed_until = now() + make_interval(secs => :lease),
                                  claim_token = cast(:claim as uuid)
            from due, subscription s
            where d.id = due.id and s.id = d.subscription_id
            returning cast(d.id as text), d.subject, d.version, d.kind, d.attempts, s.channel, s.destination,
                      s.language, s.suspended_at is not null,
                      case when s.channel = 'EMAIL' then case when cardinality(d.covering) > 1 then coalesce(
                        (select string_agg(c.unsubscribe_token, ',')
                         from unnest(d.covering) as u(id) join subscription c on c.id = u.id),
                        s.unsubscribe_token) else s.unsubscribe_token end end,
                      d.next_attempt_at""";
    private static final String CLAIM_TIMEOUT = "15s";
    private static final int MARK_TIMEOUT_SECONDS = 15;
    private static final String AFTER_CURSOR =
            "and (d.next_attempt_at, d.id) > (cast(:afterAt as timestamptz), cast(:afterId as uuid))";

    /**
     * Where the last full claim stopped in the due index's order (next_attempt_at, id): the next claim starts there.
     * A uuid orders as its lower-case text does (bytewise).
     */
    public record Cursor(Instant at, String id) implements Comparable<Cursor> {
        @Override
        public int compareTo(Cursor other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : id.compareTo(other.id);
        }
    }

    /** A claim's messages, and where it stopped (null when it claimed none). */
    public record Claim(List<Claimed> messages, Cursor last) {
    }

    @Inject
    EntityManager em;

    /** For the SUBMITTING marks, committed outside any JTA transaction. */
    @Inject
    DataSource dataSource;

    /**
     * Serializes the subscriber fan-outs until the transaction ends (a transaction-scoped advisory lock): an incident's
     * declaration and the live numbers it activates arrive on two topics, and two concurrent plans would each miss the
     * other's uncommitted rows and both plan a message (twice 100,000 rows in the benchmark). Planning is one statement
     * per event; waiting for the other's commit costs little.
     */
    public void lockPlanning() {
        em.createNativeQuery("select count(pg_advisory_xact_lock(hashtext('subscriber-fan-out')))").getSingleResult();
    }

    /** A declaration held for its live numbers: what it says (the incident snapshot, JSON). */
    public record Held(String subject, long version, String context) {
    }

    /**
     * Holds a declaration until the live numbers it activates come in, or {@code until} at the latest: the message is
     * stored, its rows are planned when it is released ({@link #takeHeld}), each row written once rather than planned
     * and then rewritten due (#20). A newer version of a declaration still held keeps the hold's end. False when this
     * version was stored already (a redelivered event).
     */
    public boolean hold(String subject, long version, String context, Instant until) {
        return em.createNativeQuery("""
                        insert into subscriber_message (subject, version, kind, context, held_until)
                        select :subject, :version, 'DECLARED', cast(:context as jsonb),
                               coalesce(min(h.held_until), cast(:until as timestamptz))
                        from (select held_until from subscriber_message
                              where subject = :subject and kind = 'DECLARED' and held_until is not null) h
                        on conflict do nothing""")
                .setParameter("subject", subject).setParameter("version", version).setParameter("context", context)
                .setParameter("until", Timestamp.from(until)).executeUpdate() > 0;
    }

    /**
     * Releases held declarations, to plan now: those of these incidents (their numbers are in), or, when
     * {@code incidents} is null, those whose hold has ended. Each subject's newest held version (an older one still held
     * is released with it and not planned: the newest says what is true). Call under {@link #lockPlanning}.
     */
    @SuppressWarnings("unchecked")
    public List<Held> takeHeld(Collection<String> incidents) {
        if (incidents != null && incidents.isEmpty()) {
            return List.of();
        }
        String which = incidents == null
                ? "(select subject from subscriber_message where kind = 'DECLARED' and held_until <= now())"
                : "(select unnest(string_to_array(:incidents, ',')))";
        var query = em.createNativeQuery("""
                update subscriber_message set held_until = null
                where kind = 'DECLARED' and held_until is not null and subject in %s
                returning subject, version, cast(context as text)""".formatted(which));
        if (incidents != null) {
            query.setParameter("incidents", String.join(",", incidents));
        }
        java.util.Map<String, Held> newest = new java.util.LinkedHashMap<>();
        for (Object[] row : (List<Object[]>) query.getResultList()) {
            Held held = new Held((String) row[0], ((Number) row[1]).longValue(), (String) row[2]);
            newest.merge(held.subject(), held, (a, b) -> a.version() >= b.version() ? a : b);
        }
        return List.copyOf(newest.values());
    }

    /** Whether a declaration's hold has ended: a cheap look before taking the planning lock. */
    public boolean holdEnded() {
        return !em.createNativeQuery("""
                select 1 from subscriber_message where kind = 'DECLARED' and held_until <= now() limit 1""")
                .getResultList().isEmpty();
    }

    /** The incident ended while its declaration was held: the declaration is never planned. How many versions. */
    public int dropHeld(String subject) {
        return em.createNativeQuery("""
                        update subscriber_message set held_until = null
                        where subject = :subject and kind = 'DECLARED' and held_until is not null""")
                .setParameter("subject", subject).executeUpdate();
    }

    /**
     * Plans the message for every concerned destination not planned it yet, one row per destination whatever the
     * number of its subscriptions the message concerns; how many rows were inserted. The row speaks through the
     * destination's most recently confirmed concerned subscription (its language: the person's latest stated choice,
     * and a deterministic one) and lists all of them in {@code covering}. For exercises only testers' subscriptions
     * count: a destination gets one if one of its concerned subscriptions is a tester's.
     */
    public int plan(Plan plan) {
        Instant now = Instant.now();
        em.createNativeQuery("""
                        insert into subscriber_message (subject, version, kind, context) values
                        (:subject, :version, :kind, cast(:context as jsonb)) on conflict do nothing""")
                .setParameter("subject", plan.subject()).setParameter("version", plan.version())
                .setParameter("kind", plan.kind().name()).setParameter("context", plan.context()).executeUpdate();
        StringBuilder sql = new StringBuilder("""
                insert into delivery (id, subscription_id, destination_key, covering, subject, version, kind, status,
                                      next_attempt_at, created_at)
                select cast(md5(cast(s.destination_key as text) || :key) as uuid),
                       (array_agg(s.id order by s.confirmed_at desc, s.id))[1], s.destination_key,
                       array_agg(s.id order by s.confirmed_at desc, s.id), :subject, :version, :kind, 'PENDING', :due, :now
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
                     and not exists (select 1 from delivery d where d.destination_key = s.destination_key
                                     and d.kind = 'DECLARED'
                                     and d.subject = any(string_to_array(:incidents, ','))
                                     and (d.status = 'PENDING'
                                          or d.status in ('SENT', 'UNKNOWN')
                                             and coalesce(cast(d.carried ->> :subject as bigint), -1) >= :version))""");
            case TOLD_OF -> sql.append("""
                     and exists (select 1 from delivery d where d.destination_key = s.destination_key
                                 and d.status in ('SENT', 'PENDING', 'CLAIMED', 'SUBMITTING', 'UNKNOWN')
                                 and (d.subject = :subject or d.subject = any(string_to_array(:told, ','))))""");
            case NOT_TOLD -> sql.append("""
                     and not exists (select 1 from delivery d where d.destination_key = s.destination_key
                                     and d.subject = :subject
                                     and (d.kind = 'PLANNED') = (:kind = 'PLANNED'))
                     and not exists (select 1 from delivery d join subscriber_message m on m.subject = d.subject
                                       and m.version = d.version and m.kind = d.kind
                                     where d.destination_key = s.destination_key and d.kind = 'NUMBERS'
                                       and d.status <> 'SUPERSEDED'
                                       and d.subject = any(string_to_array(:told, ','))
                                       and m.context -> 'numbers' @> cast(:naming as jsonb))""");
        }
        sql.append(" group by s.destination_key on conflict do nothing");
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
                            and status = 'PENDING' and status not in ('CLAIMED', 'SUBMITTING') -- the index's predicate
                            and version < :version""" + (kind == null ? "" : " and kind = :kind")
                        + " for update skip locked)")
                .setParameter("subject", subject).setParameter("version", version);
        if (kind != null) {
            query.setParameter("kind", kind.name());
        }
        return query.executeUpdate();
    }

    /**
     * Claims up to {@code limit} due subscriber messages, oldest due first, under a lease: they are CLAIMED until
     * {@code now + lease}, under one claim token, and committed so by the caller's (short) transaction; sending
     * happens outside it. A message waits behind an earlier version of the same subject to the same destination (the
     * declaration before its end), and a numbers change behind a declaration to the same destination still to go (it
     * may carry them).
     *
     * <p>From {@code after} (where the previous full claim stopped), or from the start when null: the caller starts
     * again from the start when a claim comes back short, which picks up what a cursor passed by (rows skipped while
     * locked or waiting, rows put back). Without a cursor, each claim walked every dead index entry its predecessors
     * left (O(n²) over a fan-out).
     *
     * <p>The plan (EXPLAIN ANALYZE at 100,000 due rows, {@code SubscriberClaimPlanTest}): an index scan of
     * {@code delivery_due_subscription} in {@code (next_attempt_at, id)} order, each candidate's waits checked through the
     * unique (destination_key, subject, version, kind) index, stopped at {@code limit}; never a sort or hash of every
     * due row.
     */
    @SuppressWarnings("unchecked")
    public Claim claimDue(int limit, java.time.Duration lease, Cursor after) {
        UUID token = UUID.randomUUID();
        // A claim takes well under a second, even at 100,000 due rows. The benchmark's first claims once ran until the
        // transaction timeout on a generic plan cached while the ledger was empty (prepareThreshold=0 since): a claim
        // that hangs for a reason not foreseen is cancelled sooner, and the loop claims again.
        em.createNativeQuery("set local statement_timeout = '" + CLAIM_TIMEOUT + "'").executeUpdate();
        jakarta.persistence.Query query = claim(em.createNativeQuery(CLAIM.formatted(after == null ? "" : AFTER_CURSOR)),
                limit, lease, token);
        if (after != null) {
            query.setParameter("afterAt", java.sql.Timestamp.from(after.at())).setParameter("afterId", after.id());
        }
        List<Object[]> rows = query.getResultList();
        List<Claimed> claimed = new ArrayList<>(rows.size());
        Cursor last = null;
        for (Object[] row : rows) {
            String tokens = (String) row[9];
            claimed.add(new Claimed(UUID.fromString((String) row[0]), token, (String) row[1],
                    ((Number) row[2]).longValue(), DeliveryKind.valueOf((String) row[3]), ((Number) row[4]).intValue(),
                    (String) row[5], (String) row[6], (String) row[7],
                    tokens == null ? List.of() : List.of(tokens.split(",")), (Boolean) row[8]));
            Cursor at = new Cursor(Timestamps.instant(row[10]), (String) row[0]);
            if (last == null || at.compareTo(last) > 0) {
                last = at;
            }
        }
        return new Claim(claimed, last);
    }

    private static jakarta.persistence.Query claim(jakarta.persistence.Query query, int limit, java.time.Duration lease,
                                                   UUID token) {
        return query.setParameter("limit", limit).setParameter("lease", (double) lease.toMillis() / 1000)
                .setParameter("claim", token.toString());
    }

    /**
     * The claim's plan and timing (EXPLAIN ANALYZE, BUFFERS): it claims for real, so run it in a transaction rolled
     * back. For the plan test and for an operator looking at a slow fan-out.
     */
    @SuppressWarnings("unchecked")
    public List<String> claimPlan(int limit, java.time.Duration lease) {
        return claim(em.createNativeQuery("explain (analyze, buffers) " + CLAIM.formatted("")), limit, lease,
                UUID.randomUUID())
                .getResultList();
    }

    /** Messages of this claim that were not submitted (their rendering failed) are due again; how many. */
    public int release(UUID claim, List<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return em.createNativeQuery("""
                        update delivery set status = 'PENDING', claimed_until = null, claim_token = null
                        where id = any(cast(string_to_array(:ids, ',') as uuid[])) and status = 'CLAIMED'
                          and claim_token = cast(:claim as uuid)""")
                .setParameter("ids", ids.stream().map(UUID::toString).collect(java.util.stream.Collectors.joining(",")))
                .setParameter("claim", claim.toString()).executeUpdate();
    }

    /** A message of a claim to mark SUBMITTING. */
    public record Submit(UUID id, UUID claim) {
    }

    /**
     * Marks these claimed messages SUBMITTING and commits: only those still CLAIMED under their claim's token and lease.
     * Which ones were marked: only those may be submitted (the others' lease ran out, and they are due again, perhaps
     * claimed by another sender already). One statement on a connection of its own, committed by itself (autocommit;
     * in the caller's transaction if it has one): a sender waits for this commit before each submit, some 11,000
     * times per 100,000 messages, and a JTA transaction around the one statement was a tenth of broadcast-service's
     * CPU in the benchmark (JFR).
     */
    public java.util.Set<UUID> markSubmitting(Collection<Submit> submits) {
        java.util.Set<UUID> marked = new java.util.HashSet<>();
        if (submits.isEmpty()) {
            return marked;
        }
        // "d.id = any(ids)" gives the planner the primary key: joined to unnest alone (estimated at 100 rows) it
        // scanned the whole table, 16 ms per group of 4 under the benchmark (pg_stat_statements).
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("""
                     update delivery d set status = 'SUBMITTING'
                     from unnest(?, ?) as m(id, claim)
                     where d.id = any(?) and d.id = m.id and d.claim_token = m.claim and d.status = 'CLAIMED'
                       and d.claimed_until > now()
                     returning d.id""")) {
            update.setQueryTimeout(MARK_TIMEOUT_SECONDS);
            java.sql.Array ids = connection.createArrayOf("uuid", submits.stream().map(Submit::id).toArray(UUID[]::new));
            update.setArray(1, ids);
            update.setArray(2, connection.createArrayOf("uuid", submits.stream().map(Submit::claim).toArray(UUID[]::new)));
            update.setArray(3, ids);
            try (var rows = update.executeQuery()) {
                while (rows.next()) {
                    marked.add(rows.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("Marking " + submits.size() + " subscriber messages SUBMITTING failed", e);
        }
        return marked;
    }

    /**
     * Messages whose lease ran out without an outcome (their sender was killed, or is hung past any timeout): a CLAIMED
     * one never reached its submit step and is due again now (its claim token cleared: the old sender can neither
     * mark nor record it); a SUBMITTING one may have reached its destination and becomes UNKNOWN, never sent again
     * (its token kept, so that a sender merely late still records what really happened).
     */
    public Expired expireLeases() {
        Object[] counts = (Object[]) em.createNativeQuery("""
                        with expired as (
                          update delivery set
                            status = case status when 'SUBMITTING' then 'UNKNOWN' else 'PENDING' end,
                            claim_token = case status when 'SUBMITTING' then claim_token end,
                            next_attempt_at = case status when 'SUBMITTING' then next_attempt_at else now() end,
                            last_error = case status when 'SUBMITTING'
                                then 'lease expired mid-submit, unrecorded: perhaps sent, not sent again'
                                else 'lease expired before its submit: due again' end,
                            claimed_until = null
                          where status in ('CLAIMED', 'SUBMITTING') and subscription_id is not null
                            and claimed_until < now()
                          returning status)
                        select count(*) filter (where status = 'PENDING'), count(*) filter (where status = 'UNKNOWN')
                        from expired""").getSingleResult();
        return new Expired(((Number) counts[0]).intValue(), ((Number) counts[1]).intValue());
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
     * Records outcomes of one claim in one statement, in a transaction of their own right after the sends: a row
     * still under the claim's token leaves CLAIMED, SUBMITTING (or UNKNOWN, if its lease ran out while its sender was
     * still waiting) for what happened; a row whose lease ran out before its submit and went back is left alone. A
     * declaration recorded SENT supersedes the same destination's pending numbers messages it carried.
     */
    public void record(UUID claim, List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            // One statement for the whole batch (not one per outcome): the rows found through the primary key.
            try (PreparedStatement update = connection.prepareStatement("""
                    update delivery d set status = o.status, attempts = d.attempts + o.attempted,
                                          sent_at = case when o.status = 'SENT' then cast(? as timestamptz) end,
                                          remote_ids = cast(o.remote_ids as jsonb), last_error = o.error,
                                          next_attempt_at = coalesce(cast(o.next_attempt_at as timestamptz),
                                                                     d.next_attempt_at),
                                          carried = coalesce(cast(o.carried as jsonb), d.carried),
                                          claimed_until = null, claim_token = null
                    from unnest(cast(? as uuid[]), cast(? as text[]), cast(? as int[]), cast(? as text[]),
                                cast(? as text[]), cast(? as text[]), cast(? as text[]))
                         as o(id, status, attempted, remote_ids, error, next_attempt_at, carried)
                    where d.id = any(cast(? as uuid[])) and d.id = o.id and d.claim_token = cast(? as uuid)
                      and d.status in ('CLAIMED', 'SUBMITTING', 'UNKNOWN')""")) {
                int n = outcomes.size();
                UUID[] ids = new UUID[n];
                String[] statuses = new String[n];
                Integer[] attempted = new Integer[n];
                String[] remoteIds = new String[n];
                String[] errors = new String[n];
                String[] nextAttempts = new String[n];
                String[] carried = new String[n];
                for (int i = 0; i < n; i++) {
                    Outcome outcome = outcomes.get(i);
                    ids[i] = outcome.id();
                    statuses[i] = outcome.status().name();
                    attempted[i] = outcome.attempted() ? 1 : 0;
                    remoteIds[i] = outcome.remoteIds();
                    errors[i] = outcome.error();
                    nextAttempts[i] = outcome.nextAttemptAt() == null ? null : outcome.nextAttemptAt().toString();
                    carried[i] = outcome.carried();
                }
                java.sql.Array idArray = connection.createArrayOf("uuid", ids);
                update.setTimestamp(1, Timestamp.from(Instant.now()));
                update.setArray(2, idArray);
                update.setArray(3, connection.createArrayOf("text", statuses));
                update.setArray(4, connection.createArrayOf("int4", attempted));
                update.setArray(5, connection.createArrayOf("text", remoteIds));
                update.setArray(6, connection.createArrayOf("text", errors));
                update.setArray(7, connection.createArrayOf("text", nextAttempts));
                update.setArray(8, connection.createArrayOf("text", carried));
                update.setArray(9, idArray);
                update.setObject(10, claim);
                update.executeUpdate();
            }
            UUID[] carriers = outcomes.stream().filter(o -> o.carried() != null && o.status() == DeliveryStatus.SENT)
                    .map(Outcome::id).toArray(UUID[]::new);
            if (carriers.length > 0) {
                try (PreparedStatement supersede = connection.prepareStatement("""
                        update delivery n set status = 'SUPERSEDED'
                        from delivery d
                        where d.id = any(?) and n.destination_key = d.destination_key and n.kind = 'NUMBERS'
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

    /**
     * The counts of a subject's messages: settled rows through delivery_subscriber_subject, those in flight through
     * delivery_claimed_subscription (V9), each partial index used because the query states its predicate.
     */
    private static final String COUNTS = """
            select s.channel, s.territory, d.status, count(*) from delivery d
              join subscription s on s.id = d.subscription_id
            where d.subject = :subject and d.subscription_id is not null and d.status not in ('CLAIMED', 'SUBMITTING')
            group by s.channel, s.territory, d.status
            union all
            select s.channel, s.territory, d.status, count(*) from delivery d
              join subscription s on s.id = d.subscription_id
            where d.subject = :subject and d.subscription_id is not null and d.status in ('CLAIMED', 'SUBMITTING')
            group by s.channel, s.territory, d.status""";

    public List<Count> countsOf(String subject) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(COUNTS)
                .setParameter("subject", subject).getResultList();
        return rows.stream().map(r -> new Count((String) r[0], (String) r[1], DeliveryStatus.valueOf((String) r[2]),
                ((Number) r[3]).longValue())).toList();
    }

    /** The plan of {@link #countsOf} (EXPLAIN): for the plan test and for an operator. */
    @SuppressWarnings("unchecked")
    public List<String> countsPlan(String subject) {
        return em.createNativeQuery("explain " + COUNTS).setParameter("subject", subject).getResultList();
    }
}
