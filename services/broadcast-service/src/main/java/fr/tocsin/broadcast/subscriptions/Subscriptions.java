package fr.tocsin.broadcast.subscriptions;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import fr.tocsin.broadcast.config.SubscriptionConfig;
import fr.tocsin.broadcast.networks.DeliveryFailure;
import fr.tocsin.broadcast.networks.MailGateway;
import fr.tocsin.broadcast.networks.SmppGateway;
import fr.tocsin.broadcast.subscriptions.persistence.SubscriptionEntity;
import fr.tocsin.broadcast.subscriptions.persistence.SubscriptionStore;
import fr.tocsin.kit.problem.KitProblemException;
import fr.tocsin.kit.audit.AuditTrail;
import fr.tocsin.contracts.auth.Actor;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Subscribing with double opt-in, confirming, unsubscribing. A destination receives nothing but its confirmation
 * until it confirms, and no more confirmations than {@code confirmations-per-destination-per-hour}, whoever asks.
 */
@ApplicationScoped
public class Subscriptions {

    private static final Logger LOG = Logger.getLogger(Subscriptions.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What a handset's reply may say to stop everything (accents and case ignored). */
    private static final Set<String> STOP_WORDS = Set.of("STOP", "STOP SMS", "ARRET", "ARRETER", "DESABONNER",
            "UNSUBSCRIBE", "END", "STOPALL");

    /** What the caller learns: never whether another person's destination was already subscribed. */
    public record Outcome(UUID id, Channel channel, boolean confirmed) {
    }

    @Inject
    SubscriptionStore store;

    @Inject
    SubscriptionConfig config;

    @Inject
    SmppGateway sms;

    @Inject
    MailGateway mail;

    @Inject
    SubscriptionMessages messages;

    @Inject
    AuditTrail audit;

    private final Cache<String, Bucket> perAddress = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofHours(1)).build();

    /**
     * The pending row and the secret to send, decided in one transaction, sent after it commits; {@code countedAt}
     * is the destination's hourly count entry, taken back if the message does not go out.
     */
    private record ToConfirm(Outcome outcome, String secret, String unsubscribeToken, boolean send, Instant countedAt) {
    }

    public Outcome subscribe(NewSubscription request) {
        String field = request.channel() == Channel.SMS ? "mobile" : "email";
        admitAddress(request.clientAddress());
        if (request.channel() == Channel.SMS && !sms.enabled()) {
            throw SubscriptionProblem.unavailable(field, "les abonnements par SMS ne sont pas ouverts / "
                    + "SMS subscriptions are not available");
        }
        ToConfirm decided = QuarkusTransaction.requiringNew().call(() -> decide(request, field));
        if (decided.send()) {
            try {
                sendConfirmation(request, decided);
            } catch (DeliveryFailure e) {
                LOG.warnf("Subscription %s: confirmation not sent (%s)", decided.outcome().id(), e.getMessage());
                releaseCount(request.channel(), request.destination(), decided.countedAt());
                throw SubscriptionProblem.unavailable(field, "la confirmation n’a pas pu partir, réessayez plus tard / "
                        + "the confirmation could not be sent, retry later");
            }
        }
        return decided.outcome();
    }

    /**
     * Takes back a message counted against the destination's hourly limit that did not go out: the person may ask
     * again, and the limit still counts every message that reached the destination.
     */
    void releaseCount(Channel channel, String destination, Instant countedAt) {
        QuarkusTransaction.requiringNew().run(() -> store.releaseConfirmation(sha256(channel + ":" + destination),
                countedAt));
    }

    /** The per-client-address hourly limit, shared by every request that makes a message go out. */
    void admitAddress(String clientAddress) {
        int perHour = config.requestsPerAddressPerHour();
        Bucket bucket = perAddress.get(clientAddress, key -> Bucket.builder().addLimit(Bandwidth.builder()
                .capacity(perHour).refillGreedy(perHour, Duration.ofHours(1)).build()).build());
        if (!bucket.tryConsume(1)) {
            throw SubscriptionProblem.limited(null, "trop de demandes d’abonnement depuis votre adresse, réessayez dans "
                    + "une heure / too many subscription requests from your address, retry in an hour");
        }
    }

