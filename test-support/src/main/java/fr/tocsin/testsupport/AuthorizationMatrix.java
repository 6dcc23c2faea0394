package fr.tocsin.testsupport;

import fr.tocsin.localstack.JwtKeys;
import io.restassured.response.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;

/**
 * Every operation of the authority API a service's OpenAPI document lists — writes, and reads under {@code /api/}
 * — called as nobody, with an expired token, with a forged signature, with the wrong role, from the wrong
 * territory, and as someone allowed: each must get the expected answer. Reads are scoped like writes: from the
 * wrong territory, a read of one thing is refused and a list leaves it out. An operation without a rule fails
 * the matrix, so a new endpoint cannot ship without one; public reads are declared {@link #open open}. The document
 * must say the same: {@code security: []} on open operations, the bearer scheme on the others.
 */
public final class AuthorizationMatrix {

    private static final Set<String> WRITE_METHODS = Set.of("post", "put", "patch", "delete");
    private static final String AUTHORITY_API = "/api/";
    private static final JwtKeys FORGER = JwtKeys.generate();

    private final Map<String, List<Rule>> rules = new LinkedHashMap<>();
    private final Map<String, java.util.function.IntSupplier> open = new LinkedHashMap<>();

    /** Someone a token is issued to. */
    public record Who(String subject, String role, String authority, List<String> territories) {

        public static Who ministry() {
            return new Who("ministere-interieur", "ministry", "Ministère de l’Intérieur", List.of("FR"));
        }

        public static Who prefecture(String department) {
            return new Who("prefet-" + department, "prefecture", "Préfecture " + department, List.of("department:" + department));
        }

        public static Who mayor(String commune) {
            return new Who("maire-" + commune, "mayor", "Mairie " + commune, List.of("commune:" + commune));
        }

        public static Who operator(String network, String... territories) {
            return new Who("operateur-" + network, "operator", network, List.of(territories));
        }

        /** A real person, signed in, with no Tocsin role. */
        public static Who citizen(String department) {
            return new Who("citoyen-" + department, "citizen", "Citoyen", List.of("department:" + department));
        }

        public String token() {
            return TestStack.get().keys().token(subject, subject, role, territories, authority, Duration.ofHours(1));
        }

        String expiredToken() {
            return TestStack.get().keys().token(subject, subject, role, territories, authority, Duration.ofHours(-2));
        }

        /** Same claims, signed by a key the service does not trust. */
        String forgedToken() {
            return FORGER.token(subject, subject, role, territories, authority, Duration.ofHours(1));
        }
    }

    /**
     * @param call           performs the operation with a bearer token (null: no Authorization header), preparing
     *                       whatever it acts on itself, so every case starts from the same state
     * @param allowed        someone who may
     * @param wrongRole      someone in the territory whose role may not (null when every role may)
     * @param wrongTerritory someone with an allowed role elsewhere (null when the operation is not territorial)
     * @param territoryDenial the status the wrong territory gets (403, or 400 where each row names it)
     */
    public record Rule(Function<String, Response> call, Who allowed, Who wrongRole, Who wrongTerritory,
                       int territoryDenial, Predicate<Response> leavesOut) {

        public Rule(Function<String, Response> call, Who allowed, Who wrongRole, Who wrongTerritory) {
            this(call, allowed, wrongRole, wrongTerritory, 403, null);
        }

        public Rule(Function<String, Response> call, Who allowed, Who wrongRole, Who wrongTerritory, int territoryDenial) {
            this(call, allowed, wrongRole, wrongTerritory, territoryDenial, null);
        }

        /**
         * A list: the wrong role is refused (403), the wrong territory gets an answer that leaves out what the call
         * prepared ({@code leavesOut} holds), the allowed caller gets one that includes it (it does not hold).
         */
        public static Rule list(Function<String, Response> call, Who allowed, Who wrongRole, Who wrongTerritory,
                                Predicate<Response> leavesOut) {
            return new Rule(call, allowed, wrongRole, wrongTerritory, 200, leavesOut);
        }
    }

    /**
     * @param operation "METHOD /path/{template}" as in the OpenAPI document; several rules for one operation
     *                  cover its several request forms (JSON and CAP bodies, say)
     */
    public AuthorizationMatrix rule(String operation, Rule rule) {
        rules.computeIfAbsent(operation, k -> new ArrayList<>()).add(rule);
        return this;
    }

    /**
     * A public read of the API: anyone may, with or without a token. {@code anonymousStatus} calls it without one
     * and returns the status, which must be 2xx (a stream: the status of its response head).
     */
    public AuthorizationMatrix open(String operation, java.util.function.IntSupplier anonymousStatus) {
        open.put(operation, anonymousStatus);
        return this;
    }

    /** The write operations, and the reads of the authority API, of the running service's OpenAPI document. */
    public static Set<String> operations() {
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Set<String> operations = new TreeSet<>();
        paths.forEach((path, methods) -> methods.keySet().stream()
                .filter(method -> WRITE_METHODS.contains(method) || "get".equals(method) && path.startsWith(AUTHORITY_API))
                .forEach(method -> operations.add(method.toUpperCase() + " " + path)));
        return operations;
    }

