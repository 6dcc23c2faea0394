package fr.tocsin.broadcast.networks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.tocsin.broadcast.networks.ChannelAdapter;
import fr.tocsin.broadcast.networks.DeliveryFailure;
import fr.tocsin.contracts.posts.Network;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bluesky: a session per account (createSession with an app password, kept until it expires), then an
 * {@code app.bsky.feed.post} record. Links and hashtags become facets, whose offsets are UTF-8 byte offsets.
 */
@ApplicationScoped
public class BlueskyAdapter implements ChannelAdapter {

    private static final Pattern LINK = Pattern.compile("https?://\\S+");
    private static final Pattern HASHTAG = Pattern.compile("(?<=^|\\s)#([\\p{L}\\p{N}_]+)");

    @Inject
    RestClients clients;

    @Inject
    ObjectMapper json;

    private record Session(String accessJwt, String did) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    @Override
    public Network network() {
        return Network.BLUESKY;
    }

    @Override
    public SentPart post(Destination destination, Credentials credentials, String text, Reply reply, String idempotencyKey,
                         DeliveryContext context) {
        BlueskyApi api = clients.get(BlueskyApi.class, destination.baseUrl());
        String key = destination.baseUrl() + " " + credentials.identifier();
        Session session = sessions.computeIfAbsent(key, k -> createSession(api, destination, credentials));
        ObjectNode request = json.createObjectNode().put("repo", session.did()).put("collection", "app.bsky.feed.post");
        ObjectNode record = request.putObject("record");
        record.put("$type", "app.bsky.feed.post").put("text", text)
                .put("createdAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        record.putArray("langs").add(destination.language());
        ArrayNode facets = facets(text);
        if (!facets.isEmpty()) {
            record.set("facets", facets);
        }
        if (reply != null) {
            ObjectNode replyNode = record.putObject("reply");
            replyNode.set("root", strongRef(reply.root()));
            replyNode.set("parent", strongRef(reply.parent()));
        }
        Response response = RestClients.call(network().displayName(), destination.baseUrl(), () -> api.createRecord("Bearer " + session.accessJwt(), request));
        String body = response.readEntity(String.class);
        if (response.getStatus() == 400 && body != null && body.contains("ExpiredToken")) {
            sessions.remove(key); // the next attempt opens a new session
            throw DeliveryFailure.retryable("Bluesky: session expired");
        }
        if (response.getStatus() / 100 != 2) {
            if (response.getStatus() == 401) {
                sessions.remove(key);
            }
            throw RestClients.failure(network().displayName(), response, body);
        }
        JsonNode created = read(body);
        String uri = created.path("uri").asText();
        String rkey = uri.substring(uri.lastIndexOf('/') + 1);
        return new SentPart(uri + " " + created.path("cid").asText(),
                "https://bsky.app/profile/" + session.did() + "/post/" + rkey);
    }

    /**
     * Bluesky's records can be listed back (com.atproto.repo.listRecords, newest first): a part a stopped sender may
     * have posted is found there by its text, or known not to be out.
     */
    @Override
    public boolean findsItsPosts() {
        return true;
    }

    @Override
    public Optional<SentPart> findPosted(Destination destination, Credentials credentials, String text, Reply reply,
                                         Instant since) {
        BlueskyApi api = clients.get(BlueskyApi.class, destination.baseUrl());
        String key = destination.baseUrl() + " " + credentials.identifier();
        Session session = sessions.computeIfAbsent(key, k -> createSession(api, destination, credentials));
        String cursor = null;
        for (int page = 0; page < LIST_PAGES; page++) {
            String after = cursor;
            Response response = RestClients.call(network().displayName(), destination.baseUrl(), () -> api.listRecords(
                    "Bearer " + session.accessJwt(), session.did(), "app.bsky.feed.post", LIST_PAGE, after));
            String body = response.readEntity(String.class);
            if (response.getStatus() / 100 != 2) {
                if (response.getStatus() == 401 || (body != null && body.contains("ExpiredToken"))) {
                    sessions.remove(key);
                }
                throw RestClients.failure(network().displayName() + " listRecords", response, body);
            }
            JsonNode listed = read(body);
            boolean older = false;
            for (JsonNode record : listed.path("records")) {
                Instant created = createdAt(record.path("value"));
                if (created != null && created.isBefore(since)) {
                    older = true; // newest first: the rest are older still
                    break;
                }
                if (text.equals(record.path("value").path("text").asText(null))) {
                    String uri = record.path("uri").asText();
                    return Optional.of(new SentPart(uri + " " + record.path("cid").asText(),
                            "https://bsky.app/profile/" + session.did() + "/post/" + uri.substring(uri.lastIndexOf('/') + 1)));
                }
            }
            cursor = listed.path("cursor").asText(null);
            if (older || cursor == null) {
                return Optional.empty();
            }
        }
        // Hundreds of posts since the note: whether ours is among them cannot be told cheaply.
        throw DeliveryFailure.refused("Bluesky: more than " + LIST_PAGES * LIST_PAGE + " posts since the part was"
                + " noted; look at the account");
    }

    private static final int LIST_PAGE = 50;
    private static final int LIST_PAGES = 4;

    private static Instant createdAt(JsonNode value) {
        try {
            return Instant.parse(value.path("createdAt").asText());
        } catch (RuntimeException unreadable) {
            return null; // a record of another client, perhaps: compared by its text only
        }
    }

    private Session createSession(BlueskyApi api, Destination destination, Credentials credentials) {
        ObjectNode login = json.createObjectNode().put("identifier", credentials.identifier())
                .put("password", credentials.password());
        Response response = RestClients.call(network().displayName(), destination.baseUrl(), () -> api.createSession(login));
        String body = response.readEntity(String.class);
        if (response.getStatus() / 100 != 2) {
            throw RestClients.failure("Bluesky createSession", response, body);
        }
        JsonNode session = read(body);
        return new Session(session.path("accessJwt").asText(), session.path("did").asText());
    }

    /** Links and hashtags, located by UTF-8 byte offsets as the AT Protocol requires. */
    ArrayNode facets(String text) {
        ArrayNode facets = json.createArrayNode();
        Matcher link = LINK.matcher(text);
        while (link.find()) {
            ObjectNode facet = facet(text, link.start(), link.end());
            facet.putArray("features").addObject().put("$type", "app.bsky.richtext.facet#link").put("uri", link.group());
            facets.add(facet);
        }
        Matcher tag = HASHTAG.matcher(text);
        while (tag.find()) {
            ObjectNode facet = facet(text, tag.start() - 1, tag.end());
            facet.putArray("features").addObject().put("$type", "app.bsky.richtext.facet#tag").put("tag", tag.group(1));
            facets.add(facet);
        }
        return facets;
    }

    private ObjectNode facet(String text, int start, int end) {
        ObjectNode facet = json.createObjectNode();
        facet.putObject("index")
                .put("byteStart", text.substring(0, start).getBytes(StandardCharsets.UTF_8).length)
                .put("byteEnd", text.substring(0, end).getBytes(StandardCharsets.UTF_8).length);
        return facet;
    }

    private ObjectNode strongRef(String stored) {
        String[] uriAndCid = stored.split(" ", 2);
        return json.createObjectNode().put("uri", uriAndCid[0]).put("cid", uriAndCid.length > 1 ? uriAndCid[1] : "");
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw DeliveryFailure.retryable("Bluesky: unreadable answer " + RestClients.abbreviate(body));
        }
    }
}
