package fr.tocsin.broadcast.delivery;

import fr.tocsin.broadcast.delivery.persistence.DeliveryKind;
import fr.tocsin.broadcast.delivery.persistence.SubscriberLedger;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscriber claim's plan at the benchmark's size (#20: it took 3.5 minutes a call at 100,000 rows): 100,000 due
 * subscriber messages beside 100,000 sent ones, statistics fresh, EXPLAIN ANALYZE of the real claim. It must walk the
 * due rows' partial index in order and stop at its limit — no sequential scan, sort or hash of the delivery table.
 * Everything happens in one transaction rolled back: the sender loops never see these rows.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = {
        @ResourceArg(name = "database", value = "broadcast"), @ResourceArg(name = "messaging", value = "true")})
class SubscriberClaimPlanTest {

    private static final int ROWS = 100_000;

    @Inject
    SubscriberLedger ledger;

    @Inject
    EntityManager em;

    @Test
    void theClaimWalksTheDueIndexAndStopsAtItsLimitAt100000DueRows() {
        List<String> plan = rolledBack(() -> {
                em.createNativeQuery("""
                        insert into subscription (id, channel, destination, territory, language, confirmed_at,
                                                  unsubscribe_token, requested_at)
                        select gen_random_uuid(), 'EMAIL', 'plan.' || g || '@example.org', 'department:70', 'fr', now(),
                               'plan-test-' || g, now() from generate_series(1, :rows) g""")
                        .setParameter("rows", ROWS).executeUpdate();
                for (String status : List.of("SENT", "PENDING")) {
                    em.createNativeQuery("""
                            insert into delivery (id, subscription_id, destination_key, covering, subject, version, kind,
                                                  status, next_attempt_at, created_at)
                            select gen_random_uuid(), s.id, s.destination_key, array[s.id], :subject, 1, :kind, :status,
                                   now() - interval '1 second' * (random() * 10), now()
                            from subscription s where s.territory = 'department:70'""")
                            // Sent declarations, and due numbers changes: the claim's two wait checks both run.
                            .setParameter("subject", status.equals("SENT") ? "00000000-0000-0000-0000-00000000a001"
                                    : "numbers:department:70")
                            .setParameter("kind", status.equals("SENT") ? "DECLARED" : "NUMBERS")
                            .setParameter("status", status).executeUpdate();
                }
                em.createNativeQuery("analyze delivery").executeUpdate();
                em.createNativeQuery("analyze subscription").executeUpdate();
                return ledger.claimPlan(500, Duration.ofMinutes(1));
        });
        String text = String.join("\n", plan);
        System.out.println("[plan] subscriber claim at " + ROWS + " due rows:\n" + text);
        assertThat(text).contains("delivery_due_subscription").contains("Limit");
        assertThat(text).as("no scan of the whole table").doesNotContain("Seq Scan on delivery").doesNotContain("hashed SubPlan");
        assertThat(text).as("no sort or hash of every due row").doesNotContain("Sort Method").doesNotContain("Hash Anti Join");
        assertThat(text).as("500 claimed").containsPattern("Update on delivery d .*actual time=[0-9.]+ rows=500(\\.00)? ");
    }

