package fr.tocsin.testsupport;

import fr.tocsin.localstack.JwtKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a {@code @QuarkusTest} application at the real PostgreSQL and Kafka of {@link TestStack}.
 * Init arg {@code database}: the service's own database name. Init arg {@code messaging=true} also starts the SMSC
 * and SMTP server and points the service's SMS channel ({@code tocsin.sms.smpp.*}) and mailer at them.
 */
public class TocsinStackResource implements QuarkusTestResourceLifecycleManager {

    private String database = "tocsin";
    private boolean messaging;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        messaging = Boolean.parseBoolean(initArgs.getOrDefault("messaging", "false"));
    }

    @Override
    public Map<String, String> start() {
        TestStack stack = TestStack.get();
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "quarkus.datasource.jdbc.url", stack.jdbcUrl(database),
                "quarkus.datasource.username", stack.jdbcUser(),
                "quarkus.datasource.password", stack.jdbcPassword(),
                "kafka.bootstrap.servers", stack.bootstrapServers(),
                "mp.jwt.verify.publickey", stack.keys().publicKeyBase64(),
                "mp.jwt.verify.issuer", JwtKeys.ISSUER,
                "tocsin.cap.signing.private-key", stack.capSigningKeys().privateKeyPem()));
        if (messaging) {
            config.put("tocsin.sms.smpp.host", "127.0.0.1");
            config.put("tocsin.sms.smpp.port", String.valueOf(stack.smsc().port()));
            config.put("tocsin.sms.smpp.system-id", stack.smsc().systemId());
            config.put("tocsin.sms.smpp.password", stack.smsc().password());
            config.put("quarkus.mailer.host", "127.0.0.1");
            config.put("quarkus.mailer.port", String.valueOf(stack.mail().port()));
            config.put("quarkus.mailer.mock", "false");
        }
        return config;
    }

    @Override
    public void stop() {
        // Servers live as long as the test JVM: several Quarkus restarts share them.
    }
}
