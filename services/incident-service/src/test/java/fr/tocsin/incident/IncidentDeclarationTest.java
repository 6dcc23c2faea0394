package fr.tocsin.incident;

import fr.tocsin.contracts.Topics;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.incident.IncidentEvent;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.testsupport.TestStack;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
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
              "authority": "Préfecture du Nord"
            }
            """;

    @Test
    void declarationIsStoredInPostgresAndPublishedOnKafka() throws Exception {
        String id = given().contentType(ContentType.JSON).body(EMERGENCY_NUMBERS_DOWN)
                .when().post("/api/v1/incidents")
                .then().statusCode(201)
                .header("Location", matchesPattern(".*/api/v1/incidents/[0-9a-f-]{36}"))
                .body("reference", matchesPattern("INC-\\d{4}-\\d{6}"))
                .body("version", equalTo(1))
                .body("status", equalTo("ACTIVE"))
                .body("territories", hasItem("department:59"))
                .extract().path("id");

        // The row, read back over plain JDBC from the real PostgreSQL.
        TestStack stack = TestStack.get();
        try (var c = DriverManager.getConnection(stack.jdbcUrl("incident"), stack.jdbcUser(), stack.jdbcPassword());
             var q = c.prepareStatement("select title_fr, status, version from incident where id = ?::uuid")) {
            q.setString(1, id);
            try (var rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Numéros d'urgence injoignables");
                assertThat(rs.getString(2)).isEqualTo("ACTIVE");
                assertThat(rs.getLong(3)).isEqualTo(1);
            }
        }

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

        // The outbox is drained once Kafka acknowledged.
        try (var c = DriverManager.getConnection(stack.jdbcUrl("incident"), stack.jdbcUser(), stack.jdbcPassword());
             var rs = c.createStatement().executeQuery("select count(*) from outbox_event")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }

        given().when().get("/api/v1/incidents/" + id)
                .then().statusCode(200).body("timeline[0].status", equalTo("ACTIVE"));
    }

    @Test
    void invalidDeclarationIsAProblemNamingEachField() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"title": {"fr": " "}, "description": {"fr": "x"}, "services": [],
                         "territories": ["59"], "authority": "Préfecture du Nord"}
                        """)
                .when().post("/api/v1/incidents")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("errors.field", hasItem("title.fr"))
                .body("errors.field", hasItem("services"));
    }

    @Test
    void unknownTerritoryIsRejectedNamingTheEntry() {
        given().contentType(ContentType.JSON)
                .body(EMERGENCY_NUMBERS_DOWN.replace("[\"59\"]", "[\"59\", \"department:00\"]"))
                .when().post("/api/v1/incidents")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("territories[1]"));
    }

    @Test
    void wrongEnumValueIsAProblemNotA500() {
        given().contentType(ContentType.JSON)
                .body(EMERGENCY_NUMBERS_DOWN.replace("\"authority\"", "\"severity\": \"APOCALYPTIC\", \"authority\""))
                .when().post("/api/v1/incidents")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("severity"));
    }
}