    /**
     * The first claim of a fan-out far bigger than the ledger was, whose statistics predate it, on the benchmark's
     * path: a declaration released when its numbers came, its rows planned due at once. Through the due index at
     * once, as in the steady state. In one transaction rolled back.
     */
    @Test
    void aFanOutFarBiggerThanTheLedgerIsClaimedThroughTheIndexAtOnce() {
        List<String> plan = rolledBack(() -> {
                em.createNativeQuery("analyze delivery").executeUpdate(); // statistics of the ledger before the fan-out
                em.createNativeQuery("""
                        insert into subscription (id, channel, destination, territory, language, confirmed_at,
                                                  unsubscribe_token, requested_at)
                        select gen_random_uuid(), 'EMAIL', 'stale.' || g || '@example.org', 'department:73', 'fr', now(),
                               'stale-test-' || g, now() from generate_series(1, :rows) g""")
                        .setParameter("rows", ROWS / 2).executeUpdate();
                em.createNativeQuery("analyze subscription").executeUpdate();
                // A declaration released when its numbers came, planned due at once: the benchmark's sequence.
                String incident = "00000000-0000-0000-0000-00000000a073";
                int planned = ledger.plan(new SubscriberLedger.Plan(incident, 1, DeliveryKind.DECLARED, "{}",
                        List.of("department:73"), false, java.time.Instant.now().minusSeconds(3600),
                        SubscriberLedger.Condition.ANY, List.of(), List.of()));
                assertThat(planned).isEqualTo(ROWS / 2);
                return ledger.claimPlan(500, Duration.ofMinutes(1));
        });
        String text = String.join("\n", plan);
        System.out.println("[plan] first claim of a fan-out of " + ROWS / 2 + " rows:\n" + text);
        assertThat(text).contains("delivery_due_subscription");
        assertThat(text).as("no scan of the whole table").doesNotContain("Seq Scan on delivery").doesNotContain("hashed SubPlan");
        assertThat(text).as("no sort or hash of every due row").doesNotContain("Sort Method").doesNotContain("Hash Anti Join");
        assertThat(text).as("500 claimed").containsPattern("Update on delivery d .*actual time=[0-9.]+ rows=500(\\.00)? ");
    }

    /**
     * A fan-out's counts (the console's progress) and the superseding of its pending rows find them by subject through
     * the partial index that leaves the rows in flight out (V9: the full subject index took an entry at each of the four
     * writes of every message), those in flight through the leases' index: usable only because the queries state the
     * indexes' predicates. A fan-out of 1,000 beside one of 100,000 sent, in one transaction rolled back.
     */
    @Test
    void aFanOutsRowsAreFoundBySubjectThroughThePartialIndexes() {
        String sent = "00000000-0000-0000-0000-00000000a075";
        String pending = "00000000-0000-0000-0000-00000000a076";
        List<String> plan = rolledBack(() -> {
                em.createNativeQuery("""
                        insert into subscription (id, channel, destination, territory, language, confirmed_at,
                                                  unsubscribe_token, requested_at)
                        select gen_random_uuid(), 'EMAIL', 'compte.' || g || '@example.org',
                               case when g <= 1000 then 'department:76' else 'department:75' end, 'fr', now(),
                               'counts-test-' || g, now() from generate_series(1, :rows) g""")
                        .setParameter("rows", ROWS).executeUpdate();
                assertThat(ledger.plan(new SubscriberLedger.Plan(sent, 1, DeliveryKind.DECLARED, "{}",
                        List.of("department:75", "department:76"), false, java.time.Instant.now(),
                        SubscriberLedger.Condition.ANY, List.of(), List.of()))).isEqualTo(ROWS);
                em.createNativeQuery("update delivery set status = 'SENT' where subject = :subject")
                        .setParameter("subject", sent).executeUpdate();
                assertThat(ledger.plan(new SubscriberLedger.Plan(pending, 1, DeliveryKind.DECLARED, "{}",
                        List.of("department:76"), false, java.time.Instant.now().plusSeconds(3600),
                        SubscriberLedger.Condition.ANY, List.of(), List.of()))).isEqualTo(1000);
                em.createNativeQuery("analyze delivery").executeUpdate();
                em.createNativeQuery("analyze subscription").executeUpdate();
                assertThat(ledger.countsOf(pending)).singleElement()
                        .satisfies(count -> assertThat(count.count()).isEqualTo(1000));
                assertThat(ledger.supersedePending(pending, 2, DeliveryKind.DECLARED)).isEqualTo(1000);
                return ledger.countsPlan(pending);
        });
        String text = String.join("\n", plan);
        System.out.println("[plan] counts of a fan-out of 1,000 rows beside 100,000:\n" + text);
        assertThat(text).contains("delivery_subscriber_subject").contains("delivery_claimed_subscription");
        assertThat(text).as("no scan of the whole ledger").doesNotContain("Seq Scan on delivery");
    }

