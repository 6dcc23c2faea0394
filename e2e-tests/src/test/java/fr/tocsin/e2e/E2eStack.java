package fr.tocsin.e2e;

import fr.tocsin.localstack.LocalStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One stack of packaged services for all end-to-end tests of the JVM, stopped when it exits. */
final class E2eStack {

    static final String SOCIAL_TOKEN_PROPERTY = "tocsin.social.credentials.e2e-mastodon.token";
    static final String SOCIAL_TOKEN = "e2e-mastodon-token";

    private static LocalStack stack;

    private E2eStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            Path root = Path.of(System.getProperty("tocsin.root", "..")).toAbsolutePath().normalize();
            try {
                stack = LocalStack.start(LocalStack.Options.isolated(root, Files.createTempDirectory("tocsin-e2e"))
                        .withProgress(message -> System.out.println("[e2e] " + message))
                        // The credentials of the social accounts the tests register (answered by WireMock).
                        .withServiceArgs(List.of("-D" + SOCIAL_TOKEN_PROPERTY + "=" + SOCIAL_TOKEN)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LocalStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "e2e-stack-stop"));
        }
        return stack;
    }
}
