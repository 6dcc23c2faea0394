package fr.tocsin.console.numbers.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import fr.tocsin.console.signin.client.PersonsAccessToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * fallback-service's directory and live numbers (docs/FALLBACK-API.md), called with the signed-in person's token: the
 * API scopes every list and write to the person's territories.
 */
@RegisterRestClient(configKey = "fallback-api")
@RegisterProvider(PersonsAccessToken.class)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface FallbackApi {

    @GET
    @Path("/fallback-numbers")
    List<Number> numbers(@QueryParam("territory") String territory);

    @GET
    @Path("/fallback-numbers/{id}")
    Number number(@PathParam("id") UUID id);

    @POST
    @Path("/fallback-numbers")
    @Consumes(MediaType.APPLICATION_JSON)
    Number create(Details details);

    @PUT
    @Path("/fallback-numbers/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Number update(@PathParam("id") UUID id, Details details);

    @DELETE
    @Path("/fallback-numbers/{id}")
    void delete(@PathParam("id") UUID id);

    @POST
    @Path("/fallback-numbers/import")
    @Consumes("text/csv")
    ImportReport importCsv(String csv);

    @GET
    @Path("/live-numbers")
    List<LiveNumbers> live(@QueryParam("territory") String territory, @QueryParam("at") String at);

    /** One registered number ({@code FallbackNumberView}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Number(UUID id, String territory, String service, int priority, String e164, String national, String label,
                  String notes, String authority, LocalDate verifiedOn, String state, Instant updatedAt) {
    }

    /** A number's details as the directory takes them ({@code FallbackNumberRequest}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Details(String territory, String service, Integer priority, String number, String label, String notes,
                   String authority, LocalDate verifiedOn) {
    }

    /** What an import did ({@code CsvTransfer.Report}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ImportReport(int rows, int created, int updated) {
    }

    /** A territory's live numbers at a version ({@code LiveNumbers}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LiveNumbers(String territory, long version, List<Live> numbers, Instant changedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Live(String service, int priority, String e164, String national, String label, String notes,
                List<UUID> incidents) {
    }
}
