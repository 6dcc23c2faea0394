package fr.tocsin.kit.openapi;

import fr.tocsin.contracts.problem.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Completes every service's OpenAPI document, at build time, with what annotations would repeat on every method: the
 * errors each operation can answer, as RFC 9457 {@code application/problem+json} with the {@link Problem} schema
 * (its {@code errors[].field} names the offending field), and an explicit empty {@code security} on public
 * operations, so a generated client knows both its error types and which calls need no token.
 * <p>
 * Errors derived from the operation: 401, 403 and 429 (per-client rate limit) when it needs the bearer token; 400
 * when it takes a query or header parameter or a body (not for pages: they validate no query); 404 when it has a path
 * parameter; 415 when it takes a body; 412 and 428 when it takes an {@code If-Match} header (a conditional change:
 * a stale version, or none); on public operations, the service's {@value #PUBLIC_ERRORS}.
 * A resource declares any other error with {@code @APIResponse(responseCode = "409", description = ...)}: this filter
 * gives it the problem content. Error responses of an operation that only answers HTML (a public page) are pages,
 * not problems.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    static final String PROBLEM = "Problem";
    static final String FIELD_ERROR = "ProblemFieldError";
    static final String PUBLIC_ERRORS = "tocsin.openapi.public-errors";
    private static final Map<String, String> PUBLIC_ERROR_DESCRIPTIONS = Map.of(
            "429", "Too many requests from this client: retry after the Retry-After delay",
            "503", "Overloaded: retry after the Retry-After delay");
    private static final String HTML = "text/html";

    /**
     * Errors every public operation of the service may answer besides its own, from {@code tocsin.openapi.public-errors}
     * (dissemination-service: 503, its admission limit; fallback-service: 429, its per-client rate limit on /api/).
     */
    private final Map<String, String> publicErrors;

    public ProblemResponses() {
        this(ConfigProvider.getConfig().getOptionalValues(PUBLIC_ERRORS, String.class).orElse(List.of()));
    }

    ProblemResponses(List<String> publicErrors) {
        this.publicErrors = new LinkedHashMap<>();
        for (String status : publicErrors) {
            String description = PUBLIC_ERROR_DESCRIPTIONS.get(status.strip());
            if (description == null) {
                throw new IllegalArgumentException(PUBLIC_ERRORS + ": no description for " + status
                        + " (known: " + PUBLIC_ERROR_DESCRIPTIONS.keySet() + ")");
            }
            this.publicErrors.put(status.strip(), description);
        }
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(FIELD_ERROR, fieldErrorSchema()).addSchema(PROBLEM, problemSchema());
        boolean securedByDefault = openAPI.getSecurity() != null && !openAPI.getSecurity().isEmpty();
        if (openAPI.getPaths() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : item.getOperations().values()) {
                complete(operation, item.getParameters(), securedByDefault, publicErrors);
            }
        }
        localeOperationIds(openAPI.getPaths().getPathItems());
    }

    /**
     * A sub-resource locator serves the same methods under a prefix (dissemination's English pages under /en): their
     * operations get the prefix in their id ({@code enDepartmentPage}). Any other repeated id is left for the lint
     * to refuse.
     */
    static void localeOperationIds(Map<String, PathItem> paths) {
        Map<String, String> pathOfId = new HashMap<>();
        paths.keySet().stream().sorted(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()))
                .forEach(path -> paths.get(path).getOperations().values().forEach(operation -> {
                    String id = operation.getOperationId();
                    if (id == null) {
                        return;
                    }
                    String first = pathOfId.putIfAbsent(id, path);
                    if (first == null) {
                        return;
                    }
                    String prefix = "/".equals(first) ? path : path.endsWith(first)
                            ? path.substring(0, path.length() - first.length()) : "";
                    if (prefix.matches("/[a-z]+")) {
                        String renamed = prefix.substring(1) + Character.toUpperCase(id.charAt(0)) + id.substring(1);
                        operation.setOperationId(renamed);
                        pathOfId.put(renamed, path);
                    }
                }));
    }

    static void complete(Operation operation, List<Parameter> pathItemParameters, boolean securedByDefault,
                         Map<String, String> publicErrors) {
        boolean secured = operation.getSecurity() == null ? securedByDefault : !operation.getSecurity().isEmpty();
        if (!secured) {
            // Public: say so. Without it a client generator falls back on a global requirement, or on nothing.
            operation.setSecurity(new ArrayList<>());
        }
        List<Parameter> parameters = new ArrayList<>();
        if (pathItemParameters != null) {
            parameters.addAll(pathItemParameters);
        }
        if (operation.getParameters() != null) {
            parameters.addAll(operation.getParameters());
        }
        boolean body = operation.getRequestBody() != null;
        boolean input = body || parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.QUERY
                || p.getIn() == Parameter.In.HEADER);
        boolean pathParameter = parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.PATH);
        boolean conditional = parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.HEADER
                && "If-Match".equalsIgnoreCase(p.getName()));

        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        boolean page = answersOnlyHtml(responses);
        if (input && !page) {
            declare(responses, "400", "Invalid request: errors[].field names each invalid field, parameter or header");
        }
        if (secured) {
            declare(responses, "401", "No bearer token, or an expired or invalid one, or one issued for another API");
            declare(responses, "403", "The token's role or territories do not allow this");
        }
        if (pathParameter) {
            declare(responses, "404", "Nothing with this identifier, or not within the caller's reach");
        }
        if (body) {
            declare(responses, "415", "A content type the operation does not take");
        }
        if (conditional) {
            declare(responses, "412", "If-Match names an older version; the current ETag is returned");
            declare(responses, "428", "If-Match is missing: send the current ETag (from the last GET)");
        }
        if (!secured) {
            publicErrors.forEach((status, description) -> declare(responses, status, description));
        }
        if (secured) {
            declare(responses, "429", "Too many requests from this client: retry after the Retry-After delay");
        }
        responses.getAPIResponses().forEach((status, response) -> {
            if (isError(status) && (response.getContent() == null || response.getContent().getMediaTypes().isEmpty())) {
                response.setContent(page ? htmlPage() : problem());
            }
        });
    }

    private static void declare(APIResponses responses, String status, String description) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        } else if (responses.getAPIResponse(status).getDescription() == null
                || responses.getAPIResponse(status).getDescription().isBlank()) {
            responses.getAPIResponse(status).setDescription(description);
        }
    }

    private static boolean isError(String status) {
        return status.length() == 3 && (status.charAt(0) == '4' || status.charAt(0) == '5');
    }

    /** A public page: its errors are pages too (problem+json stays for the APIs). */
    private static boolean answersOnlyHtml(APIResponses responses) {
        List<String> successTypes = responses.getAPIResponses().entrySet().stream()
                .filter(e -> e.getKey().startsWith("2") && e.getValue().getContent() != null)
                .flatMap(e -> e.getValue().getContent().getMediaTypes().keySet().stream())
                .toList();
        return !successTypes.isEmpty() && successTypes.stream().allMatch(HTML::equals);
    }

    private static Content problem() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)));
    }

    private static Content htmlPage() {
        MediaType html = OASFactory.createMediaType().schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
        return OASFactory.createContent().addMediaType(HTML, html);
    }

    /** {@link Problem}, field for field (ProblemResponsesTest holds them together). */
    static Schema problemSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details; errors lists each offending field")
                .addProperty("type", string().format("uri").description("Identifies the kind of problem"))
                .addProperty("title", string().description("Short summary, French / English"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .description("The HTTP status"))
                .addProperty("detail", string().description("What went wrong with this request"))
                .addProperty("instance", string().description("The request path"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .items(OASFactory.createSchema().ref(FIELD_ERROR))
                        .description("One entry per invalid field; absent when the problem is not about a field"))
                .addRequired("type").addRequired("title").addRequired("status");
    }

    /** {@link Problem.FieldError}. */
    static Schema fieldErrorSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", string().description("JSON path into the body (title.fr, territories[2]), "
                        + "or the name of the parameter or header"))
                .addProperty("message", string().description("Why it is invalid, French / English"))
                .addRequired("field").addRequired("message");
    }

    private static Schema string() {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    }
}
