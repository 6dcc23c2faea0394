package fr.tocsin.kit.openapi;

import fr.tocsin.contracts.problem.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the kit's OpenAPI filter adds to every service's document (the build lints the result: tools/openapi-lint). */
class ProblemResponsesTest {

    @Test
    void theProblemSchemaHasTheFieldsOfTheProblemRecord() {
        assertThat(ProblemResponses.problemSchema().getProperties().keySet())
                .containsExactlyInAnyOrderElementsOf(components(Problem.class));
        assertThat(ProblemResponses.fieldErrorSchema().getProperties().keySet())
                .containsExactlyInAnyOrderElementsOf(components(Problem.FieldError.class));
        assertThat(ProblemResponses.problemSchema().getProperties().get("errors").getItems().getRef())
                .isEqualTo("#/components/schemas/" + ProblemResponses.FIELD_ERROR);
    }

    @Test
    void anAuthorityOperationDeclaresItsErrorsAsProblems() {
        Operation change = json(OASFactory.createOperation()
                .addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("bearer"))
                .requestBody(OASFactory.createRequestBody())
                .addParameter(parameter("id", Parameter.In.PATH)));
        change.getResponses().addAPIResponse("409", OASFactory.createAPIResponse().description("Not possible now"));

        OpenAPI api = document(Map.of("/api/v1/things/{id}", change));

