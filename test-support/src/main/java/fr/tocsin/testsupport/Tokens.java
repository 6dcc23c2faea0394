package fr.tocsin.testsupport;

import java.time.Duration;
import java.util.List;

/** Bearer tokens for tests, signed by the key pair the service under test trusts. */
public final class Tokens {

    private Tokens() {
    }

    public static String ministry() {
        return of("ministere-interieur", "ministry", "Ministère de l’Intérieur", "FR");
    }

    public static String prefecture(String department) {
        return of("prefet-" + department, "prefecture", "Préfecture " + department, "department:" + department);
    }

    public static String mayor(String commune) {
        return of("maire-" + commune, "mayor", "Mairie " + commune, "commune:" + commune);
    }

    public static String operator(String network, String... territories) {
        return of("operateur-" + network, "operator", network, territories);
    }

    /** A token for any person, role and territories (canonical references). */
    public static String of(String subject, String role, String authority, String... territories) {
        return TestStack.get().keys().token(subject, subject, role, List.of(territories), authority,
                Duration.ofHours(1));
    }

    /** A ministry's token issued for the given audiences ({@code aud}) only; none: without the claim. */
    public static String ministryFor(String... audiences) {
        return TestStack.get().keys().token("ministere-interieur", "ministere-interieur", "ministry", List.of("FR"),
                "Ministère de l’Intérieur", Duration.ofHours(1), List.of(audiences));
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
