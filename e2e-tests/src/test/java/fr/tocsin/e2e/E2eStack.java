package fr.tocsin.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.localstack.LocalStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One stack of packaged services for all end-to-end tests of the JVM, stopped when it exits: the four services
 * ({@code ServiceSpec.defaults()}: incident, fallback, dissemination and broadcast), each with its own database.
 */
final class E2eStack {

    static final String SOCIAL_TOKEN_PROPERTY = "tocsin.social.credentials.e2e-mastodon.token";
    static final String SOCIAL_TOKEN = "e2e-mastodon-token";
    /**
     * The networks' rate windows lifted: the e2e stacks post far more per account and per chat than a real
     * prefecture (dozens of updates a minute, every Mastodon account on one credential set), so Mastodon's 300 per
     * 5 min, X's 200 per 15 min and Telegram's 20 per minute per chat would hold their deliveries for minutes. The
     * windows themselves are PostingLimitsTest's and PacedDeliveryTest's; these tests are about nothing lost or twice.
     */
    static final List<String> UNPACED = List.of(
            "-Dtocsin.social.limits.mastodon.per-credentials=100000/1m",
            "-Dtocsin.social.limits.x.per-credentials=100000/1m",
            "-Dtocsin.social.limits.telegram.per-credentials=100000/1s",
            "-Dtocsin.social.limits.telegram.per-target=100000/1m",
            "-Dtocsin.social.limits.bluesky.per-credentials=100000/1m",
            "-Dtocsin.social.limits.bluesky.per-host=100000/1m");

    /** A Telegram bot's token, for the e2e-telegram credentials; its API is the Mastodon instance's WireMock server. */
    static final String TELEGRAM_TOKEN_PROPERTY = "tocsin.social.credentials.e2e-telegram.token";

    /** The credentials' Mastodon instance: part of the credentials, so known when the services start. */
    static final String SOCIAL_INSTANCE_PROPERTY = "tocsin.social.credentials.e2e-mastodon.instance";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalStack stack;
    private static WireMockServer mastodon;

    private E2eStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            Path root = Path.of(System.getProperty("tocsin.root", "..")).toAbsolutePath().normalize();
            mastodon = mastodonInstance();
            try {
                stack = LocalStack.start(LocalStack.Options.isolated(root, Files.createTempDirectory("tocsin-e2e"))
                        .withProgress(message -> System.out.println("[e2e] " + message))
                        // The credentials of the social accounts the tests register in broadcast-service (answered by
                        // WireMock); the other services have no such setting and ignore them.
                        .withServiceArgs(java.util.stream.Stream.concat(java.util.stream.Stream.of("-D" + SOCIAL_TOKEN_PROPERTY + "=" + SOCIAL_TOKEN,
                                "-D" + SOCIAL_INSTANCE_PROPERTY + "=" + mastodon.baseUrl(),
                                // Telegram's Bot API answered by the same WireMock server (PostKillIT).
                                "-Dtocsin.social.endpoints.telegram=" + mastodon.baseUrl(),
                                "-D" + TELEGRAM_TOKEN_PROPERTY + "=123456:e2e-telegram-token",
                                // A Bluesky PDS too (PostKillIT).
                                "-Dtocsin.social.credentials.e2e-bluesky.identifier=prefet60.bsky.social",
                                "-Dtocsin.social.credentials.e2e-bluesky.password=e2e-app-password",
                                "-Dtocsin.social.credentials.e2e-bluesky.pds=" + mastodon.baseUrl(),
                                // As the launcher scaled out: not-ready, still serving, while a front notices a SIGTERM.
                                "-Dquarkus.shutdown.delay=3s",
                                // Planned works start and end within a second of their time (PlannedWorksIT).
                                "-Dtocsin.schedule.sweep-interval=1s",
                                // A killed sender's claimed subscriber messages turn UNKNOWN after this (SubscriberFanOutIT).
                                "-Dtocsin.subscriptions.sending.lease=30s"), UNPACED.stream()).toList()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LocalStack started = stack;
            WireMockServer instance = mastodon;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                instance.stop();
            }, "e2e-stack-stop"));
        }
        return stack;
    }

    /** The authorities' console on the e2e stack, started on first use (only the console's tests pay for its JVM). */
    static synchronized fr.tocsin.localstack.ServiceSpec console() {
        LocalStack started = get();
        return started.console().orElseGet(() -> started.startConsole(0));
    }

    /**
     * The Mastodon instance of the e2e-mastodon credentials (a WireMock server), which also answers Telegram's Bot API;
     * emptied by each test that uses it.
     */
    static synchronized WireMockServer mastodon() {
        get();
        return mastodon;
    }

    /** A WireMock server started before a stack whose credentials name it as their instance. */
    /** The networks' stand-in: Mastodon, Telegram and the others as tests stub them; a Bluesky PDS and Facebook Pages. */
    static WireMockServer mastodonInstance() {
        BlueskyPdsStub pds = new BlueskyPdsStub();
        FacebookPageStub pages = new FacebookPageStub();
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort().extensions(pds, pages));
        server.start();
        pds.serve(server);
        pages.serve(server);
        return server;
    }

    /**
     * Declares an incident of {@code service} ("17", "18"…) in a department, as its prefecture, through the packaged
     * incident-service; returns its id.
     */
    static String declare(String department, String service, String title, String description) throws Exception {
        LocalStack stack = get();
        String token = JwtKeys.loadOrCreate(stack.keysDirectory()).token("prefet-" + department, "Préfet " + department,
                "prefecture", List.of("department:" + department), "Préfecture " + department, Duration.ofMinutes(5));
        HttpResponse<String> declared = HTTP.send(HttpRequest.newBuilder(
                        URI.create(stack.service("incident-service").url() + "/api/v1/incidents"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"title": {"fr": "%s"}, "description": {"fr": "%s"},
                         "services": ["%s"], "territories": ["department:%s"]}""".formatted(title, description, service,
                        department)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
        Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(declared.body());
        assertThat(id.find()).isTrue();
        return id.group(1);
    }
}
