package fr.tocsin.incident;

import fr.tocsin.incident.cap.CapIngestionTest;

import fr.tocsin.testsupport.HostileRequests;
import fr.tocsin.testsupport.HostileRequests.Attack;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static fr.tocsin.incident.IncidentApi.INCIDENTS;
import static fr.tocsin.incident.IncidentApi.declarationIn;
import static fr.tocsin.incident.IncidentApi.declareId;
import static fr.tocsin.incident.IncidentApi.etag;
import static org.assertj.core.api.Assertions.assertThat;

/** Hundreds of malformed or hostile requests: each refused with a problem+json, none a 5xx, nothing stored. */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
class HostileInputTest {

    private static final String VALID = declarationIn("Panne du 112", "59").strip();

    @TestHTTPResource("/")
    URL base;

    @Test
    void declarationsJsonAndCap() {
        String token = Tokens.prefecture("59");
        long[] before = stored();
        Map<String, List<String>> invalid = Map.ofEntries(
                Map.entry("title", withNull(HostileRequests.badText())),
                Map.entry("title.fr", withNull(HostileRequests.badText())),
                Map.entry("title.en", HostileRequests.badText()),
                Map.entry("description.fr", HostileRequests.badText()),
                Map.entry("authority", HostileRequests.badText()),
                Map.entry("category", HostileRequests.badText()),
                Map.entry("services", List.of("[\"999\"]", "[\"<script>alert(1)</script>\"]", "[\"15\\u0000\"]", "\"15\"",
                        "[[\"15\"]]", "[{}]", "[\"" + "1".repeat(100) + "\"]")),
                Map.entry("territories", withNull(List.of("[\"department:00\"]", "[\"commune:99999\"]", "[\"region:99\"]",
                        "[\"<script>alert(1)</script>\"]", "[]", "\"59\"", "[\"59\\u0000\"]", "[\"department:59; drop table incident\"]",
                        "[\"FR\", \"" + "x".repeat(40) + "\"]"))),
                Map.entry("severity", List.of("\"CATASTROPHIC\"", "2", "[]", "\"severe\\u0000\"")),
                Map.entry("mode", List.of("\"REAL\"", "0", "{}")),
                Map.entry("expectedEndAt", List.of("\"hier\"", "\"2026-13-45T99:00:00Z\"", "[]", "{}", "\"2026-06-02\"")),
                Map.entry("template", List.of("\"inexistant\"", "\"../../etc\"", "[]")),
                // Planned works (#22): malformed, alone (a start without an end and the reverse), in the past, at
                // the ends of what Instant reads; the window's own rules are PlannedWorksTest's.
                Map.entry("plannedStartAt", List.of("\"mardi 2h\"", "\"2020-01-01T02:00:00Z\"", "\"2999-01-01T02:00:00Z\"",
                        "\"-1000000000-01-01T00:00:00Z\"", "\"+1000000000-12-31T23:59:59Z\"", "[]", "{}", "12")),
                Map.entry("plannedEndAt", List.of("\"demain\"", "\"2020-01-01T04:00:00Z\"", "\"+1000000000-12-31T23:59:59Z\"",
                        "[]", "{}")));
        HostileRequests.fire(600, HostileRequests.json(VALID, invalid), attack -> send(token, attack, INCIDENTS, Map.of()));
        HostileRequests.fire(120, HostileRequests.cap(CapIngestionTest.alert("HOSTILE-1", "Actual", "59")),
                attack -> send(token, attack, INCIDENTS, Map.of()));
        assertThat(stored()).as("incidents, audit records, outbox events").containsExactly(before);
    }

    @Test
    void updatesOfAnExistingIncident() {
        String token = Tokens.prefecture("59");
        String id = declareId(token, VALID);
        String etag = etag(token, id);
        long[] before = stored();
        Map<String, List<String>> invalid = Map.of(
                "message", withNull(HostileRequests.badText()),
                "message.fr", HostileRequests.badText(),
                "status", List.of("\"DONE\"", "3", "\"RESOLVED\\u0000\""),
                "severity", List.of("\"CATASTROPHIC\"", "1"),
                "expectedEndAt", List.of("\"demain\"", "[]"));
        HostileRequests.fire(500, HostileRequests.json("{\"message\": {\"fr\": \"Point de situation\"}}", invalid),
                attack -> send(token, attack, INCIDENTS + "/" + id + "/updates", Map.of("If-Match", etag)));
        assertThat(stored()).containsExactly(before);
        assertThat(etag(token, id)).as("the incident is untouched").isEqualTo(etag);
    }

    private HostileRequests.Answer send(String token, Attack attack, String path, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Authorization", "Bearer " + token);
        return HostileRequests.post(base.toString().replaceAll("/$", "") + path, all, attack);
    }

    private static List<String> withNull(List<String> values) {
        List<String> all = new ArrayList<>(values);
        all.add("null");
        return all;
    }

    private static long[] stored() {
        return new long[] {
                TestDatabase.queryLong("incident", "select count(*) from incident"),
                TestDatabase.queryLong("incident", "select count(*) from audit_record"),
                TestDatabase.queryLong("incident", "select last_value from outbox_event_id_seq")};
    }
}
