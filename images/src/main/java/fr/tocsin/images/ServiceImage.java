package fr.tocsin.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import com.google.cloud.tools.jib.api.buildplan.Port;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds one service's OCI image as a tarball with Jib, without a container engine or a registry: a Quarkus fast-jar
 * on either a base assembled here ({@code tools/image-base.sh}: Debian packages and a jlink runtime, from scratch) or
 * a base image given by reference ({@code registry://…} or {@code tar://…}, where a registry is reachable).
 *
 * <p>Quarkus' own Jib extension can only load into a Docker daemon or push to a registry, none of which exists on
 * this project's machines, hence this small step on jib-core. Every file has a fixed time and owner and the image a
 * fixed creation time, so the same inputs give the same digest.
 */
public final class ServiceImage {

    /** The services' user, as the Deployments' {@code runAsUser}/{@code runAsGroup}. */
    static final String USER = "185:185";
    static final String APP = "/deployments";
    static final String JAVA_HOME = "/opt/java";
    static final String SBOM_IN_IMAGE = "/usr/share/sbom/";
    /**
     * The JVM sizes its heap from the container's memory limit (a third: 128 MiB of 384 Mi); a Deployment may set its
     * own. The same as k8s/base/config.yaml, and what LocalStack.PRODUCTION_JVM runs locally.
     */
    static final String JVM_DEFAULTS = "-XX:+UseSerialGC -XX:MaxRAMPercentage=33 -XX:InitialRAMPercentage=33 -Xss512k"
            + " -XX:+ExitOnOutOfMemoryError";
    private static final Instant FILE_TIME = Instant.ofEpochSecond(1);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ServiceImage() {
    }

    /** What an image is made of. {@code base} is null to build from the assembled {@code baseDir}. */
    record Spec(String service, String version, int port, Path quarkusApp, Path mavenSbom, Path baseDir, String base,
                String java, Path output, Path cache) {
    }

    /** Files written: the tarball, its SBOM beside it and the manifest digest. */
    record Result(Path tarball, Path sbom, String digest) {
    }

    /** A service of the build and the HTTP port its container listens on. */
    record Service(String name, int port) {
    }

    /** The profiles the Kubernetes manifests run the services with (QUARKUS_PROFILE in k8s/base/config.yaml). */
    static final List<String> PROFILES = List.of("prod", "kubernetes");

    /**
     * Every service of the build: the modules of {@code services/pom.xml} (the one list of services, so a new service
     * gets its image without touching this module), each with the port its {@code application.properties} gives
     * under {@link #PROFILES} (a later profile wins, as in Quarkus; 8080 when none is set).
     */
    static List<Service> services(Path servicesDir) throws Exception {
        var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var pom = factory.newDocumentBuilder().parse(servicesDir.resolve("pom.xml").toFile()).getDocumentElement();
        List<Service> services = new ArrayList<>();
        for (var node = pom.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (!"modules".equals(node.getNodeName())) {
                continue;
            }
            for (var module = node.getFirstChild(); module != null; module = module.getNextSibling()) {
                if ("module".equals(module.getNodeName())) {
                    String name = module.getTextContent().strip();
                    services.add(new Service(name, httpPort(servicesDir.resolve(name)
                            .resolve("src/main/resources/application.properties"))));
                }
            }
        }
        if (services.isEmpty()) {
            throw new IllegalStateException(servicesDir.resolve("pom.xml") + " lists no <module>");
        }
        return services;
    }

    private static int httpPort(Path applicationProperties) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(applicationProperties)) {
            properties.load(in);
        }
        String port = properties.getProperty("quarkus.http.port", "8080");
        for (String profile : PROFILES) {
            port = properties.getProperty("%" + profile + ".quarkus.http.port", port);
        }
        return Integer.parseInt(port.strip());
    }

    /**
     * {@code --service NAME --port N} builds that service's image; without {@code --service}, every service of
     * {@link #services(Path)}.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null || !args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            // Maven passes an empty argument as null, or drops it: then the option has the empty value.
            boolean hasValue = i + 1 < args.length && (args[i + 1] == null || !args[i + 1].startsWith("--"));
            String value = hasValue ? args[++i] : "";
            options.put(args[i - (hasValue ? 1 : 0)].substring(2), value == null ? "" : value);
        }
        String base = options.getOrDefault("base", "").isBlank() ? null : options.get("base");
        Path servicesDir = Path.of(required(options, "services")).toAbsolutePath().normalize();
        List<Service> services = options.getOrDefault("service", "").isBlank() ? services(servicesDir)
                : List.of(new Service(options.get("service"), Integer.parseInt(required(options, "port"))));
        for (Service service : services) {
            Path target = servicesDir.resolve(service.name()).resolve("target");
            Result result = build(new Spec(service.name(), required(options, "version"), service.port(),
                    target.resolve("quarkus-app"), target.resolve(service.name() + "-maven.cdx.json"),
                    Path.of(required(options, "base-dir")), base, options.getOrDefault("java", JAVA_HOME + "/bin/java"),
                    target.resolve(service.name() + "-image.tar"), Path.of(required(options, "cache"))));
            System.out.printf("Image %s %s: %s (SBOM %s)%n", service.name(), result.digest(), result.tarball(),
                    result.sbom());
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    static Result build(Spec spec) throws Exception {
        if (!Files.isRegularFile(spec.quarkusApp().resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(spec.quarkusApp() + " holds no Quarkus fast-jar: build the service first");
        }
        if (!Files.isRegularFile(spec.mavenSbom())) {
            throw new IllegalStateException(spec.mavenSbom() + " is missing: the SBOM is made by cyclonedx-maven-plugin in"
                    + " profile images, which Maven skips offline (-o)");
        }
        JibContainerBuilder image;
        String java;
        List<ObjectNode> baseComponents = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        if (spec.base() == null) {
            String arch = Files.readString(spec.baseDir().resolve("arch")).strip();
            image = Jib.fromScratch()
                    .setPlatforms(Set.of(new Platform(arch, "linux")))
                    .addFileEntriesLayer(treeLayer("debian", spec.baseDir().resolve("rootfs"), AbsoluteUnixPath.get("/")))
                    .addFileEntriesLayer(treeLayer("java-runtime", spec.baseDir().resolve("jre"),
                            AbsoluteUnixPath.get(JAVA_HOME)));
            java = JAVA_HOME + "/bin/java";
            env.put("JAVA_HOME", JAVA_HOME);
            env.put("PATH", JAVA_HOME + "/bin:/usr/bin:/bin");
            env.put("LANG", "C.UTF-8");
            baseComponents.addAll(debianComponents(spec.baseDir().resolve("packages.tsv")));
            baseComponents.add(javaComponent(spec.baseDir().resolve("jre/release")));
        } else {
            image = Jib.from(spec.base());
            java = spec.java();
        }
        env.put("JDK_JAVA_OPTIONS", JVM_DEFAULTS);
        env.put("MALLOC_ARENA_MAX", "2");

        Path sbom = spec.output().resolveSibling(spec.service() + "-image.cdx.json");
        writeSbom(spec, baseComponents, sbom);

        Path app = spec.quarkusApp();
        AbsoluteUnixPath deployments = AbsoluteUnixPath.get(APP);
        image.addFileEntriesLayer(appLayer("dependencies", app, deployments,
                        p -> p.startsWith("lib/boot/") || (p.startsWith("lib/main/") && !p.contains("SNAPSHOT"))))
                .addFileEntriesLayer(appLayer("project-dependencies", app, deployments,
                        p -> p.startsWith("lib/main/") && p.contains("SNAPSHOT")))
                .addFileEntriesLayer(appLayer("quarkus", app, deployments,
                        p -> p.startsWith("quarkus/") || !p.contains("/")))
                .addFileEntriesLayer(appLayer("application", app, deployments, p -> p.startsWith("app/")))
                .addFileEntriesLayer(FileEntriesLayer.builder().setName("sbom")
                        .addEntry(new FileEntry(sbom, AbsoluteUnixPath.get(SBOM_IN_IMAGE + sbom.getFileName()),
                                FilePermissions.DEFAULT_FILE_PERMISSIONS, FILE_TIME, "0:0"))
                        .build())
                .setEnvironment(env)
                .setEntrypoint(java, "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                        // jboss-threads resets thread locals through java.lang internals on Java 24+
                        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                        "-jar", APP + "/quarkus-run.jar")
                .setUser(USER)
                .setWorkingDirectory(deployments)
                .addExposedPort(Port.tcp(spec.port()))
                .addLabel("org.opencontainers.image.title", spec.service())
                .addLabel("org.opencontainers.image.version", spec.version())
                .addLabel("org.opencontainers.image.vendor", "Tocsin")
                .setCreationTime(Instant.EPOCH)
                .setFormat(ImageFormat.OCI);

        Files.createDirectories(spec.output().getParent());
        Containerizer to = Containerizer.to(TarImage.at(spec.output()).named("tocsin/" + spec.service() + ":" + spec.version()))
                .setToolName("tocsin-images")
                .setBaseImageLayersCache(spec.cache().resolve("base"))
                .setApplicationLayersCache(spec.cache().resolve("application"));
        JibContainer built = image.containerize(to);
        String digest = built.getDigest().toString();
        Files.writeString(spec.output().resolveSibling(spec.service() + "-image.digest"), digest + "\n");
        return new Result(spec.output(), sbom, digest);
    }

    /** A directory tree as it is (modes kept, symbolic links stored as the files they point to), owned by root. */
    static FileEntriesLayer treeLayer(String name, Path root, AbsoluteUnixPath target) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        for (Path file : sortedTree(root)) {
            if (file.equals(root) || !Files.exists(file)) {
                continue; // dangling link
            }
            String relative = root.relativize(file).toString();
            boolean tmp = name.equals("debian") && relative.equals("tmp");
            // /tmp belongs to the service's user alone (Jib keeps no sticky bit): a pod mounts an emptyDir there.
            FilePermissions mode = tmp ? FilePermissions.fromOctalString("755")
                    : FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(file));
            layer.addEntry(new FileEntry(file, target.resolve(relative), mode, FILE_TIME, tmp ? USER : "0:0"));
        }
        return layer.build();
    }

    /** Files of the fast-jar whose relative path matches, read-only for the service's user (owned by root). */
    static FileEntriesLayer appLayer(String name, Path app, AbsoluteUnixPath target,
                                     java.util.function.Predicate<String> selects) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        for (Path file : sortedTree(app)) {
            String relative = app.relativize(file).toString().replace('\\', '/');
            if (Files.isRegularFile(file) && selects.test(relative)) {
                layer.addEntry(new FileEntry(file, target.resolve(relative), FilePermissions.DEFAULT_FILE_PERMISSIONS,
                        FILE_TIME, "0:0"));
            }
        }
        return layer.build();
    }

    private static List<Path> sortedTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            return tree.sorted().toList();
        }
    }

    /**
     * The service's own SBOM (CycloneDX, made by the Maven build) plus what the image adds under it: the Debian
     * packages and the Java runtime.
     */
    static void writeSbom(Spec spec, List<ObjectNode> baseComponents, Path sbom) throws IOException {
        ObjectNode bom = (ObjectNode) JSON.readTree(spec.mavenSbom().toFile());
        ArrayNode components = bom.withArray("components");
        baseComponents.forEach(components::add);
        ArrayNode properties = ((ObjectNode) bom.path("metadata")).withArray("properties");
        properties.addObject().put("name", "tocsin:image").put("value", "tocsin/" + spec.service() + ":" + spec.version());
        properties.addObject().put("name", "tocsin:image:base")
                .put("value", spec.base() == null ? "scratch (Debian packages and a jlink Java runtime)" : spec.base());
        Files.createDirectories(sbom.getParent());
        JSON.writeValue(sbom.toFile(), bom);
    }

    static List<ObjectNode> debianComponents(Path packagesTsv) throws IOException {
        List<ObjectNode> components = new ArrayList<>();
        for (String line : Files.readAllLines(packagesTsv)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            String purl = "pkg:deb/" + f[3] + "/" + f[0] + "@" + URLEncoder.encode(f[1], StandardCharsets.UTF_8)
                    + "?arch=" + f[2];
            ObjectNode component = JSON.createObjectNode();
            component.put("type", f[0].equals("base-files") ? "operating-system" : "library")
                    .put("bom-ref", purl).put("name", f[0]).put("version", f[1]).put("purl", purl);
            components.add(component);
        }
        return components;
    }

    static ObjectNode javaComponent(Path release) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(release)) {
            p.load(in);
        }
        String version = unquote(p.getProperty("JAVA_RUNTIME_VERSION", p.getProperty("JAVA_VERSION", "")));
        String implementor = unquote(p.getProperty("IMPLEMENTOR", ""));
        String purl = "pkg:generic/java-runtime@" + URLEncoder.encode(version, StandardCharsets.UTF_8);
        ObjectNode component = JSON.createObjectNode();
        component.put("type", "platform").put("bom-ref", purl).put("name", "java-runtime").put("version", version)
                .put("purl", purl).put("publisher", implementor)
                .put("description", "jlink image of " + implementor + " " + version + ": "
                        + unquote(p.getProperty("MODULES", "")));
        return component;
    }

    private static String unquote(String value) {
        return value.replaceAll("^\"|\"$", "");
    }
}
