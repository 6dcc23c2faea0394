package fr.tocsin.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import fr.tocsin.localstack.LocalStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One stack of packaged services for all end-to-end tests of the JVM, stopped when it exits: the four services
 * ({@code ServiceSpec.defaults()}: incident, fallback, dissemination and broadcast), each with its own database.
 */
final class E2eStack {

    static final String SOCIAL_TOKEN_PROPERTY = "tocsin.social.credentials.e2e-mastodon.token";
    static final String SOCIAL_TOKEN = "e2e-mastodon-token";

    /** The credentials' Mastodon instance: part of the credentials, so known when the services start. */
    static final String SOCIAL_INSTANCE_PROPERTY = "tocsin.social.credentials.e2e-mastodon.instance";

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
                        .withServiceArgs(List.of("-D" + SOCIAL_TOKEN_PROPERTY + "=" + SOCIAL_TOKEN,
                                "-D" + SOCIAL_INSTANCE_PROPERTY + "=" + mastodon.baseUrl(),
                                // As the launcher scaled out: not-ready, still serving, while a front notices a SIGTERM.
                                "-Dquarkus.shutdown.delay=3s")));
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

    /** The Mastodon instance of the e2e-mastodon credentials (a WireMock server), emptied by each test that uses it. */
    static synchronized WireMockServer mastodon() {
        get();
        return mastodon;
    }

    /** A WireMock server started before a stack whose credentials name it as their instance. */
    static WireMockServer mastodonInstance() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        return server;
    }
}
