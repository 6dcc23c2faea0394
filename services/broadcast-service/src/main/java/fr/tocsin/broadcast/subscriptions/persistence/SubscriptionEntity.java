package fr.tocsin.broadcast.subscriptions.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One destination following one territory: only what sending needs, and the time of consent. */
@Entity
@Table(name = "subscription")
public class SubscriptionEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    /** SMS or EMAIL, as {@code Channel}'s names. */
    public String channel;
    public String destination;
    public String territory;
    public String language;
    @Column(name = "confirmed_at")
    public Instant confirmedAt;
    @Column(name = "code_sha256")
    public String codeSha256;
    @Column(name = "code_expires_at")
    public Instant codeExpiresAt;
    @Column(name = "code_attempts")
    public int codeAttempts;
    @Column(name = "unsubscribe_token")
    public String unsubscribeToken;
    /** Also receives exercises and tests (set by the ministry). */
    public boolean tester;
    /** Receives nothing while set: the destination bounced or was refused for good; cleared by a new confirmation. */
    @Column(name = "suspended_at")
    public Instant suspendedAt;
    @Column(name = "suspended_reason")
    public String suspendedReason;
    @Column(name = "requested_at")
    public Instant requestedAt;

    public boolean confirmed() {
        return confirmedAt != null;
    }
}
