package fr.tocsin.console.audit.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import fr.tocsin.console.signin.client.PersonsAccessToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.Instant;
import java.util.List;

/**
 * An audit trail as every service serves it (service-kit's {@code AuditResource}), with the signed-in person's token:
 * the ministry reads all of it, a prefecture or a mayor the records within their territories, operators nothing;
 * only the ministry verifies the chain. One client per service, on that service's URL (its config key): the nested
 * interfaces below, which add nothing but where to call.
 */
@Produces(MediaType.APPLICATION_JSON)
public interface AuditApi {

    /** On each client: a client interface's {@code @Path} is not inherited (MicroProfile Rest Client). */
    String PATH = "/api/v1/audit";

    @GET
    Page records(@QueryParam("target") String target, @QueryParam("page") int page, @QueryParam("size") int size);

    @GET
    @Path("/verification")
    Verification verify();

    /** incident-service's: declarations, approvals, changes, ends. */
    @RegisterRestClient(configKey = "incident-api")
    @RegisterProvider(PersonsAccessToken.class)
    @Path(PATH)
    interface Incidents extends AuditApi {
    }

    /** fallback-service's: the standby numbers added, changed, retired. */
    @RegisterRestClient(configKey = "fallback-api")
    @RegisterProvider(PersonsAccessToken.class)
    @Path(PATH)
    interface Numbers extends AuditApi {
    }

    /** broadcast-service's: accounts, re-drives, subscription testers. */
    @RegisterRestClient(configKey = "broadcast-api")
    @RegisterProvider(PersonsAccessToken.class)
    @Path(PATH)
    interface Deliveries extends AuditApi {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Page(List<Entry> records, int page, int size) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(long id, Instant at, String actor, String role, String action, String targetId, List<String> territories,
                 JsonNode before, JsonNode after, String hash) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Verification(boolean intact, long checked, long unchained, Long chainStart, BrokenLink firstBrokenLink,
                        String lastHash) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record BrokenLink(long recordId, String reason) {
    }
}
