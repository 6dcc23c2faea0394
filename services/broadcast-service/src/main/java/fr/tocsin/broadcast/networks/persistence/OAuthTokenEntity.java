package fr.tocsin.broadcast.networks.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;

/**
 * The current OAuth 2.0 token pair of one credentials name (X). The refresh token rotates at every refresh, so
 * only this row knows the one that still works; a refresh runs while holding the row's lock.
 */
@Entity
@Table(name = "oauth_token")
public class OAuthTokenEntity extends PanacheEntityBase {

    @Id
    public String credentials;
    @Column(name = "access_token")
    public String accessToken;
    @Column(name = "refresh_token")
    public String refreshToken;
    @Column(name = "access_expires_at")
    public Instant accessExpiresAt;
    @Column(name = "seed_sha256")
    public String seedSha256;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /**
     * The row of these credentials, created from the configured refresh token if there is none yet, and locked
     * ({@code select ... for update}) until the transaction ends: a second worker or replica waits, then reads
     * what the first stored. Must run inside a transaction.
     */
    public static OAuthTokenEntity lockOrSeed(String credentials, String seedRefreshToken, String seedSha256) {
        // A refresh holding the lock takes at most the token endpoint's timeouts; waiting longer means trouble.
        getEntityManager().createNativeQuery("select set_config('lock_timeout', '20s', true)").getSingleResult();
        getEntityManager().createNativeQuery("""
                        insert into oauth_token (credentials, refresh_token, seed_sha256, updated_at)
                        values (:credentials, :refresh, :seed, now())
                        on conflict (credentials) do nothing""")
                .setParameter("credentials", credentials)
                .setParameter("refresh", seedRefreshToken)
                .setParameter("seed", seedSha256)
                .executeUpdate();
        return findById(credentials, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Without a lock: the fast path, while the stored access token is still good. */
    public static Optional<OAuthTokenEntity> current(String credentials) {
        return findByIdOptional(credentials);
    }

    @Override
    public String toString() {
        return "OAuthTokenEntity[" + credentials + ", expires " + accessExpiresAt + "]"; // never the tokens
    }
}
