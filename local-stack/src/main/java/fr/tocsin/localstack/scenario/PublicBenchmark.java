package fr.tocsin.localstack.scenario;

import fr.tocsin.localstack.JwtKeys;
import fr.tocsin.localstack.LocalStack;
import fr.tocsin.localstack.Ports;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/public.sh}: the public side under load and its freshness, on a throw-away local stack.
 * <ol>
 *   <li>Declaration → visible: a prefecture declares an incident, one after another, and the department page
 *       is polled until it shows it; p50/p99 over the declarations.</li>
 *   <li>Throughput: {@code wrk} against the department page and the notices JSON, then against nginx serving
 *       the very same (gzipped) bytes as static files, same machine, same run; prints the ratio. Each measured run
 *       follows an unmeasured one on the same server, so both are measured warm.</li>
 * </ol>
 * Prints figures; asserts nothing about speed. Needs {@code nginx} and {@code wrk} (tools/system-packages.sh).
 */
public final class PublicBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Metropolitan departments, so every declaration has a page of its own to appear on. */
    private static final List<String> DEPARTMENTS = List.of("01", "02", "03", "04", "05", "06", "07", "08", "09", "10",
            "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "22", "23", "24", "25", "26", "27", "28", "29",
            "2A", "2B", "30", "31", "32", "33", "34", "35", "36", "37", "38", "39", "40", "41", "42", "43", "44", "45",
            "46", "47", "48", "49", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "60", "61", "62", "63",
            "64", "65", "66", "67", "68", "69", "70", "71", "72", "73", "74", "75", "76", "77", "78", "79", "80", "81",
            "82", "83", "84", "85", "86", "87", "88", "89", "90", "91", "92", "93", "94", "95");

    /** An unmeasured wrk run on each server before each measured one. */
    private static final int WARM_UP_SECONDS = 5;

    private PublicBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int declarations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Path root = Path.of(System.getProperty("tocsin.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("tocsin-bench-public");
        try (LocalStack stack = LocalStack.start(LocalStack.Options.isolated(root, work)
                .withServiceArgs(List.of(LocalStack.PRODUCTION_JIT))
                .withProgress(message -> System.err.println("  • " + message)))) {
            System.err.println("  • " + stack.loadDemoNumbers());
            JwtKeys keys = JwtKeys.loadOrCreate(stack.keysDirectory());
            String incidents = stack.service("incident-service").url() + "/api/v1/incidents";
            String site = stack.service("dissemination-service").url();

            System.err.println("  • warm-up: 20 declarations");
            for (int i = 0; i < 20; i++) {
                declareAndWait(keys, incidents, site, DEPARTMENTS.get(i % DEPARTMENTS.size()), i);
            }
            System.err.printf("  • %d declarations, one after another%n", declarations);
            long[] fromRequest = new long[declarations];
            long[] fromAccepted = new long[declarations];
            for (int i = 0; i < declarations; i++) {
                long[] timing = declareAndWait(keys, incidents, site, DEPARTMENTS.get((i + 20) % DEPARTMENTS.size()), i + 20);
                fromRequest[i] = timing[0];
                fromAccepted[i] = timing[1];
            }

            Map<String, String> targets = new LinkedHashMap<>();
            targets.put("department page  /departements/59", "/departements/59");
            targets.put("notices JSON     /api/v1/notices?territory=59", "/api/v1/notices?territory=59");
            Path www = work.resolve("www");
            Files.createDirectories(www);
            Map<String, String> staticPaths = new LinkedHashMap<>();
            int file = 0;
            for (var target : targets.entrySet()) {
                HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(site + target.getValue()))
                        .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
                String name = "output-" + (file++) + ".gz";
                Files.write(www.resolve(name), response.body());
                staticPaths.put(target.getKey(), "/" + name + "|" + response.headers().firstValue("Content-Type").orElse("text/html"));
            }
            int nginxPort = Ports.freePort();
            Process nginx = startNginx(work, www, nginxPort, staticPaths);
            try {
                System.out.printf("Tocsin public side — %s, %d s per wrk run (after %d s unmeasured), 2 threads, 64 connections, "
                        + "Accept-Encoding: gzip%n", java.time.LocalDate.now(), seconds, WARM_UP_SECONDS);
                System.out.printf("%nDeclaration → visible on the department page (%d declarations, one at a time, after 20 warm-up):%n",
                        declarations);
                printPercentiles("from the request (POST sent → page shows it)", fromRequest);
                printPercentiles("from the acceptance (201 received → page shows it)", fromAccepted);
                System.out.printf("%nThroughput, Tocsin vs nginx serving the same bytes as static files:%n");
                System.out.printf("%-48s %-8s %10s %9s %9s %9s %9s %7s%n", "output", "server", "bytes", "req/s", "p50", "p90",
                        "p99", "ratio");
                for (var target : targets.entrySet()) {
                    String[] fileAndType = staticPaths.get(target.getKey()).split("\\|");
                    long bytes = Files.size(www.resolve(fileAndType[0].substring(1)));
                    // Steady state, not the JIT's warm-up: the first seconds of load on a path still run code C2
                    // has not compiled yet (the nginx side gets the same, for symmetry).
                    wrk(site + target.getValue(), WARM_UP_SECONDS);
                    wrk("http://127.0.0.1:" + nginxPort + fileAndType[0], WARM_UP_SECONDS);
                    Wrk tocsin = wrk(site + target.getValue(), seconds);
                    Wrk reference = wrk("http://127.0.0.1:" + nginxPort + fileAndType[0], seconds);
                    print(target.getKey(), "tocsin", bytes, tocsin, tocsin.requestsPerSecond / reference.requestsPerSecond);
                    print("", "nginx", bytes, reference, 1.0);
                }
                System.out.println("\nratio = Tocsin req/s ÷ nginx req/s on the same machine in the same run (1.00 = as fast as static files).");
            } finally {
                nginx.destroy();
                nginx.waitFor();
            }
        }
    }

    /** Returns {request → visible, accepted → visible} in nanoseconds. */
    private static long[] declareAndWait(JwtKeys keys, String incidents, String site, String department, int n)
            throws Exception {
        String token = keys.token("prefet-" + department, "Préfet " + department, "prefecture",
                List.of("department:" + department), "Préfecture " + department, Duration.ofMinutes(10));
        String body = """
                {"title": {"fr": "Banc d’essai %d : le 17 ne répond plus"},
                 "description": {"fr": "Déclaration de mesure de latence."},
                 "services": ["17"], "territories": ["department:%s"]}""".formatted(n, department);
        long sent = System.nanoTime();
        HttpResponse<String> declared = HTTP.send(HttpRequest.newBuilder(URI.create(incidents))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        long accepted = System.nanoTime();
        if (declared.statusCode() != 201) {
            throw new IllegalStateException("Declaration refused (" + declared.statusCode() + "): " + declared.body());
        }
        Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(declared.body());
        if (!id.find()) {
            throw new IllegalStateException("No id in " + declared.body());
        }
        String link = "/incidents/" + id.group(1);
        HttpRequest page = HttpRequest.newBuilder(URI.create(site + "/departements/" + department)).build();
        long deadline = accepted + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (HTTP.send(page, HttpResponse.BodyHandlers.ofString()).body().contains(link)) {
                long visible = System.nanoTime();
                return new long[]{visible - sent, visible - accepted};
            }
            Thread.sleep(0, 500_000);
        }
        throw new IllegalStateException("Incident " + id.group(1) + " not visible on /departements/" + department + " after 30 s");
    }

    private static Process startNginx(Path work, Path www, int port, Map<String, String> staticPaths)
            throws IOException, InterruptedException {
        StringBuilder locations = new StringBuilder();
        for (String pathAndType : staticPaths.values()) {
            String[] parts = pathAndType.split("\\|");
            locations.append("""
                        location = %s {
                          default_type "%s";
                          add_header Content-Encoding gzip;
                          add_header Cache-Control "public, max-age=5";
                        }
                    """.formatted(parts[0], parts[1]));
        }
        // Readable by nginx's worker user, whoever runs the benchmark.
        for (Path path : List.of(work, www)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        try (var files = Files.list(www)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        Path conf = work.resolve("nginx.conf");
        Files.writeString(conf, """
                worker_processes auto;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/nginx-error.log;
                events { worker_connections 1024; }
                http {
                  access_log off;
                  sendfile on;
                  tcp_nopush on;
                  keepalive_requests 1000000;
                  client_body_temp_path %1$s/nginx-tmp;
                  server {
                    listen 127.0.0.1:%2$d;
                    root %3$s;
                %4$s  }
                }
                """.formatted(work, port, www, locations));
        Process nginx = new ProcessBuilder(nginxBinary(), "-c", conf.toString(), "-p", work.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("nginx.out").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try {
                HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return nginx;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        throw new IllegalStateException("nginx did not start: " + Files.readString(work.resolve("nginx.out")));
    }

    private static String nginxBinary() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("nginx is missing: bench/public.sh installs it (tools/system-packages.sh nginx wrk)");
    }

    record Wrk(double requestsPerSecond, String p50, String p90, String p99, String errors) {
    }

    private static Wrk wrk(String url, int seconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("wrk", "-t2", "-c64", "-d" + seconds + "s", "--latency",
                "-H", "Accept-Encoding: gzip", url).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
        if (!rps.find()) {
            throw new IllegalStateException("Unexpected wrk output: " + out);
        }
        Matcher errors = Pattern.compile("(Non-2xx or 3xx responses: \\d+|Socket errors: [^\\n]+)").matcher(out);
        return new Wrk(Double.parseDouble(rps.group(1)), percentile(out, "50"), percentile(out, "90"),
                percentile(out, "99"), errors.find() ? errors.group(1) : "");
    }

    private static String percentile(String wrkOutput, String percent) {
        Matcher m = Pattern.compile("\\n\\s+" + percent + "%\\s+(\\S+)").matcher(wrkOutput);
        return m.find() ? m.group(1) : "?";
    }

    private static void print(String output, String server, long bytes, Wrk wrk, double ratio) {
        System.out.printf("%-48s %-8s %10d %9.0f %9s %9s %9s %7.2f %s%n", output, server, bytes, wrk.requestsPerSecond,
                wrk.p50, wrk.p90, wrk.p99, ratio, wrk.errors);
    }

    private static void printPercentiles(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-55s p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n", what,
                at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
