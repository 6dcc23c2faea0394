package fr.tocsin.broadcast.networks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.tocsin.broadcast.networks.ChannelAdapter;
import fr.tocsin.broadcast.networks.DeliveryFailure;
import fr.tocsin.contracts.posts.Network;
import fr.tocsin.broadcast.networks.OAuthTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * X: posts with an OAuth 2.0 user-context bearer token; replies name the post they answer. With a refresh token
 * configured, the access token (valid 2 hours) comes from {@link OAuthTokens}: refreshed ahead of expiry, and once
 * more when X answers 401, before the post is retried once. Without one, the configured token is used as is.
 */
@ApplicationScoped
public class XAdapter implements ChannelAdapter {

    /** X's access tokens live two hours; used if an answer leaves {@code expires_in} out. */
    static final Duration DEFAULT_EXPIRY = Duration.ofHours(2);

    @Inject
    RestClients clients;

    @Inject
    ObjectMapper json;

    @Inject
    OAuthTokens tokens;

    @Override
    public Network network() {
        return Network.X;
    }

    /** X answers 403 "You are not allowed to create a Tweet with duplicate content" to a repeat of a recent post. */
    @Override
    public boolean refusesDuplicates() {
        return true;
    }

    @Override
    public SentPart post(Destination destination, Credentials credentials, String text, Reply reply, String idempotencyKey,
                         DeliveryContext context) {
        ObjectNode post = json.createObjectNode().put("text", text);
        if (reply != null) {
            post.putObject("reply").put("in_reply_to_tweet_id", reply.parent());
        }
        XApi api = clients.get(XApi.class, destination.baseUrl());
        OAuthRefresh oauth = credentials.oauth();
        if (oauth == null) {
            return send(api, destination, post, credentials.token(), false);
        }
        OAuthTokens.Refresher refresher = refreshToken -> refresh(api, destination, oauth, refreshToken);
        String accessToken = tokens.accessToken(oauth, refresher);
        SentPart sent = send(api, destination, post, accessToken, true);
        if (sent != null) {
            return sent;
        }
        // 401: revoked or expired early. One refresh, one more try; a second 401 is a refusal.
        SentPart retried = send(api, destination, post, tokens.afterRejection(oauth, accessToken, refresher), true);
        if (retried == null) {
            throw DeliveryFailure.refused("X answered 401 to a freshly refreshed access token: the X credentials '"
                    + oauth.credentialsName() + "' must be re-authorised");
        }
        return retried;
    }

    /**
     * {@code POST /2/oauth2/token} with {@code grant_type=refresh_token}. A refusal (400 such as {@code invalid_grant},
     * 401) means the refresh token is dead: not retried, the account must be re-authorised. 429, 5xx and timeouts
     * are retried. Neither the tokens sent nor those answered ever go into a message.
     */
    private OAuthTokens.Grant refresh(XApi api, Destination destination, OAuthRefresh oauth, String refreshToken) {
        String name = oauth.credentialsName();
        if (oauth.clientId() == null || oauth.clientId().isBlank()) {
            throw DeliveryFailure.refused("X credentials '" + name + "': a refresh-token needs the app's client-id "
                    + "(tocsin.social.credentials." + name + ".client-id)");
        }
        String basic = oauth.clientSecret() == null || oauth.clientSecret().isBlank() ? null : "Basic " + Base64.getEncoder()
                .encodeToString((oauth.clientId() + ":" + oauth.clientSecret()).getBytes(StandardCharsets.UTF_8));
        try (Response response = RestClients.call("X token endpoint", destination.baseUrl(),
                () -> api.refreshToken(basic, "refresh_token", refreshToken, oauth.clientId()))) {
            String body = response.readEntity(String.class);
            int status = response.getStatus();
            if (status / 100 == 2) {
                return grant(name, body);
            }
            if (status == 400 || status == 401) {
                throw DeliveryFailure.refused("X refused to refresh the access token of credentials '" + name + "' ("
                        + status + " " + oauthError(body) + "): the X credentials must be re-authorised and the new "
                        + "refresh token put in tocsin.social.credentials." + name + ".refresh-token");
            }
            throw RestClients.failure("X token endpoint", response, oauthError(body));
        }
    }

    private OAuthTokens.Grant grant(String name, String body) {
        JsonNode answer;
        try {
            answer = json.readTree(body);
        } catch (Exception e) {
            answer = null;
        }
        String accessToken = answer == null ? null : answer.path("access_token").asText(null);
        if (accessToken == null || accessToken.isBlank()) {
            throw DeliveryFailure.retryable("X token endpoint: no access_token in its answer for credentials '" + name + "'");
        }
        long expiresIn = answer.path("expires_in").asLong(0);
        return new OAuthTokens.Grant(accessToken, answer.path("refresh_token").asText(null),
                expiresIn > 0 ? Duration.ofSeconds(expiresIn) : DEFAULT_EXPIRY);
    }

    /** An OAuth error answer as {@code error: error_description}; other bodies abbreviated. */
    private String oauthError(String body) {
        try {
            JsonNode error = json.readTree(body);
            if (error != null && error.hasNonNull("error")) {
                String description = error.path("error_description").asText("");
                return error.path("error").asText() + (description.isEmpty() ? "" : ": " + RestClients.abbreviate(description));
            }
        } catch (Exception notJson) {
            // fall through
        }
        return RestClients.abbreviate(body);
    }

    /** The post, or null when X answered 401 to a refreshable token (the caller decides what comes next). */
    private SentPart send(XApi api, Destination destination, ObjectNode post, String accessToken, boolean refreshable) {
        try (Response response = RestClients.call(network().displayName(), destination.baseUrl(), () -> api.createPost("Bearer " + accessToken, post))) {
            String body = response.readEntity(String.class);
            if (response.getStatus() == 401 && refreshable) {
                return null;
            }
            if (response.getStatus() == 403 && body != null && body.toLowerCase(java.util.Locale.ROOT).contains("duplicate")) {
                throw DeliveryFailure.postedAlready("X refused it as a duplicate of a recent post: "
                        + RestClients.abbreviate(body));
            }
            if (response.getStatus() / 100 != 2) {
                throw RestClients.failure(network().displayName(), response, body);
            }
            String id;
            try {
                id = json.readTree(body).path("data").path("id").asText(null);
            } catch (Exception e) {
                id = null;
            }
            if (id == null) {
                throw DeliveryFailure.retryable("X: no post id in " + RestClients.abbreviate(body));
            }
            String handle = destination.target() == null ? "i/web" : destination.target();
            return new SentPart(id, "https://x.com/" + handle + "/status/" + id);
        }
    }
}
