package fr.tocsin.broadcast.subscriptions;

import fr.tocsin.broadcast.config.SubscriptionConfig;
import fr.tocsin.broadcast.delivery.persistence.DeliveryKind;
import fr.tocsin.broadcast.delivery.persistence.SubscriberLedger;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Plans the messages to subscribers into the delivery ledger, in the transaction that stores a new public version
 * (so a redelivered or older event plans nothing, and the ledger's unique key refuses a second row anyway). A
 * subscriber hears of what covers its territory ({@link TerritoryDirectory#covers}): a commune's subscriber of its
 * commune, its department, its region and France; a department's of the department, its region and France (not of
 * each of its communes' own incidents); an "all of France" subscriber of national incidents only. Per incident, one
 * message when it is declared (held until the live numbers the declaration activates come in, at most
 * {@code declaration-hold}, so that it carries them: stored as held, its rows planned when it is released), one per
 * later change of those numbers, one when it ends ("service rétabli") to those told of it. Exercises and tests go to
 * testers only. Nothing here loads subscribers: each fan-out is one set-based statement, and fan-outs are serialized
 * ({@link SubscriberLedger#lockPlanning}) so that a declaration and its numbers, consumed at the same moment from two
 * topics, each see the other's rows. The ledger's unique key (subscription × subject × version × kind) makes a
 * redelivered event plan nothing.
 */
@ApplicationScoped
public class SubscriberFanOut {

    /** Fired after planning commits, to wake the senders. */
    public record Planned(int count) {
    }

    @Inject
    SubscriberLedger ledger;

    @Inject
    SubscriptionConfig config;

    @Inject
    Event<Planned> planned;

    /** @param previous the incident's previous public version, null for its first */
    public int plan(IncidentSnapshot incident, IncidentSnapshot previous) {
        if (!incident.isReleased()) {
            return 0;
        }
        ledger.lockPlanning(); // the numbers this declaration activates may be planning on the other topic right now
        boolean ended = !incident.status().inForce() && !incident.status().upcoming();
        String subject = incident.id().toString();
        boolean testersOnly = incident.mode() != IncidentMode.ACTUAL;
        String context = EventJson.write(incident);
        int count;
        if (incident.status().upcoming()) {
            // Planned works announced ahead (#22): one notice, when and what, to those not told of them yet; nothing
            // says "injoignable" before the start, whose version is declared like any incident.
            count = ledger.plan(new SubscriberLedger.Plan(subject, incident.version(), DeliveryKind.PLANNED, context,
                    concerned(incident.territories()), testersOnly, Instant.now(), SubscriberLedger.Condition.NOT_TOLD,
                    List.of(), numbersSubjects(incident)));
        } else if (!ended) {
            // Its declaration waits for the numbers it activates; planned when they come in (or the hold ends).
            ledger.hold(subject, incident.version(), context, Instant.now().plus(config.sending().declarationHold()));
            count = 0;
        } else if (previous != null && previous.status().inForce()) {
            // Over before its declaration went out: it is not sent (skipped if being sent right now), nor its end.
            ledger.dropHeld(subject);
            ledger.supersedePending(subject, incident.version(), DeliveryKind.DECLARED);
            count = ledger.plan(new SubscriberLedger.Plan(subject, incident.version(), DeliveryKind.ENDED, context,
                    concerned(incident.territories()), testersOnly, Instant.now(), SubscriberLedger.Condition.TOLD_OF,
                    List.of(), numbersSubjects(incident)));
        } else if (previous != null && previous.status().upcoming() && incident.status() == IncidentStatus.CANCELLED) {
            // Planned works cancelled before their start: "travaux annulés" to those told of the plan; a notice not
            // sent yet is dropped, and so are they.
            ledger.supersedePending(subject, incident.version(), DeliveryKind.PLANNED);
            count = ledger.plan(new SubscriberLedger.Plan(subject, incident.version(), DeliveryKind.CANCELLED, context,
                    concerned(incident.territories()), testersOnly, Instant.now(), SubscriberLedger.Condition.TOLD_OF,
                    List.of(), numbersSubjects(incident)));
        } else {
            count = 0; // ended without ever being announced, or a late repeat of its end
        }
        fire(count);
        return count;
    }

    /**
     * A territory's new live numbers, to its concerned subscribers, except those whose declaration message of an
     * incident behind these numbers still waits (it will carry them). A withdrawal (no numbers left) is not sent:
     * the end of the incident is ("service rétabli").
     */
    public int plan(LiveNumbersEvent set) {
        if (set.numbers().isEmpty()) {
            return 0;
        }
        String subject = numbersSubject(set.territory());
        ledger.lockPlanning(); // the declaration of an incident behind these numbers may be planning right now
        ledger.supersedePending(subject, set.version(), null); // only the newest numbers matter
        Set<String> incidents = new LinkedHashSet<>();
        for (LiveNumber number : set.numbers()) {
            number.incidents().forEach(id -> incidents.add(id.toString()));
        }
        // The declarations held for these numbers go now, carrying them: one message, not a declaration and a change.
        int count = planReleased(ledger.takeHeld(incidents));
        count += ledger.plan(new SubscriberLedger.Plan(subject, set.version(), DeliveryKind.NUMBERS,
                EventJson.write(set), concerned(List.of(set.territory())), false, Instant.now(),
                incidents.isEmpty() ? SubscriberLedger.Condition.ANY : SubscriberLedger.Condition.NOT_AWAITING_DECLARATION,
                incidents, List.of()));
        fire(count);
        return count;
    }

    /** Declarations whose hold ended without their numbers: planned now, with the numbers there are. */
    @Scheduled(every = "${tocsin.subscriptions.sending.hold-check:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class) // not after the stop: the EntityManager is closed
    @Transactional
    void releaseEndedHolds() {
        if (!ledger.holdEnded()) {
            return;
        }
        ledger.lockPlanning();
        fire(planReleased(ledger.takeHeld(null)));
    }

    /**
     * Plans released declarations, due now, to every concerned subscriber not told of the incident yet: all of them at
     * first (but those its numbers reached first); after an update, those who subscribed since or whose territory it
     * now reaches.
     */
    private int planReleased(List<SubscriberLedger.Held> released) {
        int count = 0;
        for (SubscriberLedger.Held held : released) {
            IncidentSnapshot incident = EventJson.read(held.context(), IncidentSnapshot.class);
            count += ledger.plan(new SubscriberLedger.Plan(held.subject(), held.version(), DeliveryKind.DECLARED,
                    held.context(), concerned(incident.territories()), incident.mode() != IncidentMode.ACTUAL,
                    Instant.now(), SubscriberLedger.Condition.NOT_TOLD, List.of(), numbersSubjects(incident)));
        }
        return count;
    }

    private static List<String> numbersSubjects(IncidentSnapshot incident) {
        return incident.territories().stream().map(SubscriberFanOut::numbersSubject).toList();
    }

    static String numbersSubject(TerritoryRef territory) {
        return "numbers:" + territory;
    }

    /**
     * The subscriptions' territories an alert on these territories concerns: the territories themselves and all they
     * cover (a department's communes, a region's departments and their communes); null for all (France).
     */
    static Collection<String> concerned(List<TerritoryRef> territories) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        Set<String> concerned = new LinkedHashSet<>();
        for (TerritoryRef territory : territories) {
            switch (territory.level()) {
                case NATIONAL -> {
                    return null;
                }
                case REGION -> directory.departmentCodesCoveredBy(territory).forEach(code -> department(code, concerned));
                case DEPARTMENT -> department(territory.code(), concerned);
                case COMMUNE -> concerned.add(territory.toString());
            }
        }
        return concerned;
    }

    private static void department(String code, Set<String> concerned) {
        concerned.add(TerritoryRef.department(code).toString());
        TerritoryDirectory.get().communesOf(code).forEach(c -> concerned.add(TerritoryRef.commune(c.code()).toString()));
    }

    private void fire(int count) {
        if (count > 0) {
            planned.fire(new Planned(count));
        }
    }
}
