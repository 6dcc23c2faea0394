package fr.tocsin.broadcast.networks;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.tocsin.broadcast.networks.ChannelAdapter;
import fr.tocsin.broadcast.networks.DeliveryFailure;
import fr.tocsin.contracts.posts.Network;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Partner webhooks, signed as Standard Webhooks: {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">} with the partner's {@code whsec_} secret. The id is stable across retries, so a
 * receiver deduplicates; the timestamp lets it reject replays.
 */
@ApplicationScoped
public class WebhookAdapter implements ChannelAdapter {

    @Inject
    RestClients clients;

    @Inject
    ObjectMapper json;

    @Override
    public Network network() {
        return Network.WEBHOOK;
    }

    /** Yes: receivers deduplicate on webhook-id (Standard Webhooks), which is the key. */
    @Override
    public boolean honoursIdempotencyKey() {
        return true;
    }

    @Override
    public SentPart post(Destination destination, Credentials credentials, String text, Reply reply, String idempotencyKey,
                         DeliveryContext context) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "tocsin." + context.kind().name().toLowerCase());
        event.put("subject", context.subject());
        event.put("version", context.version());
        event.put("language", destination.language());
        event.put("text", text);
        event.put("link", context.link());
        String body;
        try {
            body = json.writeValueAsString(event);
        } catch (Exception e) {
            throw DeliveryFailure.refused("Webhook: " + e.getMessage());
        }
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        String signature = "v1," + sign(credentials.secret(), idempotencyKey + "." + timestamp + "." + body);
        WebhookApi api = clients.get(WebhookApi.class, destination.baseUrl());
        try (Response response = RestClients.call(network().displayName(), destination.baseUrl(), () -> api.deliver(idempotencyKey, timestamp, signature, body))) {
            if (response.getStatus() / 100 != 2) {
                throw RestClients.failure("Webhook " + RestClients.host(destination.baseUrl()), response, response.readEntity(String.class));
            }
            return new SentPart(idempotencyKey, null);
        }
    }

    /** HMAC-SHA256 with the secret's bytes (base64 after the {@code whsec_} prefix), base64-encoded. */
    public static String sign(String secret, String content) {
        if (secret == null || secret.isBlank()) {
            throw DeliveryFailure.refused("Webhook: no signing secret configured");
        }
        byte[] key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
