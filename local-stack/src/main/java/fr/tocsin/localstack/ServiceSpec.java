package fr.tocsin.localstack;

import java.nio.file.Path;
import java.util.List;

/** A Tocsin service as the local stack runs it: its packaged jar, its own database (the console: none), its port. */
public record ServiceSpec(String name, String database, int port) {

    /** The four services with their default local ports. */
    public static List<ServiceSpec> defaults() {
        return List.of(
                new ServiceSpec("incident-service", "incident", 8081),
                new ServiceSpec("fallback-service", "fallback", 8082),
                new ServiceSpec("dissemination-service", "dissemination", 8080),
                new ServiceSpec("broadcast-service", "broadcast", 8083));
    }

    /** The authorities' console: no database of its own, started apart ({@code LocalStack#startConsole}). */
    public static final String CONSOLE = "console-service";
    public static final int CONSOLE_PORT = 8084;

    public static ServiceSpec console(int port) {
        return new ServiceSpec(CONSOLE, null, port);
    }

    public ServiceSpec withPort(int newPort) {
        return new ServiceSpec(name, database, newPort);
    }

    public Path runJar(Path projectRoot) {
        return projectRoot.resolve("services").resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }
}
