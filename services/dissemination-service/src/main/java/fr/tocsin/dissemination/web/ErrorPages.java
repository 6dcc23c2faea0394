package fr.tocsin.dissemination.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.tocsin.contracts.problem.Problem;
import fr.tocsin.dissemination.pages.Lang;
import fr.tocsin.dissemination.pages.PageContext;
import fr.tocsin.dissemination.rendering.Rendered;
import fr.tocsin.kit.problem.ErrorPage;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a citizen sees when a page cannot be shown: a DSFR page in the language of the path (English under
 * {@code /en}), saying what went wrong, with the search form and a link to the national page. Machine paths
 * (the API, feeds, CAP, assets, probes) keep RFC 9457 problem+json. The pages never echo the request (the path is
 * the client's input), so one rendering per status and language serves everyone; the overload page is rendered at
 * start, because {@link PublicAdmission} answers it on the event loop.
 */
@ApplicationScoped
public class ErrorPages implements ErrorPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(PageContext page, String status);
    }

    private static final String HTML = MediaType.TEXT_HTML + ";charset=UTF-8";
    private static final List<String> MACHINE_PATHS = List.of("/api/", "/feeds/", "/en/feeds/", "/cap/", "/static/", "/q/");

    @Inject
    ObjectMapper json;

    /** Bounded: statuses 400–599 × two languages. */
    private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

    void warm(@Observes StartupEvent start) {
        for (Lang lang : Lang.values()) {
            page(503, lang);
        }
    }

    /** Whether a citizen's browser reads this path (an HTML error page) rather than a program (problem+json). */
    public static boolean isPage(String path) {
        return MACHINE_PATHS.stream().noneMatch(path::startsWith);
    }

    /** English for {@code /en} and everything under it. */
    public static Lang langOf(String path) {
        return path.equals("/en") || path.startsWith("/en/") ? Lang.EN : Lang.FR;
    }

    /** The rendered error page for this status in this language. */
    public Rendered page(int status, Lang lang) {
        int known = status >= 400 && status < 600 ? status : 500;
        return rendered.computeIfAbsent(known + "|" + lang.code(), key -> Rendered.of(
                Templates.error(PageContext.of(lang, "/"), String.valueOf(known)).setLocale(lang.locale()).render(),
                HTML, -1));
    }

    /**
     * The last net: an error RESTEasy answers without going through an exception mapper (a sub-path of a matched
     * prefix, such as {@code /en/feeds/unknown}) gets its page or problem too, never a zero-byte body.
     */
    @ServerResponseFilter
    public void fillEmptyError(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400 || response.hasEntity() || "HEAD".equals(request.getMethod())) {
            return;
        }
        String path = request.getUriInfo().getPath();
        Response filled = response(response.getStatus(), path, "Erreur / Error",
                response.getStatusInfo().getReasonPhrase());
        response.setEntity(filled.getEntity(), new java.lang.annotation.Annotation[0], filled.getMediaType());
        filled.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                response.getHeaders().put(name, values);
            }
        });
    }

    /** An unexpected error (service-kit's catch-all mapper) on a page answers this page too. */
    @Override
    public Optional<Response> forPath(int status, String path) {
        return isPage(path) ? Optional.of(response(status, path, "", "")) : Optional.empty();
    }

    /** The answer to a failed request on {@code path}: the page, or problem+json on a machine path. */
    public Response response(int status, String path, String problemTitle, String problemDetail) {
        if (!isPage(path)) {
            // Written here, not by a message body writer: a path no resource matched has no writer chosen for it.
            try {
                return Response.status(status).type(Problem.MEDIA_TYPE).entity(json.writeValueAsBytes(
                        new Problem(URI.create("about:blank"), problemTitle, status, problemDetail, null, List.of()))).build();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        Rendered page = page(status, langOf(path));
        return Response.status(status).entity(page.body()).type(HTML)
                // A mistyped address may become a page a moment later (an incident just declared): cached briefly;
                // refusals for load are never cached, so an intermediary keeps serving its last good copy.
                .header("Cache-Control", status == 429 || status >= 500 ? "no-store" : "public, max-age=5")
                .build();
    }
}