    /**
     * Each claim is planned for its parameters and the statistics of its moment, never from a plan the server cached
     * for the statement. The driver names a statement on the server from its 5th use, after which PostgreSQL may keep
     * one generic plan for every call: the benchmark's sender loops, polling while the ledger was empty, got one that
     * checked each due row's waits with a sequential scan of the whole ledger (EXPLAIN (GENERIC_PLAN) of the claim on
     * an empty ledger), and the first claims of 100,000 due rows ran into the 15 s statement timeout. So the service's
     * connections never name a statement ({@code prepareThreshold=0}): twelve claims on one connection leave no
     * prepared claim behind. In one transaction rolled back.
     */
    @Test
    void noClaimRunsFromAPlanTheServerCachedForTheStatement() {
        rolledBack(() -> {
                for (int i = 0; i < 12; i++) {
                    ledger.claimDue(10, Duration.ofMinutes(1), null);
                }
                Number prepared = (Number) em.createNativeQuery(
                                "select count(*) from pg_prepared_statements where statement like :claim")
                        .setParameter("claim", "%with due as%").getSingleResult();
                assertThat(prepared.longValue()).as("claims prepared on the server").isZero();
                return List.of();
        });
    }

    /**
     * The claims of a fan-out walk the due index from a cursor (where the last full claim stopped): a claim after it
     * skips what lies behind it, such as a message put back; a claim from the start (what the sender does when a claim
     * from the cursor comes back short) finds it. In one transaction rolled back.
     */
    @Test
    void aClaimFromTheCursorLeavesWhatLiesBehindItToAClaimFromTheStart() {
        rolledBack(() -> {
                em.createNativeQuery("""
                        insert into subscription (id, channel, destination, territory, language, confirmed_at,
                                                  unsubscribe_token, requested_at)
                        select gen_random_uuid(), 'EMAIL', 'curseur.' || g || '@example.org', 'department:71', 'fr',
                               now(), 'cursor-test-' || g, now() from generate_series(1, 1000) g""").executeUpdate();
                em.createNativeQuery("""
                        insert into delivery (id, subscription_id, destination_key, covering, subject, version, kind,
                                              status, next_attempt_at, created_at)
                        select gen_random_uuid(), s.id, s.destination_key, array[s.id], 'numbers:department:71', 1,
                               'NUMBERS', 'PENDING', now() - interval '1 minute', now()
                        from subscription s where s.territory = 'department:71'""").executeUpdate();
                Duration lease = Duration.ofMinutes(1);
                SubscriberLedger.Claim first = ledger.claimDue(500, lease, null);
                assertThat(first.messages()).hasSize(500);
                assertThat(em.createNativeQuery("show statement_timeout").getSingleResult())
                        .as("a claim that hangs is cancelled long before the transaction's timeout").isEqualTo("15s");
                List<java.util.UUID> putBack = first.messages().subList(0, 10).stream()
                        .map(SubscriberLedger.Claimed::id).toList();
                assertThat(ledger.release(first.messages().getFirst().claim(), putBack)).isEqualTo(10);

                SubscriberLedger.Claim second = ledger.claimDue(500, lease, first.last());
                assertThat(second.messages()).hasSize(500).extracting(SubscriberLedger.Claimed::id)
                        .doesNotContainAnyElementsOf(putBack);
                assertThat(second.last()).isGreaterThan(first.last());
                assertThat(ledger.claimDue(500, lease, second.last()).messages()).as("nothing past the end").isEmpty();
                assertThat(ledger.claimDue(500, lease, null).messages()).extracting(SubscriberLedger.Claimed::id)
                        .as("from the start: what was put back").containsExactlyInAnyOrderElementsOf(putBack);
                return List.of();
        });
    }

    /** Runs {@code work} in a transaction rolled back (nothing it wrote stays), and returns what it returned. */
    private static List<String> rolledBack(java.util.function.Supplier<List<String>> work) {
        try {
            QuarkusTransaction.requiringNew().timeout(600).run(() -> {
                throw new Explained(work.get()); // rolls every row back
            });
            throw new AssertionError("unreachable");
        } catch (RuntimeException thrown) {
            Throwable cause = thrown;
            while (cause != null && !(cause instanceof Explained)) {
                cause = cause.getCause();
            }
            if (cause == null) {
                throw thrown;
            }
            return ((Explained) cause).plan;
        }
    }

    /** Carries the plan out of the transaction it rolls back. */
    private static final class Explained extends RuntimeException {
        final List<String> plan;

        Explained(List<String> plan) {
            super(null, null, false, false);
            this.plan = plan;
        }
    }
}
