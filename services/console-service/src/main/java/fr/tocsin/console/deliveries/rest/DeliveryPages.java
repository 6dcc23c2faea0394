package fr.tocsin.console.deliveries.rest;

import fr.tocsin.console.deliveries.IncidentDeliveries;
import fr.tocsin.console.layout.rest.Pages;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

import static fr.tocsin.console.layout.rest.Pages.page;

/** The deliveries of an incident, and the form that re-drives its failures. */
@Path("/incidents/{id}/envois")
@Produces(MediaType.TEXT_HTML)
public class DeliveryPages {

    @Inject
    Pages pages;

    @Inject
    IncidentDeliveries deliveries;

    @Location("console/deliveries.html")
    Template status;

    @GET
    public Response deliveries(@PathParam("id") UUID id, @QueryParam("relances") Integer redriven) {
        return pages.as(me -> page(status.data("me", me).data("incident", id).data("status", deliveries.of(id))
                .data("redriven", redriven).data("title", "Envois")));
    }

    @POST
    @Path("relancer")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response redrive(@PathParam("id") UUID id) {
        return pages.as(me -> Pages.seeOther("/incidents/" + id + "/envois?relances=" + deliveries.redrive(id)));
    }
}
