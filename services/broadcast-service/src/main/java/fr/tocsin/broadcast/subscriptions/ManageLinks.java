package fr.tocsin.broadcast.subscriptions;

import fr.tocsin.broadcast.config.SubscriptionConfig;
import fr.tocsin.broadcast.networks.DeliveryFailure;
import fr.tocsin.broadcast.networks.MailGateway;
import fr.tocsin.broadcast.networks.SmppGateway;
import fr.tocsin.broadcast.subscriptions.persistence.SubscriptionEntity;
import fr.tocsin.broadcast.subscriptions.persistence.SubscriptionStore;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.kit.problem.KitProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The management page's links: a subscriber gives their mobile or address, and a link to list and delete their
 * subscriptions goes there (never to a destination with no subscription, and no more messages per hour than the
 * confirmations' limit, which it shares: no one floods a stranger). The link carries the destination encrypted and
 * authenticated (AES-GCM, key derived from this service's audit key, a Secret), with its expiry: nothing is stored,
 * every replica reads it, and nobody can forge one for another destination.
 */
@ApplicationScoped
public class ManageLinks {

    private static final Logger LOG = Logger.getLogger(ManageLinks.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CONTEXT = "tocsin subscription management link v1".getBytes(StandardCharsets.UTF_8);

    /** Whose subscriptions a valid link opens. */
    public record Holder(Channel channel, String destination) {
    }

    /** One line of the management page. */
    public record Line(UUID id, Channel channel, TerritoryRef territory, String language, boolean confirmed) {
    }

    @Inject
    SubscriptionStore store;

    @Inject
    SubscriptionConfig config;

    @Inject
    Subscriptions subscriptions;

    @Inject
    SmppGateway sms;

    @Inject
    MailGateway mail;

    @ConfigProperty(name = "tocsin.audit.key")
    String auditKey;

    private SecretKeySpec key;

    @PostConstruct
    void deriveKey() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(auditKey.strip()), "HmacSHA256"));
            key = new SecretKeySpec(mac.doFinal(CONTEXT), "AES");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("tocsin.audit.key is not a base64 key", e);
        }
    }

    /**
     * Sends a management link to the destination if it has a subscription and has not had its hourly count of
     * messages; the caller learns nothing either way (whether a stranger subscribed is not theirs to know).
     *
     * @param language "fr" or "en": the link's page and text
     * @throws KitProblemException 429 when the client address asked too often (the per-address limit)
     */
    public void sendLink(Channel channel, String destination, String language, String clientAddress) {
        subscriptions.admitAddress(clientAddress);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS); // as stored: releaseCount finds it again
        boolean send = QuarkusTransaction.requiringNew().call(() -> store.countFor(channel.name(), destination) > 0
                && store.recordConfirmation(Subscriptions.sha256(channel + ":" + destination), now,
                now.minus(Duration.ofHours(1)), config.confirmationsPerDestinationPerHour()));
        if (!send) {
            return;
        }
        String link = config.apiBaseUrl() + ("en".equals(language) ? "/en" : "") + "/abonnement/mes-abonnements?token="
                + token(channel, destination, Instant.now().plus(config.codeValidity()));
        long minutes = config.codeValidity().toMinutes();
        try {
            if (channel == Channel.SMS) {
                sms.send(destination, "en".equals(language)
                        ? "Tocsin: to see or delete your subscriptions, open " + link + " (valid " + minutes + " min)."
                        : "Tocsin : pour voir ou supprimer vos abonnements, ouvrez " + link + " (valable " + minutes
                        + " min).");
            } else {
                mail.sendNow(mail(destination, language, link, minutes));
            }
        } catch (DeliveryFailure e) {
            // Not said to the caller either: they may ask again, and this one does not count against the destination.
            LOG.warnf("Management link not sent (%s)", e.getMessage());
            subscriptions.releaseCount(channel, destination, now);
        }
    }

    /** The holder of a link, or 404 when it is unknown, forged, tampered with or expired. */
    public Holder holder(String token) {
        return read(token).orElseThrow(() -> KitProblemException.notFound("lien inconnu ou expiré : demandez-en un "
                + "nouveau / unknown or expired link: ask for a new one"));
    }

    public List<Line> list(Holder holder) {
        return QuarkusTransaction.requiringNew().call(() -> store.listFor(holder.channel().name(), holder.destination())
                .stream().map(s -> new Line(s.id, Channel.valueOf(s.channel), TerritoryRef.parse(s.territory), s.language,
                        s.confirmed())).toList());
    }

    /** Deletes one of the holder's subscriptions; false when it is not theirs (or gone already). */
    public boolean delete(Holder holder, UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> store.find(id)
                .filter(s -> s.channel.equals(holder.channel().name()) && s.destination.equals(holder.destination()))
                .map(s -> {
                    store.delete(s);
                    return true;
                }).orElse(false));
    }

    /** Deletes every subscription of the holder: their data is gone. How many there were. */
    public int deleteAll(Holder holder) {
        return QuarkusTransaction.requiringNew().call(() -> store.deleteAll(holder.channel().name(), holder.destination()));
    }

    String token(Channel channel, String destination, Instant expires) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(CONTEXT);
            byte[] sealed = cipher.doFinal((channel.name() + "\n" + destination + "\n" + expires.getEpochSecond())
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    java.util.Optional<Holder> read(String token) {
        if (token == null || token.length() > 600 || !token.matches("[A-Za-z0-9_-]+")) {
            return java.util.Optional.empty();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(token);
            if (bytes.length < 12 + 16 + 1) {
                return java.util.Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, Arrays.copyOf(bytes, 12)));
            cipher.updateAAD(CONTEXT);
            String[] parts = new String(cipher.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.UTF_8).split("\n");
            if (parts.length != 3 || Instant.ofEpochSecond(Long.parseLong(parts[2])).isBefore(Instant.now())) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new Holder(Channel.valueOf(parts[0]), parts[1]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return java.util.Optional.empty(); // tampered with, or not ours
        }
    }

    private MailGateway.Email mail(String to, String language, String link, long minutes) {
        boolean en = "en".equals(language);
        String subject = en ? "Your subscriptions to the fallback numbers" : "Vos abonnements aux numéros de secours";
        String text = en
                ? "To see or delete your subscriptions, open this link within " + minutes + " minutes:\n" + link
                + "\n\nIf you did not ask for it, ignore this message.\n"
                : "Pour voir ou supprimer vos abonnements, ouvrez ce lien dans les " + minutes + " minutes :\n" + link
                + "\n\nSi vous n’avez rien demandé, ignorez ce message.\n";
        String html = "<!DOCTYPE html><html lang=\"" + (en ? "en" : "fr") + "\"><body><p><a href=\""
                + SubscriptionMessages.escape(link) + "\">" + (en ? "See or delete my subscriptions" : "Voir ou supprimer "
                + "mes abonnements") + "</a></p><p>" + (en ? "If you did not ask for it, ignore this message."
                : "Si vous n’avez rien demandé, ignorez ce message.") + "</p></body></html>";
        return new MailGateway.Email(to, subject, text, html, java.util.Map.of("Message-ID",
                "<manage." + UUID.randomUUID() + "@tocsin.local>"));
    }
}
