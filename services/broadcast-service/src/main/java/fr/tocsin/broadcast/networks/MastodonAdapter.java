package fr.tocsin.broadcast.networks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.tocsin.broadcast.networks.ChannelAdapter;
import fr.tocsin.broadcast.networks.DeliveryFailure;
import fr.tocsin.contracts.posts.Network;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

/** Mastodon: the instance deduplicates retries carrying the same Idempotency-Key (for an hour). */
@ApplicationScoped
public class MastodonAdapter implements ChannelAdapter {

    @Inject
    RestClients clients;

    @Inject
    ObjectMapper json;

    @Override
    public Network network() {
        return Network.MASTODON;
    }

    /** Yes: the instance keeps the key for an hour. */
    @Override
    public boolean honoursIdempotencyKey() {
        return true;
    }

    @Override
    public SentPart post(Destination destination, Credentials credentials, String text, Reply reply, String idempotencyKey,
                         DeliveryContext context) {
        ObjectNode status = json.createObjectNode().put("status", text).put("visibility", "public")
                .put("language", destination.language());
        if (reply != null) {
            status.put("in_reply_to_id", reply.parent());
        }
        MastodonApi api = clients.get(MastodonApi.class, destination.baseUrl());
        try (Response response = RestClients.call(network().displayName(), destination.baseUrl(),
                () -> api.postStatus("Bearer " + credentials.token(), idempotencyKey, status))) {
            String body = response.readEntity(String.class);
            if (response.getStatus() / 100 != 2) {
                throw RestClients.failure(network().displayName(), response, body);
            }
            JsonNode posted = read(body);
            return new SentPart(posted.path("id").asText(), posted.path("url").asText(null));
        }
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw DeliveryFailure.retryable("Mastodon: unreadable answer " + RestClients.abbreviate(body));
        }
    }
}
