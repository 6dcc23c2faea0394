package fr.tocsin.broadcast.networks;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.tocsin.broadcast.networks.ChannelAdapter;
import fr.tocsin.broadcast.networks.DeliveryFailure;
import fr.tocsin.contracts.posts.Network;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

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
                // Graph API rate limits answer 4xx with error codes 4, 17, 32 or 613: retry those later.
                if (body != null && body.matches("(?s).*\"code\"\\s*:\\s*(4|17|32|613)\\b.*")) {
                    throw new DeliveryFailure("Facebook rate limit: " + RestClients.abbreviate(body), true, null);
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
}
