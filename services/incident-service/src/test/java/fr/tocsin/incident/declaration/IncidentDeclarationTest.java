package fr.tocsin.incident.declaration;


import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import fr.tocsin.testsupport.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static fr.tocsin.incident.IncidentApi.INCIDENTS;
import static fr.tocsin.incident.IncidentApi.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
class IncidentDeclarationTest {

    static final String EMERGENCY_NUMBERS_DOWN = """
            {
              "title": {"fr": "Numéros d'urgence injoignables", "en": "Emergency numbers unreachable"},
              "description": {"fr": "Les 15, 17, 18 et 112 sont injoignables dans le Nord depuis 18h00."},
              "instructions": {"fr": "Appelez les numéros de secours affichés."},
              "services": ["15", "17", "18", "112"],
              "territories": ["59"],
              "severity": "SEVERE"
            }
            """;

    @Test
    void declarationIsStoredInPostgresAndPublishedOnKafka() throws Exception {
        String id = as(Tokens.prefecture("59")).body(EMERGENCY_NUMBERS_DOWN)
                .when().post(INCIDENTS)
                .then().statusCode(201)
                .header("Location", matchesPattern(".*/api/v1/incidents/[0-9a-f-]{36}"))
                .header("ETag", equalTo("\"1\""))
                .body("reference", matchesPattern("INC-\\d{4}-\\d{6}"))
                .body("version", equalTo(1))
                .body("status", equalTo("ACTIVE"))
                .body("authority", equalTo("Préfecture 59"))
                .body("territories", hasItem("department:59"))
                .extract().path("id");

        // The row, read back over plain JDBC from the real PostgreSQL.
        assertThat(TestDatabase.query("incident",
                "select title_fr, status, version, created_by from incident where id = ?::uuid", id))
                .containsExactly(List.of("Numéros d'urgence injoignables", "ACTIVE", "1", "prefet-59"));

        // The event, read back by a plain Kafka consumer from the real broker, keyed by incident id.
        List<ConsumerRecord<String, String>> records = TopicReader.readUntil(Topics.INCIDENTS, Duration.ofSeconds(30),
                read -> read.stream().anyMatch(r -> id.equals(r.key())));
        ConsumerRecord<String, String> record = records.stream().filter(r -> id.equals(r.key())).findFirst()
                .orElseThrow(() -> new AssertionError("event of " + id + " not on " + Topics.INCIDENTS));
        IncidentEvent event = EventJson.read(record.value(), IncidentEvent.class);
        assertThat(event.schemaVersion()).isEqualTo(1);
        assertThat(event.incident().id()).hasToString(id);
        assertThat(event.incident().version()).isEqualTo(1);
        assertThat(event.incident().status()).isEqualTo(IncidentStatus.ACTIVE);
        assertThat(event.incident().services()).containsExactly("15", "17", "18", "112");

        // The audit trail names who did it.
        assertThat(TestDatabase.query("incident",
                "select actor, action, after->>'status' from audit_record where target_id = ?", id))
                .first().isEqualTo(List.of("prefet-59", "DECLARE", "ACTIVE"));

        as(Tokens.prefecture("59")).get(INCIDENTS + "/" + id)
                .then().statusCode(200).header("ETag", equalTo("\"1\"")).body("timeline[0].status", equalTo("ACTIVE"));
    }

    @Test
    void aTemplateMakesADeclarationOneShortCall() {
        as(Tokens.mayor("14118")).body("""
                        {"template": "municipal-it-down", "territories": ["commune:14118"]}""")
                .post(INCIDENTS).then().statusCode(201)
                .body("title.fr", equalTo("Services municipaux indisponibles"))
                .body("services", hasItem("mairie"))
                .body("category", equalTo("municipal-services"))
                .body("status", equalTo("ACTIVE"));
        as(Tokens.mayor("14118")).get("/api/v1/templates").then().statusCode(200)
                .body("id", hasItem("emergency-numbers-unreachable"));
    }

    @Test
    void invalidDeclarationIsAProblemNamingEachField() {
        as(Tokens.ministry()).body("""
                        {"title": {"fr": " "}, "description": {"fr": "x"}, "services": ["15", "999", "état civil"],
                         "territories": ["59"], "authority": "Préfecture du Nord"}
                        """)
                .when().post(INCIDENTS)
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("errors.field", hasItem("title.fr"));
        as(Tokens.ministry()).body("""
                        {"title": {"fr": "t"}, "description": {"fr": "x"}, "services": ["15", "999", "état civil"],
                         "territories": ["59"]}
                        """)
                .when().post(INCIDENTS)
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", equalTo(List.of("services[1]")));
        as(Tokens.ministry()).body("""
                        {"description": {"fr": "x"}, "territories": []}""")
                .when().post(INCIDENTS)
                .then().statusCode(400)
                .body("errors.field", hasItem("territories"));
        as(Tokens.ministry()).body("""
                        {"description": {"fr": "x"}, "territories": ["59"], "template": "nope"}""")
                .when().post(INCIDENTS)
                .then().statusCode(400)
                .body("errors.field", hasItem("template"))
                .body("errors.field", hasItem("title"))
                .body("errors.field", hasItem("services"));
    }

    @Test
    void unknownTerritoryIsRejectedNamingTheEntry() {
        as(Tokens.ministry()).body(EMERGENCY_NUMBERS_DOWN.replace("[\"59\"]", "[\"59\", \"department:00\", \"Lille\"]"))
                .when().post(INCIDENTS)
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", equalTo(List.of("territories[1]", "territories[2]")));
    }

    @Test
    void wrongTypesAndBrokenJsonAreProblemsNotA500() {
        as(Tokens.ministry()).body(EMERGENCY_NUMBERS_DOWN.replace("\"SEVERE\"", "\"APOCALYPTIC\""))
                .when().post(INCIDENTS)
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("severity"));
        as(Tokens.ministry()).body("{\"title\": {\"fr\": ")
                .when().post(INCIDENTS)
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
        as(Tokens.ministry()).body("{\"services\": \"15\", \"territories\": [\"59\"]}")
                .when().post(INCIDENTS)
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
    }
}
