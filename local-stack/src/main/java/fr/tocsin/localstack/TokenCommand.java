package fr.tocsin.localstack;

import fr.tocsin.contracts.territory.TerritoryRef;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./tocsin token}: prints a ready-to-use bearer token for the local stack, signed with the key pair
 * the launcher generated in {@code .tocsin/keys/}.
 */
public final class TokenCommand {

    private static final String USAGE = """
            Usage: ./tocsin token --role ROLE [--territory T]... [--name NAME] [--authority TEXT] [--hours N]
                                  [--audience API]...

              --role        ministry | prefecture | mayor | operator
              --territory   a territory the person acts for: FR, region:32, department:59 (or 59), commune:14118;
                            repeatable (a ministry defaults to FR)
              --name        who acts (shown in the timeline and the audit), default derived from the role
              --authority   the issuing authority shown to the public, e.g. "Préfecture du Nord"
              --hours       validity, default 12
              --audience    an API the token is for: tocsin-incident-api, tocsin-fallback-api,
                            tocsin-dissemination-api, tocsin-broadcast-api; repeatable (default: the four)

            Example: TOKEN=$(./tocsin token --role prefecture --territory 59 --authority "Préfecture du Nord")
            """;

    private TokenCommand() {
    }

    public static void main(String[] args) throws IOException {
        String role = null;
        List<String> territories = new ArrayList<>();
        String name = null;
        String authority = null;
        long hours = 12;
        List<String> audiences = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--role" -> role = args[++i];
                case "--territory" -> territories.add(canonical(args[++i]));
                case "--name" -> name = args[++i];
                case "--authority" -> authority = args[++i];
                case "--hours" -> hours = Long.parseLong(args[++i]);
                case "--audience" -> audiences.add(args[++i]);
                default -> {
                    System.err.println(USAGE);
                    System.exit(2);
                }
            }
        }
        if (role == null || !List.of("ministry", "prefecture", "mayor", "operator").contains(role)) {
            System.err.println(USAGE);
            System.exit(2);
        }
        if (territories.isEmpty()) {
            if (!role.equals("ministry")) {
                System.err.println("✗ A " + role + " needs at least one --territory.");
                System.exit(2);
            }
            territories.add("FR");
        }
        String who = name != null ? name : role + " " + String.join(" ", territories);
        String issuing = authority != null ? authority : who;
        Path root = Path.of(System.getProperty("tocsin.root", ".")).toAbsolutePath();
        JwtKeys keys = JwtKeys.loadOrCreate(root.resolve(".tocsin/keys"));
        System.out.println(keys.token(who.replace(' ', '-').toLowerCase(), who, role, territories, issuing,
                Duration.ofHours(hours), audiences.isEmpty() ? JwtKeys.AUDIENCES : audiences));
    }

    private static String canonical(String territory) {
        try {
            return TerritoryRef.parse(territory).toString();
        } catch (IllegalArgumentException e) {
            System.err.println("✗ " + e.getMessage());
            System.exit(2);
            return null;
        }
    }
}
