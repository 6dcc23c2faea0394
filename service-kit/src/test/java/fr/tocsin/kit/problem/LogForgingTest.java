package fr.tocsin.kit.problem;

import fr.tocsin.testsupport.LogCapture;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request path cannot forge a log line (#14 finding 13): the catch-all mapper every service uses logs the path it
 * was given, which the server has already decoded, so CR/LF from the client are escaped in the one line.
 */
class LogForgingTest {

    @Test
    void aPathWithCrLfIsLoggedOnOneLine() {
        ProblemMappers mappers = new ProblemMappers();
        mappers.errorPage = stub(Instance.class, "isResolvable", false);
        UriInfo uri = stub(UriInfo.class, "getPath",
                "/test-only/failing/x\r\n2026-12-01 22:00:00,000 INFO  [fr.tocsin] forged\r\n");
        try (LogCapture errors = LogCapture.at(ProblemMappers.class, Level.SEVERE)) {
            Response response = mappers.unexpected(new IllegalStateException("test-only failure"), uri);
            assertThat(response.getStatus()).isEqualTo(500);
            assertThat(response.getMediaType().toString()).startsWith("application/problem+json");
            assertThat(errors.messages()).singleElement().asString().doesNotContain("\r", "\n")
                    .isEqualTo("Unexpected error on /test-only/failing/x\\r\\n2026-12-01 22:00:00,000 INFO  [fr.tocsin] forged\\r\\n");
        }
    }

    /** An interface whose one method answers {@code value}; any other call fails the test. */
    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<?> type, String method, Object value) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, called, args) -> {
            if (called.getName().equals(method)) {
                return value;
            }
            throw new UnsupportedOperationException(called.getName());
        });
    }
}
