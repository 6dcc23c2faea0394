package fr.tocsin.incident;

import fr.tocsin.contracts.Topics;
import fr.tocsin.testsupport.TocsinStackResource;
import fr.tocsin.testsupport.Tokens;
import fr.tocsin.testsupport.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import static fr.tocsin.incident.IncidentApi.INCIDENTS;
import static fr.tocsin.incident.IncidentApi.as;
import static fr.tocsin.incident.IncidentApi.declarationIn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * #17: one declaration can be followed end to end. The authority's request arrives with a W3C trace context; the
 * event it writes carries the same trace id in its Kafka record's traceparent header (through the outbox row and the
 * relay), which is what SmallRye's Kafka tracing in dissemination-service and fallback-service continues.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "incident"))
class OutboxTraceTest {

    @Test
    void theEventOfADeclarationCarriesTheTraceOfItsRequest() {
        String traceId = hex(16);
        String id = as(Tokens.prefecture("64")).header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .body(declarationIn("Suivi de bout en bout", "64")).post(INCIDENTS)
                .then().statusCode(201).extract().path("id");

        var records = TopicReader.readUntil(Topics.INCIDENTS, Duration.ofSeconds(30),
                read -> read.stream().anyMatch(r -> id.equals(r.key())));
        ConsumerRecord<String, String> event = records.stream().filter(r -> id.equals(r.key())).findFirst().orElseThrow();
        Header traceparent = event.headers().lastHeader("traceparent");
        assertThat(traceparent).as("traceparent header of the declaration's event").isNotNull();
        // 00-<trace id>-<the relay's publish span>-<flags>: same trace, a span of its own.
        assertThat(new String(traceparent.value(), StandardCharsets.US_ASCII)).matches("00-" + traceId + "-[0-9a-f]{16}-01");
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zeros (an invalid id)
        return HexFormat.of().formatHex(random);
    }
}
