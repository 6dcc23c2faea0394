package fr.tocsin.contracts.incident;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Affected services: the French emergency and public numbers, or a named local service written as a slug
 * ("mairie", "etat-civil", "surveillance-electronique").
 */
public final class ServiceNames {

    /** 15 SAMU, 17 police, 18 pompiers, 112 EU, 114 deaf, 115 shelter, 116117 on-call doctors, 119 children,
     * 191 aviation, 196 sea rescue, 197 terror/abduction alert. */
    public static final Set<String> NUMBERS = Set.of("15", "17", "18", "112", "114", "115", "116117", "119", "191",
            "196", "197");

    private static final Pattern DIGITS = Pattern.compile("[0-9 ]+");
    private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private ServiceNames() {
    }

    /** The canonical name, or empty with the reason left to the caller when it is not a known form. */
    public static Optional<String> normalize(String raw) {
        String value = raw.strip();
        if (DIGITS.matcher(value).matches()) {
            String number = value.replace(" ", "");
            return NUMBERS.contains(number) ? Optional.of(number) : Optional.empty();
        }
        String slug = Normalizer.normalize(value, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT).replaceAll("[\\s_'’]+", "-");
        return SLUG.matcher(slug).matches() && slug.length() <= 64 ? Optional.of(slug) : Optional.empty();
    }
}
