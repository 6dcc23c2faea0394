package fr.tocsin.broadcast.networks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.tocsin.broadcast.networks.ChannelAdapter;
import fr.tocsin.broadcast.networks.DeliveryFailure;
import fr.tocsin.contracts.posts.Network;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/** A Facebook Page: the first post on its feed with the link, follow-ups as comments under it. */
@ApplicationScoped
public class FacebookAdapter implements ChannelAdapter {

    @Inject
    RestClients clients;

    @Inject
    ObjectMapper json;

    @Override
    public Network network() {
        return Network.FACEBOOK;
    }

    @Override
    public SentPart post(Destination destination, Credentials credentials, String text, Reply reply, String idempotencyKey,
                         DeliveryContext context) {
        FacebookGraphApi api = clients.get(FacebookGraphApi.class, destination.baseUrl());
        try (Response response = RestClients.call(network().displayName(), destination.baseUrl(), () -> reply == null
                ? api.publish(destination.target(), text, context.link(), credentials.token())
                : api.comment(reply.root(), text, credentials.token()))) {
            String body = response.readEntity(String.class);
            if (response.getStatus() / 100 != 2) {
                if (rateLimit(body)) {
                    throw DeliveryFailure.rateLimited("Facebook rate limit: " + RestClients.abbreviate(body), null);
                }
                throw RestClients.failure(network().displayName(), response, body);
            }
            String id;
            try {
                id = json.readTree(body).path("id").asText(null);
            } catch (Exception e) {
                id = null;
            }
            if (id == null) {
                throw DeliveryFailure.retryable("Facebook: no id in " + RestClients.abbreviate(body));
            }
            return new SentPart(id, "https://www.facebook.com/" + id);
        }
    }

    /**
     * A Page shows its posts back: the first part among the Page's published posts, a follow-up among the comments
     * under the thread's first post, each by its exact message, newest first, back to {@code since}. The Page token needs {@code pages_read_engagement} for it; without it Facebook answers 4xx and
     * the delivery is left UNKNOWN, as for networks that cannot be read.
     */
    @Override
    public boolean findsItsPosts() {
        return true;
    }

    @Override
    public Optional<SentPart> findPosted(Destination destination, Credentials credentials, String text, Reply reply,
                                         Instant since) {
        FacebookGraphApi api = clients.get(FacebookGraphApi.class, destination.baseUrl());
        String bearer = "Bearer " + credentials.token();
        String after = null;
        for (int page = 0; page < LIST_PAGES; page++) {
            String cursor = after;
            JsonNode listed;
            try (Response response = RestClients.call(network().displayName(), destination.baseUrl(), () -> reply == null
                    ? api.publishedPosts(destination.target(), bearer, FIELDS, since.getEpochSecond(), LIST_PAGE, cursor)
                    : api.comments(reply.root(), bearer, FIELDS, "reverse_chronological", LIST_PAGE, cursor))) {
                String body = response.readEntity(String.class);
                if (response.getStatus() / 100 != 2) {
                    if (rateLimit(body)) {
                        throw DeliveryFailure.rateLimited("Facebook rate limit: " + RestClients.abbreviate(body), null);
                    }
                    throw RestClients.failure(network().displayName() + " reading the Page", response, body);
                }
                listed = read(body);
            }
            for (JsonNode post : listed.path("data")) {
                Instant created = createdTime(post.path("created_time").asText(""));
                if (created != null && created.isBefore(since)) {
                    return Optional.empty(); // newest first: the rest are older still
                }
                if (text.equals(post.path("message").asText(null))) {
                    String id = post.path("id").asText();
                    return Optional.of(new SentPart(id, "https://www.facebook.com/" + id));
                }
            }
            after = listed.path("paging").path("cursors").path("after").asText(null);
            if (listed.path("paging").path("next").isMissingNode() || after == null) {
                return Optional.empty();
            }
        }
        throw DeliveryFailure.refused("Facebook: more than " + LIST_PAGES * LIST_PAGE + " posts since the part was"
                + " noted; look at the Page");
    }

    /** Graph API rate limits answer 4xx with error codes 4, 17, 32 or 613: retried later. */
    private static boolean rateLimit(String body) {
        return body != null && RATE_LIMIT.matcher(body).matches();
    }

    private static final Pattern RATE_LIMIT = Pattern.compile("(?s).*\"code\"\\s*:\\s*(4|17|32|613)\\b.*");
    private static final String FIELDS = "id,message,created_time";
    private static final int LIST_PAGE = 25;
    private static final int LIST_PAGES = 4;
    /** Graph API times: "2026-12-04T18:00:01+0000". */
    private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

    private static Instant createdTime(String text) {
        try {
            return OffsetDateTime.parse(text, GRAPH_TIME).toInstant();
        } catch (RuntimeException unreadable) {
            return null; // compared by its message only
        }
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw DeliveryFailure.retryable("Facebook: unreadable answer " + RestClients.abbreviate(body));
        }
    }
}
