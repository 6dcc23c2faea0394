package fr.tocsin.dissemination.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.tocsin.dissemination.service.social.ChannelAdapter;
import fr.tocsin.dissemination.service.social.DeliveryFailure;
import fr.tocsin.dissemination.service.social.Network;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

/** X: posts with an OAuth 2.0 user-context bearer token; replies name the post they answer. */
@ApplicationScoped
public class XAdapter implements ChannelAdapter {

    @Inject
    RestClients clients;

    @Inject
    ObjectMapper json;

    @Override
    public Network network() {
        return Network.X;
    }

    @Override
    public SentPart post(Destination destination, Credentials credentials, String text, Reply reply, String idempotencyKey,
                         DeliveryContext context) {
        ObjectNode post = json.createObjectNode().put("text", text);
        if (reply != null) {
            post.putObject("reply").put("in_reply_to_tweet_id", reply.parent());
        }
        XApi api = clients.get(XApi.class, destination.baseUrl());
        try (Response response = RestClients.call("X", () -> api.createPost("Bearer " + credentials.token(), post))) {
            String body = response.readEntity(String.class);
            if (response.getStatus() / 100 != 2) {
                throw RestClients.failure("X", response, body);
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
