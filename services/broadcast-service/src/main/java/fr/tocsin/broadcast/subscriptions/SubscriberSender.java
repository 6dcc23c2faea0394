package fr.tocsin.broadcast.subscriptions;

import fr.tocsin.broadcast.config.SubscriptionConfig;
import fr.tocsin.broadcast.delivery.ClaimLoops;
import fr.tocsin.broadcast.delivery.persistence.DeliveryKind;
import fr.tocsin.broadcast.delivery.persistence.DeliveryStatus;
import fr.tocsin.broadcast.delivery.persistence.SubscriberLedger;
import fr.tocsin.broadcast.incidents.persistence.FollowedSnapshots;
import fr.tocsin.broadcast.networks.DeliveryFailure;
import fr.tocsin.broadcast.networks.DestinationUnreachable;
import fr.tocsin.broadcast.networks.MailGateway;
import fr.tocsin.broadcast.networks.PostingLimits;
import fr.tocsin.broadcast.networks.SmppGateway;
import fr.tocsin.broadcast.subscriptions.persistence.SubscriptionStore;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.json.SafeText;
import fr.tocsin.contracts.posts.PostComposer;
import fr.tocsin.contracts.sms.SubscriberSms;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends the subscriber messages of the delivery ledger. Each loop claims a page of due rows under a lease ({@code FOR
 * UPDATE SKIP LOCKED}, status CLAIMED until {@code claimed_until}, committed at once, so no other loop or replica sends
 * them), renders each for its channel and language, sends the page concurrently on virtual threads within each
 * channel's limits (SMS: the SMSC account's window and rate; e-mail: the relay's concurrency and rate) and commits the
 * outcomes in batches as the SMSC or relay answers (those that come back within 50 ms together). Each message is committed SUBMITTING ({@link
 * SubmitGate}, in groups) once it holds its window slot, just before it is submitted: a process killed mid-fan-out
 * leaves UNKNOWN (never sent twice) only the messages that may have left, at most the in-flight window, and its other
 * claimed messages are sent when their lease runs out. An SMSC that never answered leaves the message UNKNOWN too.
 * The SMSC's throttling (ESME_RTHROTTLED, queue full) pauses the whole SMS channel with a doubling backoff and puts the message back without
 * counting an attempt; a destination refused for good (SMTP 5xx, invalid SMPP destination, a failed delivery receipt)
 * is suspended: nothing more goes to it.
 */
@ApplicationScoped
public class SubscriberSender {

    private static final Logger LOG = Logger.getLogger(SubscriberSender.class);
    /** How long the outcomes that came back wait for others to be recorded with them, and how many at most. */
    private static final Duration RECORD_LINGER = Duration.ofMillis(50);
    private static final int RECORD_BATCH = 100;

    @Inject
    SubscriptionConfig config;

    @Inject
    SubscriberLedger ledger;

    @Inject
    SubscriptionStore store;

    @Inject
    FollowedSnapshots snapshots;

    @Inject
    SmppGateway sms;

    @Inject
    MailGateway mail;

    @Inject
    SubscriptionMessages messages;

    @Inject
    SubmitGate gate;

    /** The public pages' root (dissemination-service), which the messages link to. */
    @ConfigProperty(name = "tocsin.public.base-url")
    String baseUrl;

