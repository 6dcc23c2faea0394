package fr.tocsin.console.audit.rest;

import fr.tocsin.console.audit.AuditTrail;
import fr.tocsin.console.layout.rest.Pages;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

import static fr.tocsin.console.layout.rest.Pages.page;

/** The audit trail of my territory; the chain's verification on request ({@code ?verifier=1}). */
@Path("/journal")
@Produces(MediaType.TEXT_HTML)
public class AuditPages {

    @Inject
    Pages pages;

    @Inject
    AuditTrail trail;

    @Location("console/audit.html")
    Template journal;

    @GET
    public Response journal(@QueryParam("incident") String incident, @QueryParam("page") @DefaultValue("0") int page,
                            @QueryParam("verifier") String verify) {
        return pages.as(me -> {
            List<?> records = trail.page(incident, page);
            return page(journal.data("me", me).data("records", records).data("incident", incident == null ? "" : incident)
                    .data("shown", Math.max(page, 0) + 1).data("newer", page > 0 ? Math.max(page, 0) - 1 : null)
                    .data("older", records.size() == AuditTrail.PAGE_SIZE ? Math.max(page, 0) + 1 : null)
                    .data("check", verify == null ? null : trail.verify()).data("title", "Journal d’audit"));
        });
    }
}
