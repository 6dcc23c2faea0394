package fr.tocsin.broadcast.delivery;

import fr.tocsin.broadcast.delivery.persistence.DeliveryKind;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.tocsin.contracts.fallback.LiveNumbersEvent;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.broadcast.accounts.AccountRegistry;
import fr.tocsin.broadcast.accounts.persistence.SocialAccountEntity;
import fr.tocsin.broadcast.delivery.persistence.DeliveryLedger;
import fr.tocsin.contracts.posts.Post;
import fr.tocsin.contracts.posts.PostComposer;
import fr.tocsin.contracts.posts.PostFormatter;
import fr.tocsin.contracts.posts.PostKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Turns events into rows of the delivery ledger, rendered for each account's network and language. A row is
 * unique per account × subject × version × kind, so planning the same event again (redelivery, restart,
 * rebalance) adds nothing: the ledger, not the consumer, is what makes each post go out once.
 */
@ApplicationScoped
public class DeliveryPlanner {

    /** Fired after planning commits, to wake the workers. */
    public record Planned(int count) {
    }

    @Inject
    AccountRegistry accounts;

    /** The public pages' root (dissemination-service), which the posts link to. */
    @ConfigProperty(name = "tocsin.public.base-url")
    String baseUrl;

    @Inject
    ObjectMapper json;

    @Inject
    DeliveryLedger ledger;

    @Inject
    Event<Planned> planned;

    /** @param previous the incident's previous public version, null for its first */
    @Transactional
    public int plan(IncidentSnapshot incident, IncidentSnapshot previous) {
        if (!incident.isReleased()) {
            return 0; // never approved: nothing of it may leave
        }
        // Planned works not begun (#22) are announced like a declaration, in words of their own (PostComposer).
        boolean ended = !incident.status().inForce() && !incident.status().upcoming();
        if (previous != null && !publiclyChanged(previous, incident)) {
            return 0;
        }
        if (ended && previous != null && !previous.status().inForce() && !previous.status().upcoming()) {
            return 0;
        }
        String subject = incident.id().toString();
        // A national incident goes to hundreds of accounts: what the ledger holds is read once, each text rendered
        // once per kind, language and network, and the rows inserted together.
        java.util.Set<UUID> postedBefore = ledger.accountsPlannedBefore(subject, incident.version());
        java.util.Set<UUID> newer = ledger.accountsPlannedAfter(subject, incident.version());
        Map<String, String> payloads = new java.util.HashMap<>();
        List<DeliveryLedger.NewDelivery> rows = new java.util.ArrayList<>();
        for (SocialAccountEntity account : accounts.route(incident.territories(), incident.mode() != IncidentMode.ACTUAL)) {
            boolean posted = postedBefore.contains(account.id);
            DeliveryKind kind = ended ? DeliveryKind.ENDED : posted ? DeliveryKind.UPDATED : DeliveryKind.DECLARED;
            if (kind == DeliveryKind.ENDED && !posted) {
                continue; // never announced on this account: nothing to close
            }
            if (newer.contains(account.id)) {
                continue; // a late, older event: what it says is already out of date
            }
            String payload = payloads.computeIfAbsent(kind + " " + account.language + " " + account.network, k -> {
                Post post = PostComposer.incident(incident, PostKind.valueOf(kind.name()), account.language, baseUrl);
                return write(Map.of("parts", PostFormatter.parts(account.network, post), "link", post.link()));
            });
            rows.add(new DeliveryLedger.NewDelivery(deliveryId(account.id, subject, incident.version(), kind), account.id,
                    subject, incident.version(), kind, payload, kind == DeliveryKind.DECLARED ? null : subject));
        }
        int count = ledger.insertAll(rows);
        fire(count);
        return count;
    }

    @Transactional
    public int plan(LiveNumbersEvent set) {
        String subject = "numbers:" + set.territory();
        int count = 0;
        for (SocialAccountEntity account : accounts.ofTerritory(set.territory())) {
            // Only the newest numbers matter: an older set not sent yet is dropped, not posted late.
            ledger.supersedeOlderPending(account.id, subject, set.version());
            if (set.numbers().isEmpty() && !postedBefore(account.id, subject, set.version())) {
                continue; // withdrawing numbers that were never announced here
            }
            Post post = PostComposer.numbers(set, account.language, baseUrl);
            if (repeatsLast(account, subject, set.version(), post)) {
                continue; // a second incident on the same numbers: citizens would read the same post again
            }
            count += insert(account, subject, set.version(), DeliveryKind.NUMBERS, post, null);
        }
        fire(count);
        return count;
    }

    private int insert(SocialAccountEntity account, String subject, long version, DeliveryKind kind, Post post,
                       String threadOf) {
        if (newerPlanned(account.id, subject, version)) {
            return 0; // a late, older event: what it says is already out of date
        }
        String payload = write(Map.of("parts", PostFormatter.parts(account.network, post), "link", post.link()));
        return ledger.insert(new DeliveryLedger.NewDelivery(deliveryId(account.id, subject, version, kind), account.id,
                subject, version, kind, payload, threadOf));
    }

    /**
     * Derived from what the delivery is, not drawn at random: it is the networks' Idempotency-Key, so a delivery
     * planned again (its row lost with the database, say) keeps the key the network has already seen.
     */
    static UUID deliveryId(UUID account, String subject, long version, DeliveryKind kind) {
        return UUID.nameUUIDFromBytes((account + "|" + subject + "|" + version + "|" + kind.name())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private boolean newerPlanned(UUID account, String subject, long version) {
        return ledger.newerPlanned(account, subject, version);
    }

    /** Whether the account's last planned post on this subject (sent or pending) says exactly this. */
    private boolean repeatsLast(SocialAccountEntity account, String subject, long version, Post post) {
        return ledger.lastPartsEqual(account.id, subject, version, write(PostFormatter.parts(account.network, post)));
    }

    private boolean postedBefore(UUID account, String subject, long version) {
        return ledger.postedBefore(account, subject, version);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a reader would see a difference: status, texts, services, territories or a new timeline entry. */
    private static boolean publiclyChanged(IncidentSnapshot before, IncidentSnapshot after) {
        return before.status() != after.status() || !Objects.equals(before.title(), after.title())
                || !Objects.equals(before.description(), after.description())
                || !Objects.equals(before.instructions(), after.instructions())
                || !before.services().equals(after.services()) || !before.territories().equals(after.territories())
                || before.timeline().size() != after.timeline().size();
    }

    private void fire(int count) {
        if (count > 0) {
            planned.fire(new Planned(count));
        }
    }
}
