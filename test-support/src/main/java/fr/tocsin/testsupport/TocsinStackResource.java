package fr.tocsin.testsupport;

import fr.tocsin.localstack.JwtKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a {@code @QuarkusTest} application at the real PostgreSQL and Kafka of {@link TestStack}.
 * Init arg {@code database}: the service's own database name.
 */
public class TocsinStackResource implements QuarkusTestResourceLifecycleManager {

    private String database = "tocsin";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        TestStack stack = TestStack.get();
        return Map.of(
                "quarkus.datasource.jdbc.url", stack.jdbcUrl(database),
                "quarkus.datasource.username", stack.jdbcUser(),
                "quarkus.datasource.password", stack.jdbcPassword(),
                "kafka.bootstrap.servers", stack.bootstrapServers(),
                "mp.jwt.verify.publickey", stack.keys().publicKeyBase64(),
                "mp.jwt.verify.issuer", JwtKeys.ISSUER,
                "tocsin.cap.signing.private-key", stack.capSigningKeys().privateKeyPem());
    }

    @Override
    public void stop() {
        // Servers live as long as the test JVM: several Quarkus restarts share them.
    }
}