    private ToConfirm decide(NewSubscription request, String field) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS); // as stored: releaseCount finds it again
        SubscriptionEntity subscription = store.find(request.channel().name(), request.destination(),
                request.territory().toString()).orElse(null);
        if (subscription != null && subscription.confirmed() && subscription.suspendedAt == null) {
            // Already confirmed: nothing to send, and the answer does not say whose it is. A suspended destination
            // (it bounced) confirms again, which lifts the suspension.
            return new ToConfirm(new Outcome(subscription.id, request.channel(), false), null, null, false, null);
        }
        if (subscription == null && store.countFor(request.channel().name(), request.destination())
                >= config.territoriesPerDestination()) {
            throw KitProblemException.invalid(field, "ce destinataire suit déjà "
                    + config.territoriesPerDestination() + " territoires / this destination already follows "
                    + config.territoriesPerDestination() + " territories");
        }
        if (!store.recordConfirmation(sha256(request.channel() + ":" + request.destination()), now,
                now.minus(Duration.ofHours(1)), config.confirmationsPerDestinationPerHour())) {
            throw SubscriptionProblem.limited(field, "ce destinataire a reçu assez de confirmations pour cette heure, "
                    + "réessayez plus tard / this destination received enough confirmations this hour, retry later");
        }
        if (subscription == null) {
            subscription = new SubscriptionEntity();
            subscription.id = UUID.randomUUID();
            subscription.channel = request.channel().name();
            subscription.destination = request.destination();
            subscription.territory = request.territory().toString();
            subscription.unsubscribeToken = token();
            subscription.requestedAt = now;
        }
        boolean fresh = subscription.language == null;
        subscription.language = request.language();
        String secret = request.channel() == Channel.SMS ? "%06d".formatted(RANDOM.nextInt(1_000_000)) : token();
        subscription.codeSha256 = codeHash(subscription.id, request.channel(), secret);
        subscription.codeExpiresAt = now.plus(config.codeValidity());
        subscription.codeAttempts = 0;
        if (fresh) {
            store.persist(subscription); // complete: Hibernate inserts the state it had when persisted
        }
        return new ToConfirm(new Outcome(subscription.id, request.channel(), false), secret,
                subscription.unsubscribeToken, true, now);
    }

    private void sendConfirmation(NewSubscription request, ToConfirm decided) {
        if (request.channel() == Channel.SMS) {
            sms.send(request.destination(), messages.confirmationSms(request.language(), decided.secret(),
                    config.codeValidity()));
        } else {
            mail.sendNow(messages.confirmationEmail(request.destination(), request.language(), request.territory(),
                    decided.secret(), decided.unsubscribeToken(), decided.outcome().id()));
        }
    }

    /** Why a code did not confirm; the wrong attempt is counted in a committed transaction before the answer. */
    private enum CodeRefusal {
        WRONG, SPENT
    }

    /**
     * Confirms an SMS subscription with the code it received: only that code, compared in constant time, within
     * {@code code-attempts} tries, each wrong one counted (and committed) before the answer. An already confirmed
     * subscription answers exactly as a pending one given a wrong code: subscribing a stranger's number returns its
     * subscription id, and "confirmed" for any code would tell that the number follows this territory.
     *
     * @throws KitProblemException 404 unknown, 400 naming {@code code} when wrong, expired or tried too often
     */
    public Outcome confirmCode(UUID id, String code) {
        Object decided = QuarkusTransaction.requiringNew().call(() -> {
            SubscriptionEntity subscription = store.find(id)
                    .orElseThrow(() -> KitProblemException.notFound("abonnement inconnu / unknown subscription"));
            Channel channel = Channel.valueOf(subscription.channel);
            if (channel != Channel.SMS) {
                throw KitProblemException.invalid("code", "un abonnement par e-mail se confirme par le lien reçu / "
                        + "an e-mail subscription is confirmed by the link it received");
            }
            // A code is awaited from the moment one was sent until it confirms (confirm() clears it; a suspended
            // destination subscribing again is sent a new one).
            boolean awaiting = subscription.codeSha256 != null;
            if (subscription.codeAttempts >= config.codeAttempts() || !awaiting && !subscription.confirmed()
                    || awaiting && subscription.codeExpiresAt.isBefore(Instant.now())) {
                return CodeRefusal.SPENT;
            }
            // Confirmed with no code awaited: every code is wrong, and counted, as for a pending one.
            boolean right = awaiting && code != null && code.matches("\\d{6}") && MessageDigest.isEqual(
                    codeHash(id, channel, code).getBytes(StandardCharsets.US_ASCII),
                    subscription.codeSha256.getBytes(StandardCharsets.US_ASCII));
            if (!right) {
                subscription.codeAttempts++;
                return CodeRefusal.WRONG;
            }
            confirm(subscription);
            return new Outcome(id, channel, true);
        });
        if (decided == CodeRefusal.SPENT) {
            throw KitProblemException.invalid("code", "code expiré ou trop d’essais : demandez un nouveau code / "
                    + "code expired or too many attempts: ask for a new code");
        }
        if (decided == CodeRefusal.WRONG) {
            throw KitProblemException.invalid("code", "code incorrect / wrong code");
        }
        return (Outcome) decided;
    }

    /** Confirms an e-mail subscription by its link's token. */
    public Outcome confirmLink(String token) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
                throw KitProblemException.invalid("token", "lien de confirmation invalide / invalid confirmation link");
            }
            SubscriptionEntity subscription = store.findByCode(sha256("link:" + token))
                    .orElseThrow(() -> KitProblemException.notFound("lien inconnu ou déjà utilisé / unknown or used link"));
            if (subscription.codeExpiresAt.isBefore(Instant.now())) {
                throw KitProblemException.invalid("token", "lien expiré : abonnez-vous de nouveau / link expired: "
                        + "subscribe again");
            }
            confirm(subscription);
            return new Outcome(subscription.id, Channel.EMAIL, true);
        });
    }

    private static void confirm(SubscriptionEntity subscription) {
        subscription.confirmedAt = Instant.now();
        subscription.suspendedAt = null;
        subscription.suspendedReason = null;
        subscription.codeSha256 = null;
        subscription.codeExpiresAt = null;
        subscription.codeAttempts = 0;
    }

    /** Joins the unsubscribe tokens of a message that stands for several subscriptions (never in a token). */
    public static final String TOKEN_SEPARATOR = ".";
    /** One unsubscribe token, or the dot-joined tokens of one message (at most one per territory a destination follows). */
    public static final String UNSUBSCRIBE_TOKENS = "[A-Za-z0-9_-]{43}(\\.[A-Za-z0-9_-]{43}){0,49}";

    /**
     * One-click unsubscribe (RFC 8058): the subscription of each token (a message's link carries the tokens of every
     * subscription it stood for) and its personal data are deleted. False when none is known.
     */
    public boolean unsubscribe(String tokens) {
        if (tokens == null || !tokens.matches(UNSUBSCRIBE_TOKENS)) {
            return false;
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            boolean any = false;
            for (String token : new java.util.LinkedHashSet<>(List.of(tokens.split("\\.")))) {
                var subscription = store.findByUnsubscribeToken(token);
                if (subscription.isPresent()) {
                    store.delete(subscription.get());
                    any = true;
                }
            }
            return any;
        });
    }

    /** What a tester change did, for the audit trail: never the destination itself. */
    record TesterChange(String channel, boolean tester, int subscriptions) {
    }

    /**
     * Flags (or unflags) every subscription of a destination as a tester's (exercises and tests reach testers only);
     * how many it has. Audited under the destination's SHA-256.
     */
    public int setTester(Actor actor, Channel channel, String destination, boolean tester) {
        return QuarkusTransaction.requiringNew().call(() -> {
            int count = store.setTester(channel.name(), destination, tester);
            if (count > 0) {
                audit.append(actor, "SUBSCRIPTION_TESTER", sha256(channel + ":" + destination), List.of(), null,
                        new TesterChange(channel.name(), tester, count), Instant.now());
            }
            return count;
        });
    }

    /** STOP from a handset: every SMS subscription of that mobile is deleted. */
    void onMobileOriginated(@Observes SmppGateway.MobileOriginated message) {
        String words = Normalizer.normalize(message.text(), Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        if (!STOP_WORDS.contains(words)) {
            return;
        }
        String mobile = message.source().startsWith("+") ? message.source() : "+" + message.source();
        int deleted = QuarkusTransaction.requiringNew().call(() -> store.deleteAll(Channel.SMS.name(), mobile));
        LOG.infof("STOP received: %d SMS subscription(s) deleted", deleted);
    }

    /** SMS codes are hashed with the subscription's id (a million codes otherwise share a million hashes). */
    private static String codeHash(UUID id, Channel channel, String secret) {
        return channel == Channel.SMS ? sha256(id + ":" + secret) : sha256("link:" + secret);
    }

    /** 256 random bits, URL-safe: 43 characters. */
    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
