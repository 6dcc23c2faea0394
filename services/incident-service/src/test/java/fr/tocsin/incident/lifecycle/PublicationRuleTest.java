package fr.tocsin.incident.lifecycle;

import fr.tocsin.incident.IncidentApi;
import fr.tocsin.incident.cap.CapIngestionTest;

import fr.tocsin.contracts.Topics;
import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.TopicReader;
import fr.tocsin.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static fr.tocsin.incident.IncidentApi.INCIDENTS;
import static fr.tocsin.incident.IncidentApi.as;
import static fr.tocsin.incident.IncidentApi.declare;
import static fr.tocsin.incident.IncidentApi.declareId;
import static fr.tocsin.incident.IncidentApi.declarationIn;
import static fr.tocsin.incident.IncidentApi.etag;
import static fr.tocsin.incident.IncidentApi.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Issue #14, findings 1 to 5: nothing unapproved, forged or out of scope leaves incident-service. What leaves is
 * read back from the real broker with a plain consumer: the topic is what every public output is built from.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
class PublicationRuleTest {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String prefect = Tokens.of("prefet-80-" + run, "prefecture", "Préfecture de la Somme", "department:80");
    private final String deputy = Tokens.of("sous-prefet-80-" + run, "prefecture", "Préfecture de la Somme", "department:80");
    private final String secretary = Tokens.of("sg-80-" + run, "prefecture", "Préfecture de la Somme", "department:80");
    private final String operator = Tokens.of("orange-" + run, "operator", "Orange", "department:80");

    // Finding 1: a cancelled or rejected draft never leaves the service, so it can reach no public output.
    @Test
    void aDraftCancelledOrRejectedNeverLeavesTheService() {
        String cancelled = declareId(operator, declarationIn("Évacuez " + run, "80"));
        post(operator, cancelled, "cancel", "\"1\"", null).statusCode(200).body("status", equalTo("CANCELLED"))
                .body("publishedAt", nullValue());
        String rejected = declareId(operator, declarationIn("Évacuez encore " + run, "80"));
        post(prefect, rejected, "reject", "\"1\"", """
                {"message": {"fr": "Fausse alerte"}}""").statusCode(200).body("status", equalTo("CANCELLED"));
        // A released one to wait for: once it is on the topic, anything before it would be too.
        String released = declareId(prefect, declarationIn("Témoin " + run, "80"));

        List<ConsumerRecord<String, String>> records = eventsUntil(released);
        assertThat(records).noneMatch(r -> r.value().contains(cancelled) || r.value().contains(rejected)
                || r.value().contains("Évacuez"));
        assertThat(TestDatabase.queryLong("incident",
                "select count(*) from audit_record where action = 'REJECT' and target_id = ?", rejected)).isOne();
    }

    // Finding 2: one person cannot make an incident extreme or national, nor rewrite or end an operator's.
    @Test
    void raisingToExtremeWaitsForASecondPersonAndThePublicKeepsTheApprovedVersion() {
        String id = declareId(prefect, declarationIn("Panne " + run, "80"));
        post(prefect, id, "updates", "\"1\"", """
                {"message": {"fr": "Aggravation %s"}, "severity": "EXTREME", "title": {"fr": "Évacuation %s"}}"""
                .formatted(run, run))
                .statusCode(202).header("ETag", "\"2\"")
                .body("severity", equalTo("SEVERE")).body("title.fr", equalTo("Panne " + run))
                .body("pendingChange.proposal.severity", equalTo("EXTREME"))
                .body("pendingChange.proposedBy", equalTo("prefet-80-" + run));
        // Its author cannot approve it; nor can a prefecture elsewhere see it.
        post(prefect, id, "approve", "\"2\"", null).statusCode(403).contentType(startsWith("application/problem+json"));
        as(Tokens.prefecture("62")).get(INCIDENTS + "/" + id).then().statusCode(404);
        // An editor of the pending change cannot approve it either.
        post(deputy, id, "updates", "\"2\"", """
                {"message": {"fr": "Précision %s"}}""".formatted(run)).statusCode(202).header("ETag", "\"3\"")
                .body("pendingChange.lastEditedBy", equalTo("sous-prefet-80-" + run));
        post(deputy, id, "approve", "\"3\"", null).statusCode(403);
        // The outbox keeps order: once a later declaration is on the topic, a leaked proposal would be too.
        String marker = declareId(prefect, declarationIn("Témoin " + run, "80"));
        assertThat(eventsUntil(marker)).noneMatch(r -> r.value().contains("Évacuation " + run)
                || r.value().contains("Aggravation " + run));

        post(secretary, id, "approve", "\"3\"", null).statusCode(200).header("ETag", "\"4\"")
                .body("severity", equalTo("EXTREME")).body("title.fr", equalTo("Évacuation " + run))
                .body("pendingChange", nullValue())
                .body("timeline.message.fr", hasItem("Aggravation " + run));
        assertThat(eventsUntil(id, r -> r.value().contains("Évacuation " + run))).anyMatch(r -> r.value().contains("\"EXTREME\""));
        // Now extreme, every later change waits too, even one that lowers it.
        post(prefect, id, "updates", "\"4\"", """
                {"message": {"fr": "Baisse"}, "severity": "MINOR"}""").statusCode(202);
    }

