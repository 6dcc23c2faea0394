package fr.tocsin.broadcast.networks;

import fr.tocsin.broadcast.config.SocialConfig;
import fr.tocsin.broadcast.networks.DeliveryFailure;
import fr.tocsin.broadcast.networks.DestinationGuard;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * REST clients built per API root (each prefecture may use another Mastodon instance), with short timeouts and no
 * redirects followed, after the destination guard has accepted the root (again at every call: DNS can change);
 * and the translation of HTTP outcomes into {@link DeliveryFailure}s whose messages carry no URL path, query or
 * credential.
 */
@ApplicationScoped
public class RestClients {

    private final Map<String, Object> clients = new ConcurrentHashMap<>();

    @Inject
    SocialConfig config;

    @Inject
    DestinationGuard guard;

    /**
     * @throws DeliveryFailure refused when the destination is not allowed (not https, resolves to a private
     *                         address…), retryable when its name does not resolve now
     */
    public <T> T get(Class<T> api, String baseUrl) {
        try {
            guard.check(baseUrl);
        } catch (DestinationGuard.Refused refused) {
            throw new DeliveryFailure("Destination refusée / destination refused: " + refused.getMessage(),
                    refused.temporary(), null);
        }
        return api.cast(clients.computeIfAbsent(api.getName() + " " + baseUrl, key -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(baseUrl))
                .connectTimeout(3, TimeUnit.SECONDS)
                .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // A redirect could lead the credentials of a request to another host: a 3xx is an answer, not followed.
                .followRedirects(false)
                // Every status comes back as a Response: 429 and 5xx are decisions, not exceptions.
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(api)));
    }

    /**
     * Runs a call, turning timeouts and connection errors into retryable failures. The message keeps the exception's
     * class and the host only: transport messages quote the request line, whose path can hold a token (Telegram).
     */
    public static Response call(String network, String baseUrl, Supplier<Response> call) {
        try {
            return call.get();
        } catch (ProcessingException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String message = network + ": " + cause.getClass().getSimpleName() + " (" + host(baseUrl) + ")";
            throw neverSent(e) ? DeliveryFailure.unsent(message) : DeliveryFailure.retryable(message);
        }
    }

    /**
     * Whether a transport failure came before any byte of the request could reach the network: no connection (refused,
     * timed out while connecting: Netty's ConnectTimeoutException is a ConnectException), no route, no address. A
     * reset or a read timeout comes after the request was written, and may hide a post.
     */
    static boolean neverSent(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException
                    || cause instanceof java.net.NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    /** The host of an API root, the only part of a URL that goes into a message. */
    public static String host(String baseUrl) {
        try {
            String host = URI.create(baseUrl).getHost();
            return host == null ? "?" : host;
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** A non-2xx answer as a failure: 408, 429 and 5xx are retried (429 after the delay it asks for), others not. */
    public static DeliveryFailure failure(String network, Response response, String body) {
        int status = response.getStatus();
        String message = network + " answered " + status + (status / 100 == 3 ? " (redirects are not followed)" : ": " + abbreviate(body));
        if (status == 429) {
            return DeliveryFailure.rateLimited(message, retryAfter(response));
        }
        return new DeliveryFailure(message, status == 408 || status >= 500, null);
    }

    /** Retry-After (seconds or HTTP date), else X's x-rate-limit-reset (epoch seconds), else Mastodon's ISO instant. */
    static Duration retryAfter(Response response) {
        String retryAfter = response.getHeaderString("Retry-After");
        try {
            if (retryAfter != null) {
                return retryAfter.strip().matches("\\d+") ? Duration.ofSeconds(Long.parseLong(retryAfter.strip()))
                        : Duration.between(Instant.now(), ZonedDateTime.parse(retryAfter, DateTimeFormatter.RFC_1123_DATE_TIME));
            }
            String epoch = response.getHeaderString("x-rate-limit-reset");
            if (epoch != null) {
                return Duration.between(Instant.now(), Instant.ofEpochSecond(Long.parseLong(epoch.strip())));
            }
            String iso = response.getHeaderString("X-RateLimit-Reset");
            if (iso != null) {
                return Duration.between(Instant.now(), Instant.parse(iso.strip()));
            }
        } catch (RuntimeException unreadable) {
            return null;
        }
        return null;
    }

    static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
