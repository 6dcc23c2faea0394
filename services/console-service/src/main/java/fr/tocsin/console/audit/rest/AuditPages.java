package fr.tocsin.console.audit.rest;

import fr.tocsin.console.apis.Refusal;
import fr.tocsin.console.audit.AuditSource;
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

/**
 * The audit trail of my territory, of the service chosen by {@code ?source=} (incident-service's by default; an
 * unknown one is a 400 page), of one target by {@code ?cible=}; the chain's verification on request
 * ({@code ?verifier=1}).
 */
@Path("/journal")
@Produces(MediaType.TEXT_HTML)
public class AuditPages {

    private static final List<AuditSource> SOURCES = List.of(AuditSource.values());

    @Inject
    Pages pages;

    @Inject
    AuditTrail trail;

    @Location("console/audit.html")
    Template journal;

    @GET
    public Response journal(@QueryParam("source") String sourceParam, @QueryParam("cible") String target,
                            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("verifier") String verify) {
        return pages.as(me -> {
            AuditSource source = AuditSource.of(sourceParam).orElseThrow(() -> new Refusal(400, "Journal inconnu",
                    "Ce journal d’audit n’existe pas : choisissez-en un dans la page Journal d’audit.",
                    List.of("source : " + String.join(", ", SOURCES.stream().map(s -> s.param).toList())), null, null));
            List<?> records = trail.page(source, target, page);
            return page(journal.data("me", me).data("sources", SOURCES).data("source", source).data("records", records)
                    .data("target", target == null ? "" : target.strip())
                    .data("shown", Math.max(page, 0) + 1).data("newer", page > 0 ? Math.max(page, 0) - 1 : null)
                    .data("older", records.size() == AuditTrail.PAGE_SIZE ? Math.max(page, 0) + 1 : null)
                    .data("check", verify == null ? null : trail.verify(source))
                    .data("title", "Journal d’audit — " + source.label));
        });
    }
}
