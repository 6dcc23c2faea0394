package fr.tocsin.fallback;

import fr.tocsin.kit.problem.ProblemMappers;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

/** A request path cannot forge a log line (#14 finding 13): CR/LF from the client are escaped in the one line. */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "fallback"))
class LogForgingTest {

    /** Fails on any path below it, as an unforeseen bug would: the 500 mapper logs the path. */
    @Path("/test-only/failing")
    public static class FailingResource {
        @GET
        @Path("/{anything: [\\s\\S]*}")
        @Operation(hidden = true)
        public String fail() {
            throw new IllegalStateException("test-only failure");
        }
    }

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger(ProblemMappers.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger(ProblemMappers.class.getName()).removeHandler(capture);
    }

    @Test
    void aPathWithCrLfIsLoggedOnOneLine() {
        given().urlEncodingEnabled(false)
                .get("/test-only/failing/x%0d%0a2026-12-01%2022:00:00,000%20INFO%20%20%5Bfr.tocsin%5D%20forged%0d%0a")
                .then().statusCode(500).contentType(startsWith("application/problem+json"));
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).doesNotContain("\r", "\n")
                .isEqualTo("Unexpected error on /test-only/failing/x\\r\\n2026-12-01 22:00:00,000 INFO  [fr.tocsin] forged\\r\\n");
    }
}
