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
import fr.tocsin.broadcast.networks.persistence.Network;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends due deliveries. Each worker claims one row with {@code FOR UPDATE SKIP LOCKED} and keeps the lock while
 * it posts, so another worker or another instance never sends the same delivery; the row is marked sent in the
 * same transaction. Parts of a thread are recorded as they go, so a retry resumes where it failed.
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
    Instance<ChannelAdapter> adapterBeans;

    @Inject
    ObjectMapper json;

    @Inject
    AuditTrail audit;

    @Inject
    jakarta.enterprise.event.Event<DeliveryMetrics.Outcome> outcomes;

    private final Map<Network, ChannelAdapter> adapters = new EnumMap<>(Network.class);
    private final Semaphore wake = new Semaphore(0);
    private ExecutorService workers;
    private volatile boolean running;

    void start(@Observes StartupEvent start) {
        adapterBeans.forEach(adapter -> adapters.put(adapter.network(), adapter));
        running = true;
        workers = Executors.newFixedThreadPool(config.workers(), Thread.ofPlatform().name("delivery-", 0).daemon().factory());
        for (int i = 0; i < config.workers(); i++) {
            workers.execute(this::loop);
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        running = false;
        workers.shutdownNow();
    }

    void onPlanned(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeliveryPlanner.Planned planned) {
        wake.release(Math.min(planned.count(), config.workers()));
    }

    /** Re-drives parked failures (all of a subject's, or every one): they are attempted again from scratch. */
    public int redrive(Actor actor, String subject) {
        int count = QuarkusTransaction.requiringNew().call(() -> {
            // The accounts' territories are those concerned: a prefecture reads the redrives of its own accounts.
            List<DeliveryEntity> failed = ledger.failed(subject);
            List<TerritoryRef> territories = failed.isEmpty() ? List.of() : SocialAccountEntity.withIds(
                    failed.stream().map(d -> d.accountId).distinct().toList()).stream()
                    .map(a -> TerritoryRef.parse(a.territory)).distinct().toList();
            int updated = ledger.redrive(subject);
            audit.append(actor, "DELIVERY_REDRIVE", subject, territories, null,
                    new Redrive(subject, updated, failed.stream().map(d -> d.id).toList()), Instant.now());
            return updated;
        });
        wake.release(Math.min(Math.max(count, 0), config.workers()));
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

    /** What a redrive did, for the audit trail. */
    record Redrive(String subject, int redriven, List<java.util.UUID> deliveries) {
    }

    private void loop() {
        while (running) {
            try {
                boolean worked = QuarkusTransaction.requiringNew().timeout(60).call(this::sendNext);
                if (!worked) {
                    wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("Delivery worker: %s %s", e.getClass().getSimpleName(),
                            SafeText.forLog(Redaction.redact(e.getMessage())));
                    sleepQuietly(config.pollInterval());
                }
            }
        }
    }

    /** Claims and sends one due delivery; false when there is none. Must run in its own transaction. */
    public boolean sendNext() {
        Optional<DeliveryEntity> claimed = DeliveryEntity.lockNextDue();
        if (claimed.isEmpty()) {
            return false;
        }
        DeliveryEntity delivery = claimed.get();
        SocialAccountEntity account = SocialAccountEntity.findById(delivery.accountId);
        ChannelAdapter adapter = adapters.get(account.network);
        Optional<ChannelAdapter.Credentials> credentials = accounts.credentials(account);
        if (adapter == null || credentials.isEmpty()) {
            park(delivery, "no " + (adapter == null ? "adapter for " + account.network : "credentials '" + account.credentials + "'"));
            outcomes.fire(new DeliveryMetrics.Outcome(account.network, DeliveryStatus.FAILED));
            return true;
        }
        Optional<JsonNode> payload = readablePayload(delivery.payload);
        if (payload.isEmpty()) {
            // Retrying cannot make it readable: parked for an operator, instead of failing (and retrying) forever.
            park(delivery, "unreadable payload: no \"parts\" to post (planned by another version, or edited by hand)");
            outcomes.fire(new DeliveryMetrics.Outcome(account.network, DeliveryStatus.FAILED));
            return true;
        }
        ChannelAdapter.Reply thread = null;
        if (delivery.threadOf != null) {
            Optional<DeliveryEntity> root = root(delivery);
            if (root.isPresent() && root.get().status == DeliveryStatus.PENDING) {
                delivery.nextAttemptAt = Instant.now().plusSeconds(1); // answer once the first post is out
                return true;
            }
            thread = root.filter(r -> r.status == DeliveryStatus.SENT).map(r -> new ChannelAdapter.Reply(
                    ids(r).get(0).asText(), lastSentInThread(delivery).orElse(ids(r).get(ids(r).size() - 1).asText())))
                    .orElse(null);
        }
        List<String> parts = json.convertValue(payload.get().path("parts"), json.getTypeFactory()
                .constructCollectionType(List.class, String.class));
        ArrayNode sent = delivery.remoteIds == null ? json.createArrayNode() : (ArrayNode) read(delivery.remoteIds);
        ChannelAdapter.DeliveryContext context = new ChannelAdapter.DeliveryContext(delivery.id.toString(),
                delivery.subject, delivery.version, delivery.kind, payload.get().path("link").asText(null));
        delivery.attempts++;
        try {
            ChannelAdapter.Destination destination = new ChannelAdapter.Destination(accounts.apiRoot(account), account.target,
                    account.language);
            for (int part = sent.size(); part < parts.size(); part++) {
                ChannelAdapter.Reply reply = sent.isEmpty() ? thread : new ChannelAdapter.Reply(
                        thread != null ? thread.root() : sent.get(0).asText(), sent.get(sent.size() - 1).asText());
                ChannelAdapter.SentPart posted = adapter.post(destination, credentials.get(), parts.get(part), reply,
                        delivery.id + "-" + part, context);
                sent.add(posted.id());
                if (part == 0 && posted.url() != null) {
                    delivery.remoteUrl = posted.url();
                }
            }
            delivery.remoteIds = sent.toString();
            delivery.status = DeliveryStatus.SENT;
            delivery.sentAt = Instant.now();
            delivery.lastError = null;
            outcomes.fire(new DeliveryMetrics.Outcome(account.network, DeliveryStatus.SENT));
        } catch (DeliveryFailure failure) {
            delivery.remoteIds = sent.isEmpty() ? delivery.remoteIds : sent.toString();
            // Stored, logged and shown: never a URL path, a token or a password, whatever the adapter wrote.
            String error = Redaction.redact(failure.getMessage(), credentials.get());
            delivery.lastError = error;
            if (!failure.retryable() || delivery.attempts >= config.maxAttempts()) {
                delivery.status = DeliveryStatus.FAILED;
                LOG.warnf("Delivery %s to %s parked after %d attempt(s): %s", delivery.id, SafeText.forLog(account.name),
                        delivery.attempts, SafeText.forLog(error));
                outcomes.fire(new DeliveryMetrics.Outcome(account.network, DeliveryStatus.FAILED));
            } else {
                delivery.nextAttemptAt = Instant.now().plus(delay(delivery.attempts, failure.retryAfter()));
            }
        }
        return true;
    }

    /** Exponential backoff with full jitter, never sooner than the network asked. */
    Duration delay(int attempts, Duration retryAfter) {
        long cap = Math.min(config.maxBackoff().toMillis(), config.initialBackoff().toMillis() << Math.min(attempts - 1, 20));
        long jittered = cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
        Duration backoff = Duration.ofMillis(jittered);
        return retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
    }

    private void park(DeliveryEntity delivery, String reason) {
        delivery.status = DeliveryStatus.FAILED;
        delivery.lastError = reason;
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

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
