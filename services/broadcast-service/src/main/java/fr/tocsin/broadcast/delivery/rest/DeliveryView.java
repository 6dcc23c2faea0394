package fr.tocsin.broadcast.delivery.rest;

import fr.tocsin.broadcast.delivery.persistence.DeliveryEntity;
import fr.tocsin.broadcast.accounts.persistence.SocialAccountEntity;
import fr.tocsin.broadcast.delivery.persistence.DeliveryKind;
import fr.tocsin.broadcast.delivery.persistence.DeliveryStatus;
import fr.tocsin.contracts.posts.Network;
import fr.tocsin.broadcast.delivery.Redaction;

import java.time.Instant;
import java.util.UUID;

/** A delivery as the API shows it: its error redacted again on the way out (rows stored before redaction). */
public record DeliveryView(UUID id, UUID accountId, String account, Network network, String territory, DeliveryKind kind,
                           long version, DeliveryStatus status, int attempts, Instant nextAttemptAt, String lastError,
                           String remoteIds, String remoteUrl, Instant sentAt) {

    public static DeliveryView of(DeliveryEntity d, SocialAccountEntity a) {
        return new DeliveryView(d.id, d.accountId, a == null ? null : a.name, a == null ? null : a.network,
                a == null ? null : a.territory, d.kind, d.version, d.status, d.attempts, d.nextAttemptAt, Redaction.redact(d.lastError),
                d.remoteIds, d.remoteUrl, d.sentAt);
    }
}
