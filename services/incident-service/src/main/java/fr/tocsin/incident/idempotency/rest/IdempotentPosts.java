package fr.tocsin.incident.idempotency.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.incident.idempotency.IdempotencyService;
import fr.tocsin.incident.idempotency.IdempotencyService.StoredResponse;
import fr.tocsin.incident.lifecycle.IncidentView;
import fr.tocsin.incident.lifecycle.rest.ETags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Every POST of the incident API honours {@code Idempotency-Key}: the first answer is stored with the change and
 * a retry gets it again (see {@link IdempotencyService}). The resources of declaration, approval and CAP answer
 * through here.
 */
@ApplicationScoped
public class IdempotentPosts {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    @Inject
    IdempotencyService idempotency;

    @Inject
    ObjectMapper json;

    /** 202 Accepted when the change waits for a second person, 200 when it is done. */
    public static int changed(IncidentView view) {
        return view.pendingChange() != null ? 202 : 200;
    }

    /**
     * Runs the action once per key of this actor; {@code operation} and {@code request} make the fingerprint that
     * tells a retry from another request under the same key.
     */
    public Response answer(Actor actor, String key, String operation, Object request, Supplier<StoredResponse> action) {
        StoredResponse response = idempotency.execute(actor.subject(), key, fingerprint(operation, request), action);
        Response.ResponseBuilder builder = Response.status(response.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(response.body());
        if (response.location() != null) {
            builder.location(URI.create(response.location()));
        }
        if (response.etag() != null) {
            builder.header("ETag", response.etag());
        }
        return builder.build();
    }

    public StoredResponse stored(int status, IncidentView incident, URI location) {
        try {
            return new StoredResponse(status, json.writeValueAsString(incident),
                    location == null ? null : location.toString(), ETags.of(incident.version()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String fingerprint(String operation, Object request) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(operation.getBytes(StandardCharsets.UTF_8));
            sha256.update(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
