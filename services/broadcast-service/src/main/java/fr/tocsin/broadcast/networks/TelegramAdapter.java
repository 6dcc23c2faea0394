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

import java.time.Duration;

/** A Telegram channel, through a bot that is one of its administrators. */
@ApplicationScoped
public class TelegramAdapter implements ChannelAdapter {

    @Inject
    RestClients clients;

    @Inject
    ObjectMapper json;

    @Override
    public Network network() {
        return Network.TELEGRAM;
    }

    @Override
    public SentPart post(Destination destination, Credentials credentials, String text, Reply reply, String idempotencyKey,
                         DeliveryContext context) {
        ObjectNode message = json.createObjectNode().put("chat_id", destination.target()).put("text", text);
        if (reply != null) {
            message.putObject("reply_parameters").put("message_id", Long.parseLong(reply.parent()));
        }
        TelegramBotApi api = clients.get(TelegramBotApi.class, destination.baseUrl());
        try (Response response = RestClients.call(network().displayName(), destination.baseUrl(), () -> api.sendMessage(credentials.token(), message))) {
            String body = response.readEntity(String.class);
            JsonNode answer;
            try {
                answer = json.readTree(body);
            } catch (Exception e) {
                throw RestClients.failure(network().displayName(), response, body);
            }
            if (!answer.path("ok").asBoolean(false)) {
                if (answer.path("error_code").asInt() == 429) {
                    // Telegram says how long to wait in the body, not in a header.
                    long seconds = answer.path("parameters").path("retry_after").asLong(0);
                    throw DeliveryFailure.rateLimited("Telegram: " + answer.path("description").asText(),
                            seconds > 0 ? Duration.ofSeconds(seconds) : null);
                }
                throw RestClients.failure(network().displayName(), response, body);
            }
            JsonNode result = answer.path("result");
            String id = result.path("message_id").asText();
            String username = result.path("chat").path("username").asText(null);
            return new SentPart(id, username == null ? null : "https://t.me/" + username + "/" + id);
        }
    }
}
