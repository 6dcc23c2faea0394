package fr.tocsin.incident.idempotency;

import fr.tocsin.incident.idempotency.persistence.IdempotencyRecordEntity;
import fr.tocsin.incident.idempotency.persistence.IdempotencyRepository;
import fr.tocsin.contracts.problem.InvalidRequestException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Idempotency-Key handling. The key is claimed by inserting its row in the transaction of the change itself:
 * a concurrent retry blocks on that row until the first commits, then reads its answer. A key and its change
 * therefore commit, or roll back, together.
 */
@ApplicationScoped
public class IdempotencyService {

    /** What a POST answered, enough to answer a retry identically. */
    public record StoredResponse(int status, String body, String location, String etag) {
    }

    @Inject
    IdempotencyRepository records;

    @ConfigProperty(name = "tocsin.idempotency.retention")
    Duration retention;

    /**
     * Runs {@code action} once per (principal, key); a retry with the same request gets the stored answer, one
     * with another request under the same key is refused.
     */
    @Transactional
    public StoredResponse execute(String principal, String key, String fingerprint, Supplier<StoredResponse> action) {
        if (key == null || key.isBlank()) {
            return action.get();
        }
        if (key.length() > 200) {
            throw InvalidRequestException.of("Idempotency-Key", "au plus 200 caractères / at most 200 characters");
        }
        if (!records.claim(principal, key, fingerprint)) {
            IdempotencyRecordEntity first = records.find(principal, key);
            if (!first.fingerprint.equals(fingerprint)) {
                throw InvalidRequestException.of("Idempotency-Key",
                        "déjà utilisée pour une autre requête / already used for a different request");
            }
            return new StoredResponse(first.status, first.body, first.location, first.etag);
        }
        StoredResponse response = action.get();
        IdempotencyRecordEntity record = records.find(principal, key);
        record.status = response.status();
        record.body = response.body();
        record.location = response.location();
        record.etag = response.etag();
        return response;
    }

    @Scheduled(every = "1h", delayed = "1m")
    @Transactional
    void forgetOldKeys() {
        records.forgetBefore(Instant.now().minus(retention));
    }
}
