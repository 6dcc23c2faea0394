package fr.tocsin.kit.rest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import fr.tocsin.contracts.problem.Problem;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A token bucket per client on the paths of {@code tocsin.rate-limit.paths}: the verified token's subject, or the
 * address for requests without a valid token (which then get their 401). Buckets live in a bounded cache, so a flood of clients cannot grow the memory.
 */
@Singleton
public class RateLimiter {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    // Filters are built before runtime configuration exists: read it at the first request.
    @Inject
    Instance<RateLimitConfig> configuration;

    @Inject
    CurrentIdentityAssociation identity;

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        RateLimitConfig config = configuration.get();
        if (config.paths().stream().noneMatch(path::startsWith)) {
            return Uni.createFrom().nullItem();
        }
        return identity.getDeferredIdentity().onFailure().recoverWithNull().map(who -> {
            String client = who == null || who.isAnonymous() ? "address:" + http.remoteAddress().hostAddress()
                    : "subject:" + who.getPrincipal().getName();
            ConsumptionProbe probe = buckets.get(client, key -> Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(config.burst())
                            .refillGreedy(config.requestsPerMinute(), Duration.ofMinutes(1)).build())
                    .build()).tryConsumeAndReturnRemaining(1);
            if (probe.isConsumed()) {
                return null;
            }
            long retryAfter = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
            return Response.status(429).type(Problem.MEDIA_TYPE).header("Retry-After", retryAfter)
                    .entity(new Problem(URI.create("https://tocsin.fr/problems/rate-limited"), "Trop de requêtes / Too many requests",
                            429, "Limite de " + config.requestsPerMinute() + " requêtes par minute atteinte, réessayez dans "
                            + retryAfter + " s / rate limit reached, retry in " + retryAfter + " s",
                            path, List.of()))
                    .build();
        });
    }
}
