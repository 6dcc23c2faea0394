package fr.tocsin.broadcast.networks;

import fr.tocsin.localstack.SmscServer;
import fr.tocsin.testsupport.TestStack;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code tocsin.sms.smpp.sessions}: the gateway binds that many transceivers to the SMSC account, and concurrent
 * submits, spread over them, all reach the SMSC once. ARCEP fiction mobiles 06 39 98 07 xx are used by no other test.
 */
@QuarkusTest
@TestProfile(SmppSessionsTest.ThreeSessions.class)
@WithTestResource(value = TocsinStackResource.class, initArgs = {
        @ResourceArg(name = "database", value = "broadcast"), @ResourceArg(name = "messaging", value = "true")})
class SmppSessionsTest {

    public static class ThreeSessions implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tocsin.sms.smpp.sessions", "3");
        }
    }

    @Inject
    SmppGateway gateway;

    private static SmscServer smsc() {
        return TestStack.get().smsc();
    }

    @Test
    void bindsEverySessionOfTheAccountAndSendsEachTextOnceOverThem() throws Exception {
        assertThat(gateway.sessions()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc().boundSessions() == 3);

        smsc().latency(Duration.ofMillis(50)); // submits overlap, so more than one session carries them
        List<String> mobiles = new ArrayList<>();
        List<Future<List<String>>> sent = new ArrayList<>();
        try (ExecutorService senders = Executors.newFixedThreadPool(12)) {
            for (int i = 0; i < 24; i++) {
                String mobile = "+336399807%02d".formatted(i);
                mobiles.add(mobile);
                sent.add(senders.submit(() -> gateway.send(mobile, "15 injoignable : appelez le 03 53 01 02 36")));
            }
            Set<String> ids = new HashSet<>();
            for (Future<List<String>> future : sent) {
                List<String> partIds = future.get();
                assertThat(partIds).hasSize(1);
                ids.addAll(partIds);
            }
            assertThat(ids).as("one SMSC message id per text").hasSize(24);
        } finally {
            smsc().latency(Duration.ZERO);
        }
        for (String mobile : mobiles) {
            assertThat(smsc().messagesTo(mobile.substring(1))).as(mobile).hasSize(1);
        }
        assertThat(smsc().boundSessions()).isEqualTo(3);
    }
}
