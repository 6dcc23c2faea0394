package fr.tocsin.dissemination.rest.dto;

import fr.tocsin.dissemination.persistence.DeliveryEntity;
import fr.tocsin.dissemination.persistence.SocialAccountEntity;
import fr.tocsin.dissemination.service.social.DeliveryKind;
import fr.tocsin.dissemination.service.social.DeliveryStatus;
import fr.tocsin.dissemination.service.social.Network;
import fr.tocsin.dissemination.service.social.Redaction;

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
