package fr.tocsin.broadcast.networks;

import fr.tocsin.localstack.MailServer;
import fr.tocsin.testsupport.TestStack;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SMTP relay closes a connection left idle (GreenMail after its client socket timeout, Postfix after
 * {@code smtpd_timeout}); the mailer keeps connections in a pool, so the next mail must not be lost on one the relay
 * already closed. Confirmation codes and management links are sent once, with no retry behind them.
 */
@QuarkusTest
@WithTestResource(value = TocsinStackResource.class, initArgs = {
        @ResourceArg(name = "database", value = "broadcast"), @ResourceArg(name = "messaging", value = "true")})
class MailGatewayTest {

    @Inject
    MailGateway gateway;

    private static MailServer relay() {
        return TestStack.get().mail();
    }

    @Test
    void aMailAfterTheRelayClosedTheIdleConnectionIsSent() throws Exception {
        relay().closeIdleConnectionsAfter(Duration.ofMillis(500));
        try {
            for (int i = 1; i <= 3; i++) {
                String to = "inactif." + i + "@example.org";
                gateway.send(new MailGateway.Email(to, "Essai " + i, "texte", "<p>texte</p>", Map.of()));
                await().atMost(Duration.ofSeconds(10)).until(() -> relay().receivedBy(to).size() == 1);
                Thread.sleep(1_500); // the relay closes the pooled connection meanwhile
            }
        } finally {
            relay().closeIdleConnectionsAfter(Duration.ofSeconds(30));
        }
        assertThat(relay().receivedBy("inactif.3@example.org")).singleElement()
                .satisfies(mail -> assertThat(mail.subject()).isEqualTo("Essai 3"));
    }
}