        assertThat(change.getResponses().getAPIResponses().keySet())
                .containsExactlyInAnyOrder("200", "400", "401", "403", "404", "409", "415", "429");
        change.getResponses().getAPIResponses().forEach((status, response) -> {
            if (!status.equals("200")) {
                assertThat(problemRef(response)).as(status).isEqualTo("#/components/schemas/" + ProblemResponses.PROBLEM);
                assertThat(response.getDescription()).as(status).isNotBlank();
            }
        });
        assertThat(change.getResponses().getAPIResponse("409").getDescription()).isEqualTo("Not possible now");
        assertThat(change.getSecurity()).hasSize(1);
        assertThat(api.getComponents().getSchemas()).containsKeys(ProblemResponses.PROBLEM, ProblemResponses.FIELD_ERROR);
    }

    @Test
    void aConditionalChangeDeclaresAStaleAndAMissingIfMatch() {
        Operation conditional = json(OASFactory.createOperation()
                .addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("bearer"))
                .addParameter(parameter("id", Parameter.In.PATH)).addParameter(parameter("If-Match", Parameter.In.HEADER)));
        Operation unconditional = json(OASFactory.createOperation()
                .addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("bearer"))
                .addParameter(parameter("id", Parameter.In.PATH)).addParameter(parameter("Idempotency-Key", Parameter.In.HEADER)));

        document(Map.of("/api/v1/things/{id}/close", conditional, "/api/v1/things/{id}", unconditional));

        assertThat(conditional.getResponses().getAPIResponses()).containsKeys("412", "428");
        assertThat(problemRef(conditional.getResponses().getAPIResponse("412")))
                .isEqualTo("#/components/schemas/" + ProblemResponses.PROBLEM);
        assertThat(conditional.getResponses().getAPIResponse("428").getDescription()).contains("If-Match");
        assertThat(unconditional.getResponses().getAPIResponses()).doesNotContainKeys("412", "428");
    }

    @Test
    void aPublicOperationSaysItNeedsNoTokenAndAnswersNo401() {
        Operation notices = json(OASFactory.createOperation().addParameter(parameter("territory", Parameter.In.QUERY)));

        document(Map.of("/api/v1/notices", notices));

        assertThat(notices.getSecurity()).isNotNull().isEmpty();
        assertThat(notices.getResponses().getAPIResponses().keySet()).containsExactlyInAnyOrder("200", "400");
        assertThat(problemRef(notices.getResponses().getAPIResponse("400"))).endsWith(ProblemResponses.PROBLEM);
    }

    @Test
    void theServicesPublicErrorsGoOnItsPublicOperationsOnly() {
        Operation notices = json(OASFactory.createOperation());
        Operation accounts = json(OASFactory.createOperation()
                .addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("bearer")));

        document(Map.of("/api/v1/notices", notices, "/api/v1/social-accounts", accounts), List.of("503"));

        assertThat(problemRef(notices.getResponses().getAPIResponse("503"))).endsWith(ProblemResponses.PROBLEM);
        assertThat(notices.getResponses().getAPIResponse("503").getDescription()).contains("Retry-After");
        assertThat(accounts.getResponses().hasAPIResponse("503")).isFalse();
        assertThatThrownBy(() -> new ProblemResponses(List.of("418")))
                .hasMessageContaining(ProblemResponses.PUBLIC_ERRORS);
    }

    @Test
    void aPagesErrorsArePagesAndItValidatesNoQuery() {
        Operation page = OASFactory.createOperation()
                .addParameter(parameter("code", Parameter.In.PATH)).addParameter(parameter("q", Parameter.In.QUERY))
                .responses(OASFactory.createAPIResponses().addAPIResponse("200", OASFactory.createAPIResponse()
                        .content(OASFactory.createContent().addMediaType("text/html", OASFactory.createMediaType()))));

        document(Map.of("/departements/{code}", page));

        assertThat(page.getResponses().getAPIResponses().keySet()).containsExactlyInAnyOrder("200", "404");
        assertThat(page.getResponses().getAPIResponse("404").getContent().getMediaTypes()).containsOnlyKeys("text/html");
    }

    @Test
    void theSameMethodsUnderALanguagePrefixGetTheirOwnIdsAndOtherRepeatsAreLeftForTheLint() {
        Operation national = json(OASFactory.createOperation().operationId("nationalPage"));
        Operation englishNational = json(OASFactory.createOperation().operationId("nationalPage"));
        Operation department = json(OASFactory.createOperation().operationId("departmentPage"));
        Operation englishDepartment = json(OASFactory.createOperation().operationId("departmentPage"));
        Operation list = json(OASFactory.createOperation().operationId("list"));
        Operation otherList = json(OASFactory.createOperation().operationId("list"));

        document(Map.of("/", national, "/en", englishNational, "/departements/{code}", department,
                "/en/departements/{code}", englishDepartment, "/api/v1/things", list, "/api/v1/templates", otherList));

        assertThat(List.of(national, englishNational, department, englishDepartment).stream()
                .map(Operation::getOperationId))
                .containsExactly("nationalPage", "enNationalPage", "departmentPage", "enDepartmentPage");
        assertThat(List.of(list.getOperationId(), otherList.getOperationId())).containsExactly("list", "list");
    }

    private static OpenAPI document(Map<String, Operation> getByPath) {
        return document(Map.copyOf(getByPath), List.of());
    }

    private static OpenAPI document(Map<String, Operation> getByPath, List<String> publicErrors) {
        OpenAPI api = OASFactory.createOpenAPI().paths(OASFactory.createPaths());
        getByPath.forEach((path, operation) -> api.getPaths().addPathItem(path, OASFactory.createPathItem().GET(operation)));
        new ProblemResponses(publicErrors).filterOpenAPI(api);
        return api;
    }

    private static Operation json(Operation operation) {
        return operation.responses(OASFactory.createAPIResponses().addAPIResponse("200", OASFactory.createAPIResponse()
                .description("OK").content(OASFactory.createContent().addMediaType("application/json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema().addType(Schema.SchemaType.OBJECT))))));
    }

    private static Parameter parameter(String name, Parameter.In in) {
        return OASFactory.createParameter().name(name).in(in);
    }

    private static String problemRef(APIResponse response) {
        assertThat(response.getContent().getMediaTypes()).containsOnlyKeys(Problem.MEDIA_TYPE);
        return response.getContent().getMediaType(Problem.MEDIA_TYPE).getSchema().getRef();
    }

    private static List<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
    }
}
