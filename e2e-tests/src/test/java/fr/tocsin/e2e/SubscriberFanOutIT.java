package fr.tocsin.e2e;

import fr.tocsin.localstack.LocalStack;
import fr.tocsin.localstack.MailServer;
import fr.tocsin.localstack.SmscServer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The subscriber fan-out (#20) survives a kill -9 of broadcast-service in its middle: 2,000 confirmed subscribers of
 * the Haute-Marne (1,000 SMS, 1,000 e-mail), one declaration through the packaged incident-service (which activates
 * the live numbers on fallback-service: the declaration and the numbers event collapse into one message each),
 * broadcast-service killed once some messages are out and started again. Nothing is sent twice and little is lost:
 * the ledger holds exactly one row per destination; every row ends SENT, or UNKNOWN when it was SUBMITTING (committed
 * just before its submit) under the killed process's lease and never recorded (perhaps sent, not sent again), while
 * the rows it had merely claimed are sent by the new process once their lease is over; no destination received two
 * messages; every SENT one received its message; the destinations that received nothing are among the UNKNOWN ones,
 * and no more than the in-flight window (SMS window + mail concurrency): only what may really have left is ambiguous.
 */
class SubscriberFanOutIT {

    private static final int EACH = 1_000;
    /**
     * Messages submitted at once by one broadcast-service: sms-window (10) + mail-concurrency (8), application.properties'
     * values, which E2eStack leaves as they are.
     */
    private static final int IN_FLIGHT_WINDOW = 10 + 8;

    @Test
    void aKilledBroadcastServiceSendsNothingTwiceAndTheLedgerShowsWhatWasInFlight() throws Exception {
        LocalStack stack = E2eStack.get();
        SmscServer smsc = stack.smsc();
        MailServer mail = stack.mail();
        smsc.latency(Duration.ofMillis(20)); // slow enough that messages are in flight when the process dies
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl("broadcast"), stack.jdbcUser(), stack.jdbcPassword())) {
            execute(db, """
                    insert into subscription (id, channel, destination, territory, language, confirmed_at, unsubscribe_token,
                                              requested_at)
                    select gen_random_uuid(), 'SMS', '+33639985' || lpad(cast(g as text), 3, '0'), 'department:52', 'fr',
                           now(), 'e2e-fanout-sms-' || g, now() from generate_series(0, 999) g""");
            execute(db, """
                    insert into subscription (id, channel, destination, territory, language, confirmed_at, unsubscribe_token,
                                              requested_at)
                    select gen_random_uuid(), 'EMAIL', 'e2e.fanout.' || g || '@example.org', 'department:52', 'fr',
                           now(), 'e2e-fanout-mail-' || g, now() from generate_series(0, 999) g""");

            String incident = E2eStack.declare("52", "15", "Le 15 ne répond plus en Haute-Marne (fan-out)",
                    "Le SAMU ne répond plus.");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> ours(smsc).size() >= 100);
            stack.killService("broadcast-service");
            long claimedAtKill = count(db, """
                    select count(*) from delivery d join subscription s on s.id = d.subscription_id
                    where s.territory = 'department:52' and d.status = 'CLAIMED'""");
            long submittingAtKill = count(db, """
                    select count(*) from delivery d join subscription s on s.id = d.subscription_id
                    where s.territory = 'department:52' and d.status = 'SUBMITTING'""");
            stack.restartService("broadcast-service");

            // Settled: nothing pending, claimed or submitting (when the killed process's leases end, its claimed rows
            // are due again and its SUBMITTING ones UNKNOWN), and every subscriber's row planned. A row FAILED settles
            // too, and fails below with the ledger's breakdown rather than after the whole wait.
            try {
                await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1)).until(() -> count(db, """
                        select count(*) from delivery d join subscription s on s.id = d.subscription_id
                        where s.territory = 'department:52' and d.status in ('PENDING', 'CLAIMED', 'SUBMITTING')""") == 0L
                        && count(db, """
                        select count(*) from delivery d join subscription s on s.id = d.subscription_id
                        where s.territory = 'department:52' and d.status <> 'SUPERSEDED'""") >= 2L * EACH);
            } catch (ConditionTimeoutException unsettled) {
                throw new AssertionError("unsettled after 5 min: " + breakdown(db, smsc, mail, claimedAtKill,
                        submittingAtKill), unsettled);
            }
            long settled = count(db, """
                    select count(*) from delivery d join subscription s on s.id = d.subscription_id
                    where s.territory = 'department:52' and d.status in ('SENT', 'UNKNOWN')""");
            assertThat(settled).as(() -> "every row SENT or UNKNOWN: " + breakdown(db, smsc, mail, claimedAtKill,
                    submittingAtKill)).isEqualTo(2L * EACH);
            Thread.sleep(3_000); // room for a late duplicate, if there were one
            assertThat(count(db, """
                    select count(*) from delivery d join subscription s on s.id = d.subscription_id
                    where s.territory = 'department:52' and d.status <> 'SUPERSEDED'""")).as("one ledger row each")
                    .isEqualTo(2L * EACH);
            long unknown = count(db, """
                    select count(*) from delivery d join subscription s on s.id = d.subscription_id
                    where s.territory = 'department:52' and d.status = 'UNKNOWN'""");
            assertThat(unknown).as("only what the killed process was submitting is ambiguous")
                    .isLessThanOrEqualTo(submittingAtKill);

            Map<String, List<SmscServer.Message>> texts = ours(smsc).stream()
                    .collect(Collectors.groupingBy(SmscServer.Message::destination));
            List<MailServer.Mail> mails = mail.received().stream()
                    .filter(m -> m.to().stream().anyMatch(to -> to.startsWith("e2e.fanout."))).toList();
            Map<String, List<MailServer.Mail>> byAddress = mails.stream()
                    .collect(Collectors.groupingBy(m -> m.to().getFirst()));
            assertThat(texts.values()).as("no mobile texted twice").allSatisfy(list -> assertThat(list).hasSize(1));
            assertThat(byAddress.values()).as("no address mailed twice").allSatisfy(list -> assertThat(list).hasSize(1));
            List<String> sentTo = strings(db, """
                    select s.destination from delivery d join subscription s on s.id = d.subscription_id
                    where s.territory = 'department:52' and d.status = 'SENT'""");
            for (String destination : sentTo) {
                if (destination.startsWith("+")) {
                    assertThat(texts).as("a SENT row's mobile received it").containsKey(destination.substring(1));
                } else {
                    assertThat(byAddress).as("a SENT row's address received it").containsKey(destination);
                }
            }
            long missing = 2L * EACH - texts.size() - byAddress.size();
            assertThat(missing).as("nobody without a message but among the UNKNOWN").isBetween(0L, unknown);
            System.out.printf("[e2e] subscriber fan-out killed mid-way: %d subscribers, %d claimed and %d submitting at"
                    + " the kill, %d UNKNOWN after it, %d never received (in-flight window %d), 0 sent twice; incident"
                    + " %s%n", 2 * EACH, claimedAtKill, submittingAtKill, unknown, missing, IN_FLIGHT_WINDOW, incident);
            assertThat(missing).as("lost: at most what was in flight").isLessThanOrEqualTo(IN_FLIGHT_WINDOW);
        } finally {
            smsc.latency(Duration.ZERO);
        }
    }

    /** What the ledger holds, and what the servers received: which way it went wrong (a row stuck, failed, one too many). */
    private static String breakdown(Connection db, SmscServer smsc, MailServer mail, long claimedAtKill,
                                    long submittingAtKill) {
        try {
            return ("%d claimed and %d submitting at the kill; the ledger: %s; received: %d texts, %d mails").formatted(
                    claimedAtKill, submittingAtKill, strings(db, """
                            select d.kind || ' ' || s.channel || ' ' || d.status || ' ' || count(*) || ' (attempts '
                                   || max(d.attempts) || ', last error ' || coalesce(max(d.last_error), '-') || ')'
                            from delivery d join subscription s on s.id = d.subscription_id
                            where s.territory = 'department:52' group by d.kind, s.channel, d.status order by 1"""),
                    ours(smsc).size(), mail.received().size());
        } catch (Exception e) {
            return "(the ledger could not be read: " + e + ")";
        }
    }

    private static List<SmscServer.Message> ours(SmscServer smsc) {
        return smsc.messages().stream().filter(m -> m.destination().startsWith("33639985")).toList();
    }

    private static void execute(Connection db, String sql) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }

    private static List<String> strings(Connection db, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static long count(Connection db, String sql) throws Exception {
        try (PreparedStatement query = db.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
