package fr.tocsin.fallback.csv.rest;

import fr.tocsin.fallback.csv.CsvTransfer;
import fr.tocsin.kit.auth.TokenActor;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The directory as a CSV file: a ministry loads every department at once, an authority exports its own. */
@Path("/api/v1/fallback-numbers")
@Tag(name = "Directory", description = "Standby fallback numbers: register, import, export, publish by hand")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CsvResource {

    @Inject
    TokenActor actor;

    @Inject
    CsvTransfer csvTransfer;

    @POST
    @Path("/import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Operation(operationId = "importFallbackNumbers", summary = "Load many numbers at once (CSV, header " + "territory,service,priority,number,label,notes,"
            + "authority,verified_on)", description = "All or nothing: bad rows are reported by line and reason, and then "
            + "nothing is stored. Rows matching a registered number (territory, service, number) update it.")
    public CsvTransfer.Report importCsv(String csv) {
        return csvTransfer.importCsv(actor.get(), csv);
    }

    @GET
    @Path("/export")
    @Produces("text/csv")
    @Operation(operationId = "exportFallbackNumbers", summary = "The numbers within your territory as CSV, in the import format")
    public Response exportCsv() {
        return Response.ok(csvTransfer.exportCsv(actor.get()))
                .header("Content-Disposition", "attachment; filename=\"numeros-de-secours.csv\"").build();
    }
}
