package fr.tocsin.broadcast.delivery;

import fr.tocsin.broadcast.delivery.persistence.DeliveryStatus;
import fr.tocsin.contracts.json.SafeText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.broadcast.accounts.AccountRegistry;
import fr.tocsin.broadcast.accounts.persistence.SocialAccountEntity;
import fr.tocsin.broadcast.config.SocialConfig;
import fr.tocsin.broadcast.delivery.persistence.DeliveryEntity;
import fr.tocsin.broadcast.delivery.persistence.DeliveryLedger;
import fr.tocsin.broadcast.networks.ChannelAdapter;
import fr.tocsin.broadcast.networks.DeliveryFailure;
import fr.tocsin.broadcast.networks.PostingLimits;
import fr.tocsin.contracts.posts.Network;
import fr.tocsin.kit.audit.AuditTrail;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends due deliveries. Each worker loop claims a batch of rows with {@code FOR UPDATE SKIP LOCKED} and keeps the
 * locks while it posts them, so another worker or another instance never sends the same delivery; the rows are
 * marked sent in the same transaction. The batch's posts go out concurrently, on virtual threads, within each
 * network's limits ({@link PostingLimits}: posts in flight, documented rate windows); the parts of one thread stay
 * sequential, recorded as they go, so a retry resumes where it failed. Only the loop's thread touches the
 * database: the senders get plain data and hand back plain outcomes.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    @Inject
    SocialConfig config;

    @Inject
    AccountRegistry accounts;

    @Inject
    DeliveryLedger ledger;

    @Inject
    fr.tocsin.broadcast.delivery.persistence.SubscriberLedger subscribers;

    @Inject
    Instance<ChannelAdapter> adapterBeans;

    @Inject
    ObjectMapper json;

    @Inject
    AuditTrail audit;

    @Inject
    jakarta.enterprise.event.Event<DeliveryMetrics.Outcome> outcomes;

    @Inject
    PostingLimits limits;

    private final Map<Network, ChannelAdapter> adapters = new EnumMap<>(Network.class);
    /** Posts run on virtual threads: blocking REST calls that cost no platform thread while they wait. */
    private final ExecutorService senders = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("delivery-post-", 0).factory());
    /** The loops claiming batches of due posts ({@code tocsin.social.workers}, {@code batch}, {@code poll-interval}). */
    private ClaimLoops loops;

    void start(@Observes StartupEvent start) {
        adapterBeans.forEach(adapter -> adapters.put(adapter.network(), adapter));
        loops = new ClaimLoops("delivery", config.workers(), () -> sendDue(config.batch()), config.pollInterval(), LOG);
        loops.start();
    }

    void stop(@Observes ShutdownEvent stop) {
        loops.stop();
        senders.shutdownNow();
    }

    void onPlanned(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeliveryPlanner.Planned planned) {
        loops.wake(planned.count());
    }

    /**
     * Re-drives parked failures (all of a subject's, or every one) to the accounts whose territory passes the filter
     * (the caller's: the ministry all, a prefecture its own): they are attempted again from scratch.
     *
     * @throws KitProblemException 403 when there are failures and none is the caller's to re-drive
     */
    public int redrive(Actor actor, String subject, java.util.function.Predicate<String> accountTerritoryVisible) {
        int count = QuarkusTransaction.requiringNew().call(() -> {
            // The accounts' territories are those concerned: a prefecture reads the redrives of its own accounts.
            List<DeliveryEntity> failed = ledger.redrivable(subject);
            Map<java.util.UUID, SocialAccountEntity> accounts = new java.util.HashMap<>();
            if (!failed.isEmpty()) {
                SocialAccountEntity.withIds(failed.stream().map(d -> d.accountId).distinct().toList())
                        .forEach(a -> accounts.put(a.id, a));
            }
            List<DeliveryEntity> theirs = failed.stream().filter(d -> accounts.containsKey(d.accountId)
                    && accountTerritoryVisible.test(accounts.get(d.accountId).territory)).toList();
            if (!failed.isEmpty() && theirs.isEmpty()) {
                return -1;
            }
            List<TerritoryRef> territories = theirs.stream().map(d -> TerritoryRef.parse(accounts.get(d.accountId).territory))
                    .distinct().toList();
            int updated = theirs.size() == failed.size() ? ledger.redrive(subject)
                    : ledger.redrive(theirs.stream().map(d -> d.id).toList());
            audit.append(actor, "DELIVERY_REDRIVE", subject, territories, null,
                    new Redrive(subject, updated, theirs.stream().map(d -> d.id).toList()), Instant.now());
            return updated;
        });
        if (count < 0) {
            throw fr.tocsin.kit.problem.KitProblemException.forbidden("Ces envois ne sont pas ceux de vos comptes / "
                    + "these deliveries are not to your territory's accounts");
        }
        loops.wake(count);
        return count;
    }

    /** A delivery and the account it goes to, as the status API shows them. */
    public record Seen(DeliveryEntity delivery, SocialAccountEntity account) {
    }

    /** The deliveries of a subject to the accounts whose territory passes the filter, oldest first. */
    @jakarta.transaction.Transactional
    public List<Seen> deliveries(String subject, java.util.function.Predicate<String> accountTerritoryVisible) {
        List<DeliveryEntity> deliveries = ledger.ofSubject(subject);
        Map<java.util.UUID, SocialAccountEntity> visible = new java.util.HashMap<>();
        SocialAccountEntity.withIds(deliveries.stream().map(d -> d.accountId).distinct().toList()).stream()
                .filter(account -> accountTerritoryVisible.test(account.territory))
                .forEach(account -> visible.put(account.id, account));
        return deliveries.stream().filter(d -> visible.containsKey(d.accountId))
                .map(d -> new Seen(d, visible.get(d.accountId))).toList();
    }

    /** The messages of a subject to subscribers, by channel (SMS, EMAIL) and state, within the visible territories. */
    public record ChannelState(String channel, DeliveryStatus status, long count) {
    }

    @jakarta.transaction.Transactional
    public List<ChannelState> subscriberStates(String subject, java.util.function.Predicate<String> territoryVisible) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (var count : subscribers.countsOf(subject)) {
            if (territoryVisible.test(count.territory())) {
                counts.merge(count.channel() + "|" + count.status().name(), count.count(), Long::sum);
            }
        }
        return counts.entrySet().stream().map(e -> new ChannelState(e.getKey().substring(0, e.getKey().indexOf('|')),
                DeliveryStatus.valueOf(e.getKey().substring(e.getKey().indexOf('|') + 1)), e.getValue())).toList();
    }

    /** What a redrive did, for the audit trail. */
    record Redrive(String subject, int redriven, List<java.util.UUID> deliveries) {
    }

    /** Claims and sends one due delivery; false when there is none. Must run in its own transaction. */
    public boolean sendNext() {
        return sendDue(1) > 0;
    }

    /**
     * Claims up to {@code limit} due deliveries, posts them concurrently and records every outcome; how many were
     * claimed (0: none due). Must run in its own transaction, which holds the claimed rows' locks until it commits.
     */
    public int sendDue(int limit) {
        List<DeliveryEntity> claimed = DeliveryEntity.lockDue(limit);
        Map<java.util.UUID, DeliveryLedger.Note> notes = ledger.submittingNotes(claimed.stream().map(d -> d.id).toList());
        List<Job> jobs = new ArrayList<>(claimed.size());
        for (DeliveryEntity delivery : claimed) {
            prepare(delivery, notes.get(delivery.id)).ifPresent(jobs::add);
        }
        if (jobs.size() == 1) {
            record(jobs.getFirst(), send(jobs.getFirst()));
        } else if (!jobs.isEmpty()) {
            List<Future<Result>> sending = jobs.stream().map(job -> senders.submit(() -> send(job))).toList();
            for (int i = 0; i < jobs.size(); i++) {
                record(jobs.get(i), outcome(sending.get(i)));
            }
        }
        return claimed.size();
    }

    /**
     * A claimed delivery ready to post: plain data for the sender thread, which never touches the session ({@code
     * delivery} is for the loop's thread, which records); {@code noted}: what a sender that stopped mid-post left, or
     * null; {@code unsure}: whether its parts are to be looked for on the account before any is posted.
     */
    private record Job(DeliveryEntity delivery, java.util.UUID id, DeliveryLedger.Note noted, boolean unsure,
                       Network network, ChannelAdapter adapter,
                       String accountName, String credentialsName, ChannelAdapter.Destination destination, DeliveryFailure refused,
                       ChannelAdapter.Credentials credentials, List<String> parts, List<String> sentBefore,
                       ChannelAdapter.Reply thread, ChannelAdapter.DeliveryContext context) {
    }

    /**
     * What the sender did: the ids of the parts now out, and a failure, a time to come back at, or neither (sent);
     * {@code unknown}: why a part may be out and cannot be told (left to a person); {@code keepNotes}: the notes of
     * parts perhaps out still stand (looking for them failed before anything was posted).
     */
    private record Result(List<String> sent, String firstUrl, DeliveryFailure failure, Instant deferredTo,
                          String unknown, boolean keepNotes) {

        Result(List<String> sent, String firstUrl, DeliveryFailure failure, Instant deferredTo) {
            this(sent, firstUrl, failure, deferredTo, null, false);
        }
    }

    /**
     * Parks what can never be sent; of what a stopped sender may have posted, records UNKNOWN what the network cannot
     * show back, and has the others looked for once that sender's request is surely over; puts a reply back while its
     * thread's first post is pending; else a job.
     *
     * @param noted what a sender that stopped mid-post left, or null
     */
    private Optional<Job> prepare(DeliveryEntity delivery, DeliveryLedger.Note noted) {
        SocialAccountEntity account = SocialAccountEntity.findById(delivery.accountId);
        ChannelAdapter adapter = adapters.get(account.network);
        Optional<ChannelAdapter.Credentials> credentials = accounts.credentials(account);
        if (adapter == null || credentials.isEmpty()) {
            park(delivery, "no " + (adapter == null ? "adapter for " + account.network : "credentials '" + account.credentials + "'"),
                    noted);
            outcomes.fire(new DeliveryMetrics.Outcome(account.network, DeliveryStatus.FAILED));
            return Optional.empty();
        }
        Optional<JsonNode> payload = readablePayload(delivery.payload);
        if (payload.isEmpty()) {
            // Retrying cannot make it readable: parked for an operator, instead of failing (and retrying) forever.
            park(delivery, "unreadable payload: no \"parts\" to post (planned by another version, or edited by hand)",
                    noted);
            outcomes.fire(new DeliveryMetrics.Outcome(account.network, DeliveryStatus.FAILED));
            return Optional.empty();
        }
        List<String> sentBefore = new ArrayList<>();
        if (delivery.remoteIds != null) {
            read(delivery.remoteIds).forEach(id -> sentBefore.add(id.asText()));
        }
        boolean unsure = noted != null && noted.part() >= sentBefore.size() && !adapter.honoursIdempotencyKey();
        if (unsure && !adapter.findsItsPosts()) {
            unknown(delivery, account.name, account.network, "perhaps posted: the sender stopped while posting part "
                    + (noted.part() + 1) + " of " + payload.get().path("parts").size() + ", before recording it; check"
                    + " the account, then re-drive it if it is not there");
            return Optional.empty();
        }
        Instant settled = noted == null ? null : noted.since().plus(config.readTimeout().multipliedBy(2));
        if (unsure && settled.isAfter(Instant.now())) {
            // Its request may still be under way (another replica's, a moment ago): looked for once it surely ended.
            delivery.nextAttemptAt = settled;
            return Optional.empty();
        }
        ChannelAdapter.Reply thread = null;
        if (delivery.threadOf != null) {
            Optional<DeliveryEntity> root = root(delivery);
            if (root.isPresent() && root.get().status == DeliveryStatus.PENDING) {
                delivery.nextAttemptAt = Instant.now().plusSeconds(1); // answer once the first post is out
                return Optional.empty();
            }
            thread = root.filter(r -> r.status == DeliveryStatus.SENT).map(r -> new ChannelAdapter.Reply(
                    ids(r).get(0).asText(), lastSentInThread(delivery).orElse(ids(r).get(ids(r).size() - 1).asText())))
                    .orElse(null);
        }
        List<String> parts = json.convertValue(payload.get().path("parts"), json.getTypeFactory()
                .constructCollectionType(List.class, String.class));
        ChannelAdapter.DeliveryContext context = new ChannelAdapter.DeliveryContext(delivery.id.toString(),
                delivery.subject, delivery.version, delivery.kind, payload.get().path("link").asText(null));
        ChannelAdapter.Destination destination = null;
        DeliveryFailure refused = null;
        try {
            destination = new ChannelAdapter.Destination(accounts.apiRoot(account), account.target, account.language);
        } catch (DeliveryFailure noRoot) {
            refused = noRoot; // an attempt, failed like a refused post
        }
        return Optional.of(new Job(delivery, delivery.id, noted, unsure, account.network, adapter, account.name,
                account.credentials, destination, refused, credentials.get(), parts, List.copyOf(sentBefore), thread, context));
    }

    /**
     * Posts the parts not out yet, in order, within the network's limits: a free in-flight slot and a reserved place
     * in its rate windows, each waited for at most {@code pacing-patience}; longer, the delivery is put back for
     * later. Runs on a sender thread: reads the job, touches no entity.
     */
    private Result send(Job job) {
        List<String> sent = new ArrayList<>(job.sentBefore());
        String firstUrl = null;
        Duration patience = config.pacingPatience();
        if (job.refused() != null) {
            return new Result(sent, null, job.refused(), null, null, job.unsure()); // not looked for: the notes stand
        }
        if (job.unsure()) {
            // Before anything else: until the parts perhaps out are found or known absent, their notes stand.
            Looked looked = lookFor(job, sent);
            if (looked.stop() != null) {
                return looked.stop();
            }
            firstUrl = looked.firstUrl();
        }
        try {
            if (!limits.enter(job.network(), patience)) {
                return new Result(sent, firstUrl, null, Instant.now().plusSeconds(1)); // the network's slots are all busy
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(sent, firstUrl, null, Instant.now());
        }
        try {
            ChannelAdapter.Destination destination = job.destination();
            for (int part = sent.size(); part < job.parts().size(); part++) {
                Instant deadline = Instant.now().plus(patience);
                PostingLimits.Reservation slot;
                while (!(slot = limits.reserve(job.network(), job.credentialsName(), destination.target(),
                        destination.baseUrl(), Instant.now(), Duration.between(Instant.now(), deadline))).granted()) {
                    if (slot.at().isAfter(deadline)) {
                        return new Result(sent, firstUrl, null, slot.at()); // its rate windows are full until then
                    }
                    sleepUntil(slot.at()); // the posts that free a place are still in flight
                }
                ChannelAdapter.SentPart posted;
                try {
                    sleepUntil(slot.at());
                    if (!job.adapter().honoursIdempotencyKey()) {
                        ledger.noteSubmitting(job.id(), part); // committed before the request: see prepare
                    }
                    posted = job.adapter().post(destination, job.credentials(), job.parts().get(part),
                            replyFor(job, sent), job.context().deliveryId() + "-" + part, job.context());
                } finally {
                    limits.sent(slot, Instant.now()); // counted, even if it failed: the network may have seen it
                }
                sent.add(posted.id());
                if (part == 0 && posted.url() != null) {
                    firstUrl = posted.url();
                }
            }
            return new Result(sent, firstUrl, null, null);
        } catch (DeliveryFailure failure) {
            return failed(job, sent, firstUrl, failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(sent, firstUrl, null, Instant.now());
        } catch (RuntimeException unexpected) {
            // Whatever an adapter threw, the batch's other outcomes must still commit: a failure of this one, which
            // may have come after its request (an answer that could not be read).
            return failed(job, sent, firstUrl, DeliveryFailure.retryable(unexpected.getClass().getSimpleName() + ": "
                    + unexpected.getMessage()));
        } finally {
            limits.leave(job.network());
        }
    }

    /**
     * A failed part whose request may have posted it all the same (a timeout, a reset, a 5xx) is tried again only where
     * that cannot show it twice: under its idempotency key, after looking on the account first (its note kept), or
     * where the network refuses a repeat. Elsewhere (Telegram) it is recorded UNKNOWN for a person, as a sender killed
     * mid-request leaves it. A part the network says is out already is UNKNOWN too: out, under an id not known.
     */
    private static Result failed(Job job, List<String> sent, String firstUrl, DeliveryFailure failure) {
        ChannelAdapter adapter = job.adapter();
        String part = "part " + (sent.size() + 1) + " of " + job.parts().size();
        if (failure.postedAlready()) {
            return new Result(sent, firstUrl, null, null, "posted already: " + failure.getMessage() + " (" + part
                    + "; an earlier try went out, its id unknown); check the account before re-driving anything", false);
        }
        if (failure.maybePosted() && !adapter.honoursIdempotencyKey() && !adapter.findsItsPosts()
                && !adapter.refusesDuplicates()) {
            return new Result(sent, firstUrl, null, null, "perhaps posted: " + failure.getMessage() + " (" + part
                    + "; a timeout or an error answer can hide a post, and the network cannot be asked); check the"
                    + " account, then re-drive it if it is not there", false);
        }
        return new Result(sent, firstUrl, failure, null, null, failure.maybePosted() && adapter.findsItsPosts());
    }

    /** Where the next part goes: under the thread's root and the last part out, or the thread's own reply. */
    private static ChannelAdapter.Reply replyFor(Job job, List<String> sent) {
        return sent.isEmpty() ? job.thread() : new ChannelAdapter.Reply(
                job.thread() != null ? job.thread().root() : sent.getFirst(), sent.getLast());
    }

    /** The note's time is the database's, a post's the network's: a look goes back this much further. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    /** What looking for the parts perhaps out found: the first part's URL if it is out, or why to stop there. */
    private record Looked(String firstUrl, Result stop) {
    }

    /**
     * Looks on the account for the parts a stopped sender noted, in order, adding those found to {@code sent}: the
     * first not found was not posted, nor any after it (a part is noted only once the one before it is out). Then
     * posting resumes there. When the network cannot be asked, the notes stand and the delivery is tried again; when
     * it cannot tell, the delivery is left UNKNOWN for a person.
     */
    private Looked lookFor(Job job, List<String> sent) {
        String firstUrl = null;
        for (int part = sent.size(); part <= job.noted().part() && part < job.parts().size(); part++) {
            Optional<ChannelAdapter.SentPart> found;
            try {
                found = job.adapter().findPosted(job.destination(), job.credentials(), job.parts().get(part),
                        replyFor(job, sent), job.noted().since().minus(CLOCK_SKEW));
            } catch (DeliveryFailure failure) {
                if (failure.retryable()) {
                    return new Looked(null, new Result(sent, firstUrl, failure, null, null, true));
                }
                return new Looked(null, new Result(sent, firstUrl, null, null, "perhaps posted: the sender stopped while"
                        + " posting part " + (part + 1) + " of " + job.parts().size() + ", and the account's posts do not"
                        + " tell (" + failure.getMessage() + "); check the account, then re-drive it if it is not there",
                        false));
            } catch (RuntimeException unexpected) {
                return new Looked(null, new Result(sent, firstUrl, DeliveryFailure.retryable("looking for part " + (part + 1)
                        + " on the account: " + unexpected.getClass().getSimpleName()), null, null, true));
            }
            if (found.isEmpty()) {
                break;
            }
            sent.add(found.get().id());
            if (part == 0) {
                firstUrl = found.get().url();
            }
        }
        return new Looked(firstUrl, null);
    }

    /**
     * Waits for a sender even when interrupted (shutting down): what went out must be committed, or the rollback
     * would send it again. Senders end by themselves (timeouts, patience), at once when interrupted.
     */
    private static Result outcome(Future<Result> sending) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return sending.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("A sender failed outside its own handling", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Writes a sender's outcome into the claimed row, on the loop's thread, in the batch's transaction, which deletes
     * the row's submitting notes with it.
     */
    private void record(Job job, Result result) {
        DeliveryEntity delivery = job.delivery();
        if ((job.noted() != null || !job.adapter().honoursIdempotencyKey()) && !result.keepNotes()) {
            ledger.forgetSubmitting(delivery.id);
        }
        if (result.sent().size() > job.sentBefore().size()) {
            delivery.remoteIds = json.valueToTree(result.sent()).toString();
        }
        if (result.firstUrl() != null) {
            delivery.remoteUrl = result.firstUrl();
        }
        if (result.unknown() != null) {
            // It may quote a network's answer: redacted as a failure's message is.
            unknown(delivery, job.accountName(), job.network(), Redaction.redact(result.unknown(), job.credentials()));
            return;
        }
        if (result.deferredTo() != null) {
            delivery.nextAttemptAt = result.deferredTo(); // paced: not an attempt, nothing failed
            return;
        }
        delivery.attempts++;
        if (result.failure() == null) {
            delivery.status = DeliveryStatus.SENT;
            delivery.sentAt = Instant.now();
            delivery.lastError = null;
            outcomes.fire(new DeliveryMetrics.Outcome(job.network(), DeliveryStatus.SENT));
            return;
        }
        DeliveryFailure failure = result.failure();
        // Stored, logged and shown: never a URL path, a token or a password, whatever the adapter wrote.
        String error = Redaction.redact(failure.getMessage(), job.credentials());
        delivery.lastError = error;
        if (!failure.retryable() || delivery.attempts >= config.maxAttempts()) {
            delivery.status = DeliveryStatus.FAILED;
            LOG.warnf("Delivery %s to %s parked after %d attempt(s): %s", delivery.id, SafeText.forLog(job.accountName()),
                    delivery.attempts, SafeText.forLog(error));
            outcomes.fire(new DeliveryMetrics.Outcome(job.network(), DeliveryStatus.FAILED));
        } else {
            delivery.nextAttemptAt = Instant.now().plus(delay(delivery.attempts, failure.retryAfter()));
        }
    }

    private static void sleepUntil(Instant at) throws InterruptedException {
        long millis = Duration.between(Instant.now(), at).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    /** Exponential backoff with full jitter, never sooner than the network asked. */
    Duration delay(int attempts, Duration retryAfter) {
        long cap = Math.min(config.maxBackoff().toMillis(), config.initialBackoff().toMillis() << Math.min(attempts - 1, 20));
        long jittered = cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
        Duration backoff = Duration.ofMillis(jittered);
        return retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
    }

    /**
     * A sender noted part {@code part} submitting and stopped before its outcome was committed (a kill -9, a rollback):
     * the network may show it. Posting it again would show it twice, so it waits for an operator, who looks at the
     * account and re-drives it if it is not there.
     */
    private void unknown(DeliveryEntity delivery, String accountName, Network network, String why) {
        delivery.status = DeliveryStatus.UNKNOWN;
        delivery.attempts++;
        delivery.lastError = why;
        ledger.forgetSubmitting(delivery.id);
        LOG.warnf("Delivery %s to %s recorded UNKNOWN: %s", delivery.id, SafeText.forLog(accountName), SafeText.forLog(why));
        outcomes.fire(new DeliveryMetrics.Outcome(network, DeliveryStatus.UNKNOWN));
    }

    /**
     * Parks what can never be sent as it stands. A note left behind (a sender stopped mid-post) goes with the parking,
     * said in its error: whoever re-drives it should look at the account first.
     *
     * @param noted what a sender that stopped mid-post left, or null
     */
    private void park(DeliveryEntity delivery, String reason, DeliveryLedger.Note noted) {
        delivery.status = DeliveryStatus.FAILED;
        delivery.lastError = noted == null ? reason : reason + "; perhaps posted already: a sender stopped while"
                + " posting part " + (noted.part() + 1) + ", so check the account before re-driving it";
        if (noted != null) {
            ledger.forgetSubmitting(delivery.id);
        }
        LOG.warnf("Delivery %s parked: %s", delivery.id, SafeText.forLog(reason));
    }

    private Optional<DeliveryEntity> root(DeliveryEntity delivery) {
        return ledger.threadRoot(delivery.accountId, delivery.threadOf);
    }

    /** The last post already in the thread, so a reply hangs under the latest update rather than the first post. */
    private Optional<String> lastSentInThread(DeliveryEntity delivery) {
        return ledger.lastSentBefore(delivery.accountId, delivery.threadOf, delivery.version).map(d -> {
                    JsonNode ids = ids(d);
                    return ids.get(ids.size() - 1).asText();
                });
    }

    /** The planned payload if it holds a non-empty array of texts to post under "parts"; empty otherwise. */
    private Optional<JsonNode> readablePayload(String text) {
        JsonNode payload;
        try {
            payload = text == null ? null : json.readTree(text);
        } catch (Exception e) {
            return Optional.empty();
        }
        if (payload == null || !payload.path("parts").isArray() || payload.path("parts").isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode part : payload.path("parts")) {
            if (!part.isTextual()) {
                return Optional.empty();
            }
        }
        return Optional.of(payload);
    }

    private JsonNode ids(DeliveryEntity delivery) {
        return read(delivery.remoteIds);
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("Unreadable ledger JSON: " + e.getMessage(), e);
        }
    }
}