    /** Each operation's {@code security} in the document, null when it declares none ("METHOD /path"). */
    static Map<String, List<?>> declaredSecurity() {
        Map<String, Map<String, Map<String, Object>>> paths = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Map<String, List<?>> security = new LinkedHashMap<>();
        paths.forEach((path, methods) -> methods.forEach((method, operation) ->
                security.put(method.toUpperCase() + " " + path, (List<?>) operation.get("security"))));
        return security;
    }

    /** Runs every case; returns the table of what happened, one line per operation, failures marked. */
    public List<String> run() {
        List<String> failures = new ArrayList<>();
        List<String> table = new ArrayList<>();
        Set<String> existing = operations();
        // What the document tells client generators must be what the calls below prove: open operations declare
        // an empty security, the others the bearer scheme.
        Map<String, List<?>> security = declaredSecurity();
        for (String operation : existing) {
            List<?> declared = security.get(operation);
            if (open.containsKey(operation) && (declared == null || !declared.isEmpty())) {
                failures.add(operation + " is open but its OpenAPI security is " + declared + ", not []");
            } else if (!open.containsKey(operation) && (declared == null || declared.isEmpty()
                    || !String.valueOf(declared).contains("bearer"))) {
                failures.add(operation + " needs a token but its OpenAPI security is " + declared + ", not bearer");
            }
        }
        for (String operation : existing) {
            if (open.containsKey(operation)) {
                int anonymous = open.get(operation).getAsInt();
                table.add(operation + " | open, no token " + anonymous);
                if (anonymous < 200 || anonymous > 299) {
                    failures.add(operation + " declared open: expected 2xx without a token, got " + anonymous);
                }
                continue;
            }
            if (!rules.containsKey(operation)) {
                failures.add(operation + ": no authorization rule (add one to the matrix)");
                continue;
            }
            for (Rule rule : rules.get(operation)) {
                table.add(run(operation, rule, failures));
            }
        }
        java.util.stream.Stream.concat(rules.keySet().stream(), open.keySet().stream()).filter(op -> !existing.contains(op))
                .forEach(op -> failures.add(op + ": rule for an operation the service does not have"));
        table.forEach(System.out::println);
        if (!failures.isEmpty()) {
            throw new AssertionError("Authorization matrix:\n  " + String.join("\n  ", failures));
        }
        return table;
    }

    private static String run(String operation, Rule rule, List<String> failures) {
        StringBuilder line = new StringBuilder(operation);
        check(operation, "no token", rule.call().apply(null), 401, line, failures);
        check(operation, "expired", rule.call().apply(rule.allowed().expiredToken()), 401, line, failures);
        check(operation, "bad signature", rule.call().apply(rule.allowed().forgedToken()), 401, line, failures);
        if (rule.wrongRole() != null) {
            check(operation, "wrong role", rule.call().apply(rule.wrongRole().token()), 403, line, failures);
        }
        if (rule.wrongTerritory() != null && rule.leavesOut() == null) {
            check(operation, "wrong territory", rule.call().apply(rule.wrongTerritory().token()),
                    rule.territoryDenial(), line, failures);
        } else if (rule.wrongTerritory() != null) {
            Response elsewhere = rule.call().apply(rule.wrongTerritory().token());
            line.append(" | wrong territory ").append(elsewhere.statusCode()).append(" (left out)");
            if (elsewhere.statusCode() != 200 || !rule.leavesOut().test(elsewhere)) {
                failures.add(operation + " wrong territory: expected 200 leaving out what is not theirs, got "
                        + elsewhere.statusCode() + " " + elsewhere.asString());
            }
        }
        Response allowed = rule.call().apply(rule.allowed().token());
        line.append(" | allowed ").append(allowed.statusCode());
        if (allowed.statusCode() < 200 || allowed.statusCode() > 299) {
            failures.add(operation + " allowed (" + rule.allowed().role() + "): expected 2xx, got "
                    + allowed.statusCode() + " " + allowed.asString());
        } else if (rule.leavesOut() != null && rule.leavesOut().test(allowed)) {
            failures.add(operation + " allowed (" + rule.allowed().role() + "): what the call prepared is missing");
        }
        return line.toString();
    }

    private static void check(String operation, String against, Response response, int expected, StringBuilder line,
                              List<String> failures) {
        line.append(" | ").append(against).append(' ').append(response.statusCode());
        if (response.statusCode() != expected) {
            failures.add(operation + " " + against + ": expected " + expected + ", got " + response.statusCode()
                    + " " + response.asString());
        } else if (!String.valueOf(response.contentType()).startsWith("application/problem+json")) {
            failures.add(operation + " " + against + ": " + expected + " without problem+json (" + response.contentType() + ")");
        }
    }
}
