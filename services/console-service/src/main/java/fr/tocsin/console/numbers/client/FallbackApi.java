package fr.tocsin.console.numbers.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import fr.tocsin.console.signin.client.PersonsAccessToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** fallback-service's directory, read with the signed-in person's token: the numbers a declaration would make live. */
@RegisterRestClient(configKey = "fallback-api")
@RegisterProvider(PersonsAccessToken.class)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface FallbackApi {

    @GET
    @Path("/fallback-numbers")
    List<Number> numbers(@QueryParam("territory") String territory);

    /** One registered number ({@code FallbackNumberView}), the fields the preview shows. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Number(String territory, String service, int priority, String e164, String national, String label,
                  String state) {
    }
}
