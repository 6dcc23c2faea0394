package fr.tocsin.broadcast.networks;

import fr.tocsin.contracts.json.SafeText;
import fr.tocsin.broadcast.networks.persistence.OAuthTokenEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * OAuth 2.0 access tokens that expire and are refreshed with rotating refresh tokens (X). The current pair of
 * each credentials name is kept in the service's database ({@code oauth_token}), shared by every worker and
 * replica; the configured refresh token only seeds it. A refresh happens ahead of expiry, or when the network
 * rejected the access token, always while holding the row's lock, in its own short transaction committed at
 * once: two workers never spend the same refresh token, and the one that waited uses what the first stored.
 * Tokens are never logged nor put in failure messages.
 */
@ApplicationScoped
public class OAuthTokens {

    private static final Logger LOG = Logger.getLogger(OAuthTokens.class);

    /** An access token with less than this left is refreshed before use. */
    public static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);

    /** What the token endpoint granted; a null refresh token means it did not rotate (the old one stays). */
    public record Grant(String accessToken, String refreshToken, Duration expiresIn) {

        @Override
        public String toString() {
            return "Grant[expires in " + expiresIn + "]";
        }
    }

    /**
     * Calls the token endpoint with this refresh token. Throws a {@link DeliveryFailure}: not retryable when
     * the network refused the refresh token (re-authorisation needed), retryable when it could not answer.
     */
    @FunctionalInterface
    public interface Refresher {
        Grant refresh(String refreshToken);
    }

    /** The access token to use now: the stored one while it has more than {@link #REFRESH_AHEAD} left, else a new one. */
    public String accessToken(ChannelAdapter.OAuthRefresh oauth, Refresher refresher) {
        Optional<String> current = guarded(oauth, () -> QuarkusTransaction.requiringNew().call(() ->
                OAuthTokenEntity.current(oauth.credentialsName()).filter(OAuthTokens::fresh).map(row -> row.accessToken)));
        return current.orElseGet(() -> refreshLocked(oauth, null, refresher));
    }

    /**
     * A replacement for an access token the network rejected (401): refreshed once, unless another worker or
     * replica already stored a newer one meanwhile.
     */
    public String afterRejection(ChannelAdapter.OAuthRefresh oauth, String rejected, Refresher refresher) {
        return refreshLocked(oauth, rejected, refresher);
    }

    private String refreshLocked(ChannelAdapter.OAuthRefresh oauth, String rejected, Refresher refresher) {
        String name = oauth.credentialsName();
        String seedSha = sha256(oauth.refreshToken());
        AtomicBoolean granted = new AtomicBoolean();
        try {
            return guarded(oauth, () -> QuarkusTransaction.requiringNew().timeout(30).call(() -> {
                OAuthTokenEntity row = OAuthTokenEntity.lockOrSeed(name, oauth.refreshToken(), seedSha);
                if (fresh(row) && !row.accessToken.equals(rejected)) {
                    return row.accessToken; // refreshed by another worker or replica while this one waited for the lock
                }
                Grant grant;
                try {
                    grant = refresher.refresh(row.refreshToken);
                } catch (DeliveryFailure failure) {
                    if (failure.retryable() || seedSha.equals(row.seedSha256)) {
                        throw failure;
                    }
                    // The stored chain is dead and the configured refresh token is not the one it started from:
                    // the account was re-authorised and the new refresh token put in the secret. Start over from it.
                    LOG.infof("X credentials '%s': stored refresh token refused, trying the newly configured one", name);
                    grant = refresher.refresh(oauth.refreshToken());
                    row.seedSha256 = seedSha;
                }
                granted.set(true);
                Instant now = Instant.now();
                row.accessToken = grant.accessToken();
                if (grant.refreshToken() != null && !grant.refreshToken().isBlank()) {
                    row.refreshToken = grant.refreshToken();
                }
                row.accessExpiresAt = now.plus(grant.expiresIn());
                row.updatedAt = now;
                LOG.infof("OAuth access token of credentials '%s' refreshed, valid until %s", name, row.accessExpiresAt);
                return row.accessToken;
            }));
        } catch (DeliveryFailure failure) {
            if (granted.get()) {
                LOG.errorf("OAuth credentials '%s': the token endpoint rotated the tokens but they could not be stored (%s); "
                        + "if the next refresh is refused, re-authorise the account", name, SafeText.forLog(failure.getMessage()));
            }
            throw failure;
        }
    }

    /** Runs a database step, turning its failures (other than delivery failures) into retryable ones. */
    private static <T> T guarded(ChannelAdapter.OAuthRefresh oauth, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (DeliveryFailure failure) {
            throw failure;
        } catch (QuarkusTransactionException e) {
            if (e.getCause() instanceof DeliveryFailure failure) {
                throw failure;
            }
            throw unavailable(oauth, e);
        } catch (RuntimeException e) {
            throw unavailable(oauth, e);
        }
    }

    private static DeliveryFailure unavailable(ChannelAdapter.OAuthRefresh oauth, RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // The class only: a driver message could quote the statement.
        return DeliveryFailure.retryable("OAuth token store for credentials '" + oauth.credentialsName() + "' unavailable: "
                + e.getClass().getSimpleName() + (root == e ? "" : " (" + root.getClass().getSimpleName() + ")"));
    }

    static boolean fresh(OAuthTokenEntity row) {
        return row.accessToken != null && row.accessExpiresAt != null
                && row.accessExpiresAt.isAfter(Instant.now().plus(REFRESH_AHEAD));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
