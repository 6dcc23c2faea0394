package fr.tocsin.e2e;

import fr.tocsin.localstack.LocalStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One stack of packaged services for all end-to-end tests of the JVM, stopped when it exits. */
final class E2eStack {

    private static LocalStack stack;

    private E2eStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            Path root = Path.of(System.getProperty("tocsin.root", "..")).toAbsolutePath().normalize();
            try {
                stack = LocalStack.start(LocalStack.Options.isolated(root, Files.createTempDirectory("tocsin-e2e"))
                        .withProgress(message -> System.out.println("[e2e] " + message)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LocalStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "e2e-stack-stop"));
        }
        return stack;
    }
}
