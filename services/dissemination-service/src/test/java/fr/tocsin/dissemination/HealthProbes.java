package fr.tocsin.dissemination;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/** What the kubelet's readiness and liveness probes would see, for the outage tests (#17). */
final class HealthProbes {

    private HealthProbes() {
    }

    /**
     * Readiness and liveness answer UP for several probe periods in a row: long enough for the datasource and Kafka
     * checks to have seen the outage (they turn DOWN within a second or two when they are part of the group).
     */
    static void stayUp(String outage) {
        await(outage + ": /q/health/ready and /q/health/live stay UP").during(Duration.ofSeconds(6))
                .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(HealthProbes::up);
    }

    /** Both UP again once the dependency is back. */
    static void comeBackUp() {
        await("/q/health/ready and /q/health/live UP after the outage").atMost(Duration.ofSeconds(60))
                .untilAsserted(HealthProbes::up);
    }

    private static void up() {
        // Ready because the board is loaded: the check that defines this service's readiness is there and UP.
        given().get("/q/health/ready").then().statusCode(200).body(containsString("public-board-loaded"));
        given().get("/q/health/live").then().statusCode(200);
    }
}