    @Test
    void wideningToAllOfFranceWaitsForAMinistry() {
        String id = declareId(prefect, declarationIn("Local " + run, "80"));
        // A prefecture cannot even propose all of France: it is outside its territory.
        post(prefect, id, "updates", "\"1\"", """
                {"message": {"fr": "National"}, "territories": ["FR"]}""").statusCode(403);
        String national = declareId(Tokens.ministry(), declarationIn("Appel national " + run, "FR"));
        post(Tokens.of("dgscgc-" + run, "ministry", "Ministère de l’Intérieur", "FR"), national, "approve", "\"1\"", null)
                .statusCode(200);
        post(Tokens.ministry(), national, "updates", "\"2\"", """
                {"message": {"fr": "Réécrit %s"}, "title": {"fr": "Réécrit %s"}}""".formatted(run, run)).statusCode(202);
        post(prefect, national, "approve", "\"3\"", null).statusCode(403);
        String cogic = Tokens.of("cogic-" + run, "ministry", "Ministère de l’Intérieur", "FR");
        post(cogic, national, "approve", "\"3\"", null).statusCode(200).body("title.fr", equalTo("Réécrit " + run));
        // Ending it needs two people as well; other tests must not find France in an incident.
        post(Tokens.ministry(), national, "resolve", "\"4\"", null).statusCode(202).body("status", equalTo("ACTIVE"));
        post(cogic, national, "approve", "\"5\"", null).statusCode(200).body("status", equalTo("RESOLVED"));
    }

    @Test
    void anOperatorsIncidentIsNeverRewrittenOrEndedAloneOnceApproved() {
        String id = declareId(operator, declarationIn("Panne réseau " + run, "80"));
        post(prefect, id, "approve", "\"1\"", null).statusCode(200).body("status", equalTo("ACTIVE"))
                .body("publishedAt", notNullValue());
        post(operator, id, "updates", "\"2\"", """
                {"message": {"fr": "Tout va bien %s"}, "title": {"fr": "Tout va bien %s"}}""".formatted(run, run))
                .statusCode(202).body("title.fr", equalTo("Panne réseau " + run));
        post(prefect, id, "reject", "\"3\"", null).statusCode(200).body("pendingChange", nullValue())
                .body("title.fr", equalTo("Panne réseau " + run));
        post(operator, id, "resolve", "\"4\"", null).statusCode(202).body("status", equalTo("ACTIVE"))
                .body("pendingChange.proposal.status", equalTo("RESOLVED"));
        post(deputy, id, "approve", "\"5\"", null).statusCode(200).body("status", equalTo("RESOLVED"));
        List<ConsumerRecord<String, String>> records = eventsUntil(id, r -> r.value().contains("\"RESOLVED\""));
        assertThat(records).noneMatch(r -> r.value().contains("Tout va bien " + run));
        assertThat(TestDatabase.queryLong("incident",
                "select count(*) from audit_record where action = 'REJECT_CHANGE' and target_id = ?", id)).isOne();
    }

    @Test
    void whoeverEditsADraftCannotApproveIt() {
        String id = declareId(Tokens.of("prefet-a-" + run, "prefecture", "Préfecture de la Somme", "department:80"),
                declarationIn("Brouillon " + run, "80").replace("SEVERE", "EXTREME"));
        post(deputy, id, "updates", "\"1\"", """
                {"message": {"fr": "Réécrit par B"}, "title": {"fr": "Écrit par B %s"}}""".formatted(run))
                .statusCode(200).body("status", equalTo("DRAFT"));
        post(deputy, id, "approve", "\"2\"", null).statusCode(403);
        post(secretary, id, "approve", "\"2\"", null).statusCode(200).body("status", equalTo("ACTIVE"));
    }

    @Test
    void aCapUpdateOfAnOperatorsAlertWaitsForApprovalToo() {
        String operatorCap = Tokens.of("sfr-" + run, "operator", "SFR", "department:80");
        String id = cap(operatorCap, CapIngestionTest.alert("OPA-" + run, "Actual", "80")
                .replace("Préfecture du Nord", "SFR").replace("alerte@nord.gouv.fr", "noc@sfr.example"))
                .statusCode(201).body("status", equalTo("DRAFT")).extract().path("id");
        post(prefect, id, "approve", "\"1\"", null).statusCode(200);
        cap(operatorCap, """
                <?xml version="1.0" encoding="UTF-8"?>
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
                  <identifier>OPU-%s</identifier><sender>noc@sfr.example</sender>
                  <sent>2026-06-02T20:15:00+02:00</sent><status>Actual</status><msgType>Update</msgType>
                  <scope>Public</scope><references>noc@sfr.example,OPA-%s,2026-06-02T18:05:00+02:00</references>
                  <info><language>fr-FR</language><category>Infra</category><event>Rétabli</event>
                    <urgency>Past</urgency><severity>Minor</severity><certainty>Observed</certainty>
                    <headline>Tout est rétabli</headline></info>
                </alert>""".formatted(run, run)).statusCode(202).body("status", equalTo("ACTIVE"))
                .body("pendingChange.proposal.status", equalTo("RESOLVED"));
    }