    private final ExecutorService senders = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("subscriber-send-", 0).factory());
    private ClaimLoops loops;
    /** Shared by the loops: where they claim from in the due index. */
    private ClaimCursor cursor;
    private Lane smsLane;
    private Lane mailLane;

    void start(@Observes StartupEvent start) {
        SubscriptionConfig.Sending sending = config.sending();
        // The window is per bound session; the contracted rate is the account's, whatever the sessions.
        smsLane = new Lane(sending.smsWindow() * sms.sessions(), PostingLimits.Window.parse(sending.smsRate()));
        mailLane = new Lane(sending.mailConcurrency(), PostingLimits.Window.parse(sending.mailRate()));
        cursor = new ClaimCursor(sending.rescanInterval());
        // Not one transaction per batch: sendDue commits its claim, then each small batch of outcomes, itself.
        loops = new ClaimLoops("subscriber-sender", sending.workers(), () -> sendDue(sending.batch()),
                sending.pollInterval(), LOG, false);
        loops.start();
    }

    void stop(@Observes ShutdownEvent stop) {
        loops.stop();
        senders.shutdownNow();
    }

    void onPlanned(@Observes(during = TransactionPhase.AFTER_SUCCESS) SubscriberFanOut.Planned planned) {
        loops.wake(planned.count());
    }

    /** A delivery receipt said the message never arrived: the mobile is suspended. */
    void onFailedReceipt(@Observes SmppGateway.FailedReceipt receipt) {
        String mobile = receipt.mobile().startsWith("+") ? receipt.mobile() : "+" + receipt.mobile();
        int suspended = QuarkusTransaction.requiringNew().call(() -> store.suspend(Channel.SMS.name(), mobile,
                "delivery receipt " + receipt.state(), Instant.now()));
        if (suspended > 0) {
            LOG.infof("SMS: a destination suspended after a %s delivery receipt", SafeText.forLog(receipt.state()));
        }
    }

    /** One message ready to go: plain data, so that a sender thread never touches the session. */
    private record Job(SubscriberLedger.Claimed claimed, boolean sms, String text, MailGateway.Email email,
                       String carried) {
    }

    /** What a sender did: SMSC ids when sent, a failure, or a time to come back at (not an attempt). */
    private record Result(List<String> ids, DeliveryFailure failure, Instant deferredTo) {
    }

    /** A finished send, handed from its sender thread to the loop's thread that records it. */
    private record Done(Job job, Result result) {
    }

    /**
     * Claims up to {@code limit} due messages under a lease (one short transaction), sends them concurrently outside
     * any transaction and records the outcomes in small transactions as they come back, each right after the SMSC or
     * relay accepted; how many were claimed. A kill -9 thus leaves only the SUBMITTING, unrecorded messages
     * ambiguous: when their lease runs out they become UNKNOWN ({@link SubscriberLedger#expireLeases}), never sent
     * twice, while the merely CLAIMED ones are due again.
     */
    public int sendDue(int limit) {
        SubscriberLedger.Expired expired = QuarkusTransaction.requiringNew().call(ledger::expireLeases);
        if (expired.due() > 0 || expired.unknown() > 0) {
            LOG.warnf("Subscriber messages unrecorded past their lease (a sender died): %d never submitted, due again;"
                    + " %d perhaps submitted, recorded UNKNOWN and not sent again", expired.due(), expired.unknown());
        }
        List<SubscriberLedger.Claimed> claimed = claim(limit);
        if (claimed.isEmpty()) {
            return 0;
        }
        UUID claim = claimed.getFirst().claim();
        List<SubscriberLedger.Outcome> outcomes = new ArrayList<>();
        List<Job> jobs = new ArrayList<>(claimed.size());
        try {
            QuarkusTransaction.requiringNew().run(() -> prepare(claimed, jobs, outcomes));
        } catch (RuntimeException unprepared) {
            // Nothing went out: the claims go back at once rather than turning UNKNOWN when their lease ends.
            QuarkusTransaction.requiringNew().run(() -> ledger.release(claim, claimed.stream()
                    .map(SubscriberLedger.Claimed::id).toList()));
            throw unprepared;
        }
        recordOutcomes(claim, outcomes);
        BlockingQueue<Done> done = new LinkedBlockingQueue<>();
        for (Job job : jobs) {
            senders.submit(() -> {
                Result result;
                try {
                    result = send(job);
                } catch (RuntimeException unexpected) {
                    result = new Result(null, DeliveryFailure.retryable(unexpected.getClass().getSimpleName()), null);
                }
                done.add(new Done(job, result));
            });
        }
        int remaining = jobs.size();
        while (remaining > 0) {
            List<Done> batch = gather(done, remaining);
            remaining -= batch.size();
            recordWithRetries(() -> ledger.record(claim, batch.stream().map(d -> outcome(d.job(), d.result())).toList()));
        }
        return claimed.size();
    }

    /**
     * Claims from the loops' cursor ({@link ClaimCursor}); when that finds nothing, from the start of the due index if
     * no other loop of this instance did so within the rescan interval, which picks up what the cursor passed by.
     */
    private List<SubscriberLedger.Claimed> claim(int limit) {
        java.time.Duration lease = config.sending().lease();
        SubscriberLedger.Cursor after = cursor.position();
        if (after != null) {
            SubscriberLedger.Claim claim = QuarkusTransaction.requiringNew().call(() -> ledger.claimDue(limit, lease, after));
            cursor.advance(claim.last());
            if (!claim.messages().isEmpty()) {
                return claim.messages();
            }
        }
        if (!cursor.takeRescan()) {
            return List.of();
        }
        SubscriberLedger.Claim fromStart = QuarkusTransaction.requiringNew().call(() -> ledger.claimDue(limit, lease, null));
        cursor.restart(fromStart.last());
        return fromStart.messages();
    }

    private void recordOutcomes(UUID claim, List<SubscriberLedger.Outcome> outcomes) {
        recordWithRetries(() -> ledger.record(claim, outcomes));
    }

    /**
     * What went out must be recorded, right away, in a transaction of its own: the database is tried three times over
     * two seconds; failing that, the rows stay SUBMITTING and turn UNKNOWN when their lease ends (never sent again).
     */
    private static void recordWithRetries(Runnable recording) {
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(recording);
                return;
            } catch (RuntimeException failed) {
                if (attempt == 3) {
                    throw failed;
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failed;
                }
            }
        }
    }

    /** Renders the claimed messages into jobs, or outcomes for those that cannot be sent. */
    private void prepare(List<SubscriberLedger.Claimed> claimed, List<Job> jobs, List<SubscriberLedger.Outcome> outcomes) {
        Map<String, Optional<Message>> contexts = new HashMap<>();
        for (SubscriberLedger.Claimed message : claimed) {
            if (message.suspended()) {
                outcomes.add(new SubscriberLedger.Outcome(message.id(), DeliveryStatus.FAILED, false, null,
                        "destination suspended", null));
                continue;
            }
            Optional<Message> context = contexts.computeIfAbsent(message.subject() + "|" + message.version() + "|"
                    + message.kind(), k -> read(message));
            if (context.isEmpty()) {
                outcomes.add(new SubscriberLedger.Outcome(message.id(), DeliveryStatus.FAILED, false, null,
                        "no readable subscriber_message for this subject, version and kind", null));
                continue;
            }
            try {
                jobs.add(render(message, context.get()));
            } catch (RuntimeException unrenderable) {
                // Retrying cannot render it: parked for an operator rather than failing the whole page for ever.
                outcomes.add(new SubscriberLedger.Outcome(message.id(), DeliveryStatus.FAILED, false, null,
                        "cannot render: " + unrenderable.getClass().getSimpleName(), null));
            }
        }
    }

    /**
     * What a message says, read once per page: the incident (and, for a declaration, its live numbers now and their
     * versions, which it carries) or numbers.
     */
    private record Message(IncidentSnapshot incident, List<LiveNumber> numbers, TerritoryRef territory, String carried) {
    }

    private Optional<Message> read(SubscriberLedger.Claimed message) {
        Optional<String> json = ledger.context(message.subject(), message.version(), message.kind());
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (message.kind() == DeliveryKind.NUMBERS) {
                LiveNumbersEvent set = EventJson.read(json.get(), LiveNumbersEvent.class);
                return Optional.of(new Message(null, set.numbers(), set.territory(), null));
            }
            IncidentSnapshot incident = EventJson.read(json.get(), IncidentSnapshot.class);
            List<LiveNumber> numbers = List.of();
            String carried = null;
            if (message.kind() == DeliveryKind.DECLARED) {
                // The numbers live now in the incident's territories, those it activated first.
                List<LiveNumbersEvent> sets = snapshots.liveNumbers(incident.territories().stream()
                        .map(TerritoryRef::toString).toList());
                List<LiveNumber> live = sets.stream().flatMap(set -> set.numbers().stream()).toList();
                numbers = SubscriberSms.declarationNumbers(incident, live);
                Map<String, Long> versions = new java.util.TreeMap<>();
                sets.forEach(set -> versions.put(SubscriberFanOut.numbersSubject(set.territory()), set.version()));
                carried = EventJson.write(versions);
            }
            return Optional.of(new Message(incident, numbers, null, carried));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private Job render(SubscriberLedger.Claimed message, Message context) {
        String language = message.language();
        boolean sms = Channel.SMS.name().equals(message.channel());
        String place;
        String link;
        if (context.incident() != null) {
            place = SubscriberSms.place(context.incident().territories());
            link = PostComposer.incidentLink(context.incident().id(), language, baseUrl);
        } else {
            place = TerritoryDirectory.get().name(context.territory());
            link = PostComposer.territoryLink(context.territory(), language, baseUrl);
        }
        String title = context.incident() == null ? null : context.incident().title().in(language);
        if (sms) {
            String text = switch (message.kind()) {
                case ENDED -> SubscriberSms.ended(place, title, language, link);
                case PLANNED -> SubscriberSms.planned(place, context.incident().services(),
                        PostComposer.plannedWindow(context.incident(), language), language, link);
                case CANCELLED -> SubscriberSms.cancelled(place, context.incident().services(), language, link);
                case DECLARED -> SubscriberSms.declaration(place, context.incident().services(), context.numbers(),
                        language, link);
                default -> SubscriberSms.numbers(place, context.numbers(), language, link);
            };
            return new Job(message, true, text, null, context.carried());
        }
        String unsubscribe = messages.unsubscribeLink(message.unsubscribeTokens());
        MailGateway.Email email = switch (message.kind()) {
            case ENDED -> SubscriberMail.ended(message.destination(), place, title, language, link, unsubscribe, message.id());
            case PLANNED -> SubscriberMail.planned(message.destination(), place, title,
                    PostComposer.plannedWindow(context.incident(), language), language, link, unsubscribe, message.id());
            case CANCELLED -> SubscriberMail.cancelled(message.destination(), place, title,
                    PostComposer.plannedWindow(context.incident(), language), language, link, unsubscribe, message.id());
            case DECLARED -> context.numbers().isEmpty()
                    ? SubscriberMail.declared(message.destination(), place, title, context.incident().services(), language,
                    link, unsubscribe, message.id())
                    : SubscriberMail.numbers(message.destination(), place, context.numbers(), language, link, unsubscribe,
                    message.id());
            default -> SubscriberMail.numbers(message.destination(), place, context.numbers(), language, link, unsubscribe,
                    message.id());
        };
        return new Job(message, false, null, email, context.carried());
    }

    /** Sends one message within its channel's limits. Runs on a sender thread: reads the job, touches no entity. */
    private Result send(Job job) {
        Lane lane = job.sms() ? smsLane : mailLane;
        Duration patience = config.sending().patience();
        try {
            Instant paused = lane.pausedUntil;
            if (paused.isAfter(Instant.now())) {
                if (paused.isAfter(Instant.now().plus(patience))) {
                    return new Result(null, null, paused);
                }
                Thread.sleep(Duration.between(Instant.now(), paused).toMillis());
            }
            if (!lane.inFlight.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Result(null, null, Instant.now().plusSeconds(1)); // the window is full
            }
            try {
                if (!lane.rate.asBlocking().tryConsume(1, patience)) {
                    return new Result(null, null, Instant.now().plusSeconds(1)); // the contracted rate is used up
                }
                if (!gate.submitting(job.claimed())) {
                    // Not committed SUBMITTING, so not submitted: put back (a lost claim's row is not ours to record).
                    return new Result(null, null, Instant.now().plusSeconds(1));
                }
                if (job.sms()) {
                    List<String> ids = sms.send(job.claimed().destination(), job.text());
                    lane.succeeded();
                    return new Result(ids, null, null);
                }
                mail.send(job.email());
                return new Result(List.of(), null, null);
            } finally {
                lane.inFlight.release();
            }
        } catch (SmppGateway.Throttled throttled) {
            return new Result(null, null, lane.throttled(config.sending().smsThrottleBackoff()));
        } catch (DeliveryFailure failure) {
            return new Result(null, failure, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, null, Instant.now());
        } catch (RuntimeException unexpected) {
            return new Result(null, DeliveryFailure.retryable(unexpected.getClass().getSimpleName()), null);
        }
    }

    /** The outcome to record, on the loop's thread; a destination refused for good is suspended here. */
    private SubscriberLedger.Outcome outcome(Job job, Result result) {
        SubscriberLedger.Claimed message = job.claimed();
        if (result.deferredTo() != null) {
            return new SubscriberLedger.Outcome(message.id(), DeliveryStatus.PENDING, false, null, null, result.deferredTo());
        }
        if (result.failure() == null) {
            return new SubscriberLedger.Outcome(message.id(), DeliveryStatus.SENT, true,
                    result.ids().isEmpty() ? null : EventJson.write(result.ids()), null, null, job.carried());
        }
        DeliveryFailure failure = result.failure();
        if (failure instanceof SmppGateway.Unanswered) {
            // Perhaps on the handset already: recorded as such, never sent again blindly.
            return new SubscriberLedger.Outcome(message.id(), DeliveryStatus.UNKNOWN, true, null, failure.getMessage(),
                    null);
        }
        int attempts = message.attempts() + 1;
        if (failure instanceof DestinationUnreachable) {
            store.suspend(message.channel(), message.destination(), SafeText.forLog(failure.getMessage()), Instant.now());
            LOG.infof("Subscriber message %s refused for good, destination suspended: %s", message.id(),
                    SafeText.forLog(failure.getMessage()));
        }
        if (!failure.retryable() || attempts >= config.sending().maxAttempts()) {
            return new SubscriberLedger.Outcome(message.id(), DeliveryStatus.FAILED, true, null, failure.getMessage(), null);
        }
        return new SubscriberLedger.Outcome(message.id(), DeliveryStatus.PENDING, true, null, failure.getMessage(),
                Instant.now().plus(delay(attempts)));
    }

    /** Exponential backoff with full jitter. */
    private Duration delay(int attempts) {
        long cap = Math.min(config.sending().maxBackoff().toMillis(),
                config.sending().initialBackoff().toMillis() << Math.min(attempts - 1, 20));
        return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
    }

    /**
     * The next outcomes to record together: the first to come back, then those that follow within {@link
     * #RECORD_LINGER} (up to {@link #RECORD_BATCH}). One statement and commit for tens of outcomes rather than a few;
     * what a kill -9 leaves SUBMITTING, and so UNKNOWN, grows by what went out in that last moment, never sent twice.
     */
    private static List<Done> gather(BlockingQueue<Done> done, int remaining) {
        List<Done> batch = new ArrayList<>();
        batch.add(take(done));
        try {
            Linger.gather(done, batch, Math.min(remaining, RECORD_BATCH), RECORD_LINGER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // record what came back now, then stop
        }
        return batch;
    }

    /** Waits for a sender even when interrupted: what went out must be recorded, or it would be sent again. */
    private static Done take(BlockingQueue<Done> done) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return done.take();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One channel's limits in this instance: messages in flight (the SMPP window), a rate, and a throttling pause. */
    private static final class Lane {
        final Semaphore inFlight;
        final Bucket rate;
        volatile Instant pausedUntil = Instant.EPOCH;
        private long backoffMillis;

        Lane(int concurrency, PostingLimits.Window window) {
            inFlight = new Semaphore(concurrency);
            rate = Bucket.builder().addLimit(Bandwidth.builder().capacity(window.count())
                    .refillGreedy(window.count(), window.span()).build()).build();
        }

        /** The SMSC said slow down: the channel pauses, twice as long as last time while it keeps saying so. */
        synchronized Instant throttled(Duration initial) {
            backoffMillis = backoffMillis == 0 ? initial.toMillis() : Math.min(backoffMillis * 2, initial.toMillis() * 32);
            Instant until = Instant.now().plusMillis(backoffMillis);
            if (until.isAfter(pausedUntil)) {
                pausedUntil = until;
            }
            return until;
        }

        synchronized void succeeded() {
            backoffMillis = 0;
        }
    }
}
