package fr.tocsin.broadcast.subscriptions;

import fr.tocsin.testsupport.TestDatabase;
import fr.tocsin.testsupport.TocsinStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An SMTP relay that accepts connections and never answers (a hung relay, a firewall that drops the replies): a
 * person asking for a confirmation or a management link gets a page within the mailer's timeout (two tries), and a
 * message that did not go out does not count against the destination's hourly limit, so they can ask again.
 */
@QuarkusTest
@TestProfile(SilentRelayTest.Silent.class)
@WithTestResource(value = TocsinStackResource.class, initArgs = @ResourceArg(name = "database", value = "broadcast"))
class SilentRelayTest {

    /** Accepts and holds every connection, writes nothing (no 220 greeting, no reply). */
    static final class SilentRelay {
        static final ServerSocket SERVER;
        static final AtomicInteger CONNECTIONS = new AtomicInteger();
        static final List<Socket> HELD = new CopyOnWriteArrayList<>();

        static {
            try {
                SERVER = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.ofVirtual().start(() -> {
                while (!SERVER.isClosed()) {
                    try {
                        HELD.add(SERVER.accept());
                        CONNECTIONS.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }
    }

    public static class Silent implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mailer.mock", "false", "quarkus.mailer.host", "127.0.0.1",
                    "quarkus.mailer.port", String.valueOf(SilentRelay.SERVER.getLocalPort()),
                    "quarkus.mailer.timeout", "1S");
        }
    }

    @AfterAll
    static void closeRelay() throws IOException {
        for (Socket socket : SilentRelay.HELD) {
            socket.close();
        }
    }

    @Test
    void aHungRelayGetsAPageAndDoesNotUseUpTheDestinationsLimit() {
        String address = "relais.muet@example.org";
        int before = SilentRelay.CONNECTIONS.get();
        for (int i = 0; i < 5; i++) { // the hourly limit is 3: failed sends would have made the last ones a 429
            long start = System.nanoTime();
            Response page = form().formParam("destination", address).formParam("territory", "59").post("/abonnement");
            assertThat(page.statusCode()).as("attempt " + i).isEqualTo(503);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.asString()).contains("id=\"destination-error\"");
            assertThat((System.nanoTime() - start) / 1_000_000_000).as("seconds for attempt " + i).isLessThan(20);
            if (i == 0) {
                // The first try's connection is still held by the relay: the second try opened another.
                assertThat(SilentRelay.CONNECTIONS.get() - before).as("connections of the first attempt").isEqualTo(2);
            }
        }
        // A management link to the (pending) subscription: same relay, the same neutral page, nothing counted.
        for (int i = 0; i < 4; i++) {
            form().formParam("destination", address).post("/abonnement/gerer").then().statusCode(200);
        }
        assertThat(TestDatabase.queryLong("broadcast", "select count(*) from subscription_confirmation_sent"
                + " where destination_sha256 = encode(sha256(convert_to('EMAIL:" + address + "', 'UTF8')), 'hex')"))
                .isZero();
    }

    private static io.restassured.specification.RequestSpecification form() {
        return given().header("Origin", "http://127.0.0.1:8080").contentType(ContentType.URLENC).redirects().follow(false);
    }
}