    // Finding 3: the authority is the token's.
    @Test
    void nobodySpeaksForAnotherAuthority() {
        String mayor = Tokens.of("maire-80021-" + run, "mayor", "Mairie d’Amiens", "commune:80021");
        declare(mayor, declarationIn("Usurpation " + run, "commune:80021").replace("\"services\"",
                "\"authority\": \"Ministère de l’Intérieur\", \"services\""))
                .statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("authority"));
        declare(mayor, declarationIn("Sans usurpation " + run, "commune:80021")).statusCode(201)
                .body("authority", equalTo("Mairie d’Amiens"));
        cap(prefect, CapIngestionTest.alert("SN-" + run, "Actual", "80"))
                .statusCode(400).body("errors[0].field", equalTo("alert.info[0].senderName"));
        assertThat(TestDatabase.queryLong("incident", "select count(*) from incident where title_fr like ?",
                "%Usurpation " + run)).isZero();
    }

    // Finding 4: CAP identifiers cannot be claimed in advance by another authority.
    @Test
    void anotherAuthorityCannotClaimACapIdentifier() {
        String squatter = Tokens.of("squat-" + run, "prefecture", "Préfecture de l’Aisne", "department:02");
        String nord = Tokens.of("prefet-59-" + run, "prefecture", "Préfecture du Nord", "department:59");
        String aisne = CapIngestionTest.alert("CLAIM-" + run, "Actual", "02").replace("Préfecture du Nord", "Préfecture de l’Aisne");
        String theirs = cap(squatter, aisne).statusCode(201).extract().path("id");
        String ours = cap(nord, CapIngestionTest.alert("CLAIM-" + run, "Actual", "59")).statusCode(201)
                .body("authority", equalTo("Préfecture du Nord")).extract().path("id");
        assertThat(ours).isNotEqualTo(theirs);
    }

    // Finding 5: reads are scoped like writes.
    @Test
    void readsAreScoped() {
        String draft = declareId(operator, declarationIn("Brouillon privé " + run, "80"));
        String nordIncident = declareId(Tokens.prefecture("59"), declarationIn("Nord " + run, "59"));
        // A valid token of the issuer without a Tocsin role reads nothing.
        as(Tokens.of("citoyen-" + run, "citizen", "Personne", "FR")).get(INCIDENTS).then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        // A prefecture elsewhere neither lists nor reads them; the draft is another operator's business.
        as(Tokens.prefecture("62")).get(INCIDENTS + "?limit=500").then().statusCode(200)
                .body("id", not(hasItem(draft))).body("id", not(hasItem(nordIncident)));
        as(Tokens.of("free-" + run, "operator", "Free", "department:80")).get(INCIDENTS + "/" + draft).then().statusCode(404);
        as(Tokens.of("free-" + run, "operator", "Free", "department:80")).get(INCIDENTS + "?limit=500").then()
                .body("id", not(hasItem(draft)));
        // Its author and whoever may approve it do.
        as(operator).get(INCIDENTS + "/" + draft).then().statusCode(200);
        as(prefect).get(INCIDENTS + "?limit=500").then().body("id", hasItem(draft)).body("id", not(hasItem(nordIncident)));
        as(Tokens.ministry()).get(INCIDENTS + "?limit=500").then().body("id", hasItem(draft)).body("id", hasItem(nordIncident));
    }

    private static ValidatableResponse cap(String token, String xml) {
        return given().header("Authorization", "Bearer " + token).contentType("application/cap+xml")
                .body(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post(INCIDENTS).then();
    }

    private static List<ConsumerRecord<String, String>> eventsUntil(String id) {
        return eventsUntil(id, r -> true);
    }

    private static List<ConsumerRecord<String, String>> eventsUntil(String id,
                                                                    java.util.function.Predicate<ConsumerRecord<String, String>> also) {
        List<ConsumerRecord<String, String>> records = TopicReader.readUntil(Topics.INCIDENTS, Duration.ofSeconds(20),
                read -> read.stream().anyMatch(r -> id.equals(r.key()) && also.test(r)));
        assertThat(records).as("event of %s on the topic", id).anyMatch(r -> id.equals(r.key()) && also.test(r));
        return records;
    }
}
