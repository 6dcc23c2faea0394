package fr.tocsin.dissemination.readmodel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The public side's readiness: its board is in memory. Deliberately nothing about PostgreSQL or Kafka (their
 * readiness checks are off in application.properties): pages answer from memory through either outage, and a
 * not-ready pod would be taken out of the ingress, which would then answer 503 to every citizen.
 */
@Readiness
@ApplicationScoped
public class BoardLoadedCheck implements HealthCheck {

    @Inject
    NoticeBoard board;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("public-board-loaded").status(board.isLoaded()).build();
    }
}
