package fr.tocsin.broadcast.networks;

import fr.tocsin.contracts.posts.Network;
import fr.tocsin.broadcast.delivery.persistence.DeliveryKind;

/**
 * Posts one message to one account of one network. Threads are built by the caller, one part at a time, so a
 * failure after the first part resumes at the failed part instead of posting the first one again.
 */
public interface ChannelAdapter {

    Network network();

    /**
     * @param reply          the thread to answer in (root and previous post), or null for a new thread
     * @param idempotencyKey stable across retries of the same part, for networks that honour it
     * @throws DeliveryFailure retryable (timeouts, 5xx, 429 with its delay) or not (refused)
     */
    SentPart post(Destination destination, Credentials credentials, String text, Reply reply, String idempotencyKey,
                  DeliveryContext context);

    /**
     * Whether the network drops a second request carrying the same idempotency key, so that a part posted again after
     * a crash shows once. Otherwise each part is noted submitting before its request, and a delivery whose note
     * outlived its sender is recorded UNKNOWN rather than posted again ({@code DeliveryWorker}).
     */
    default boolean honoursIdempotencyKey() {
        return false;
    }

    /**
     * Whether the account's own recent posts can be read back ({@link #findPosted}), so that a part a stopped sender
     * may have posted is settled by looking, not left UNKNOWN for a person ({@code DeliveryWorker}).
     */
    default boolean findsItsPosts() {
        return false;
    }

    /**
     * Whether the network refuses a post that repeats one the account made moments ago ({@link
     * DeliveryFailure#postedAlready}), so that a part tried again after a timeout or a 5xx cannot show twice. A
     * network with none of the three (key, read-back, refusal) has such a part recorded UNKNOWN, not tried again
     * blindly ({@code DeliveryWorker}).
     */
    default boolean refusesDuplicates() {
        return false;
    }

    /**
     * The account's post of exactly this text made at {@code since} or later, if there is one (the network's clock: the
     * caller leaves room for skew). Only where {@link #findsItsPosts}.
     *
     * @param reply where in its thread the part would have gone, as for {@link #post}; null for a thread's first post
     * @throws DeliveryFailure retryable when the network could not be asked; refused when its answer cannot tell
     */
    default java.util.Optional<SentPart> findPosted(Destination destination, Credentials credentials, String text,
                                                    Reply reply, java.time.Instant since) {
        throw new UnsupportedOperationException(network() + " cannot read its posts back");
    }

    /** Where and as whom: the account's API root, its page/chat/handle, its language. */
    record Destination(String baseUrl, String target, String language) {
    }

    /**
     * The secret part of an account, read from configuration (a Kubernetes Secret in production). {@code oauth} is
     * set when the access token is refreshed (X); {@code token} is then unused. Never printed.
     */
    record Credentials(String token, String identifier, String password, String secret, OAuthRefresh oauth) {

        public Credentials(String token, String identifier, String password, String secret) {
            this(token, identifier, password, secret, null);
        }

        @Override
        public String toString() {
            return "Credentials[" + (oauth == null ? "static" : "oauth " + oauth.credentialsName()) + "]";
        }
    }

    /**
     * What refreshing an OAuth 2.0 access token takes: the credentials name (the key of the stored token pair),
     * the refresh token that seeds the store, the client id and, for a confidential client, its secret. Never printed.
     */
    record OAuthRefresh(String credentialsName, String refreshToken, String clientId, String clientSecret) {

        @Override
        public String toString() {
            return "OAuthRefresh[" + credentialsName + ", client " + clientId + "]";
        }
    }

    /** Remote ids as stored in the ledger (Bluesky's is "at-uri cid"). */
    record Reply(String root, String parent) {
    }

    record SentPart(String id, String url) {
    }

    /** What the post is about, for networks that carry structured data (webhooks). */
    record DeliveryContext(String deliveryId, String subject, long version, DeliveryKind kind, String link) {
    }
}
