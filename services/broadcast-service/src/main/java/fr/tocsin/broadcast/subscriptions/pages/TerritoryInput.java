package fr.tocsin.broadcast.subscriptions.pages;

import fr.tocsin.contracts.territory.Commune;
import fr.tocsin.contracts.territory.Department;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The territory a citizen typed in the subscription form, read as the public pages' search reads it: a postal code or
 * a commune's name, a department's number, "France" for the whole country, or the value the pages prefill
 * ("Nord (59)", "Lille (59350)": a name and its code).
 */
public final class TerritoryInput {

    /** Longer than any commune name: refused rather than searched. */
    public static final int MAX = 100;
    private static final Pattern CODE_IN_PARENTHESES = Pattern.compile(".*\\(\\s*([0-9AB]{2,5})\\s*\\)\\s*");
    private static final List<String> ALL_OF_FRANCE = List.of("france", "fr", "toute la france", "all of france",
            "france entiere", "national");

    /** One territory, several communes to choose from, or nothing found. */
    public record Resolution(Optional<TerritoryRef> territory, List<Choice> choices) {

        static Resolution of(TerritoryRef territory) {
            return new Resolution(Optional.of(territory), List.of());
        }
    }

    /** A commune offered when the input names several: {@code value} is read back exactly by {@link #resolve}. */
    public record Choice(String value, String label) {
    }

    private TerritoryInput() {
    }

    /**
     * @throws IllegalArgumentException why the input cannot be a territory (empty, too long, control characters)
     */
    public static Resolution resolve(String raw) {
        String input = raw == null ? "" : raw.strip();
        if (input.isEmpty()) {
            throw new IllegalArgumentException("indiquez une commune, un département ou « France » / give a town, "
                    + "a department or “France”");
        }
        if (input.length() > MAX || input.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("ce n’est pas un nom de commune ni un code / not a town name nor a code");
        }
        TerritoryDirectory directory = TerritoryDirectory.get();
        if (ALL_OF_FRANCE.contains(plain(input))) {
            return Resolution.of(TerritoryRef.national());
        }
        Matcher named = CODE_IN_PARENTHESES.matcher(input);
        String code = named.matches() ? named.group(1) : input.toUpperCase(Locale.ROOT);
        if (code.length() <= 3 && directory.department(code).isPresent()) {
            return Resolution.of(TerritoryRef.department(directory.department(code).orElseThrow().code()));
        }
        if (code.matches("[0-9][0-9AB][0-9]{3}")) {
            if (named.matches() && directory.commune(code).isPresent()) {
                return Resolution.of(TerritoryRef.commune(code)); // the prefilled "Lille (59350)": an INSEE code
            }
            List<Commune> byPostalCode = directory.communesByPostalCode(code);
            if (byPostalCode.isEmpty()) {
                return directory.commune(code).map(c -> Resolution.of(TerritoryRef.commune(c.code())))
                        .orElseGet(() -> new Resolution(Optional.empty(), List.of()));
            }
            return ofCommunes(byPostalCode);
        }
        Optional<Department> department = directory.departments().stream()
                .filter(d -> plain(d.name()).equals(plain(input))).findFirst();
        if (department.isPresent()) {
            return Resolution.of(TerritoryRef.department(department.get().code()));
        }
        List<Commune> found = input.length() < 2 ? List.of() : directory.searchCommunes(input, 20);
        List<Commune> exact = found.stream().filter(c -> plain(c.name()).equals(plain(input))).toList();
        return ofCommunes(exact.size() == 1 ? exact : found);
    }

    private static Resolution ofCommunes(List<Commune> communes) {
        if (communes.size() == 1) {
            return Resolution.of(TerritoryRef.commune(communes.getFirst().code()));
        }
        return new Resolution(Optional.empty(), communes.stream().map(c -> new Choice(c.name() + " (" + c.code() + ")",
                c.name() + " (" + c.departmentCode() + (c.postalCodes().isEmpty() ? "" : ", " + c.postalCodes().getFirst())
                        + ")")).toList());
    }

    private static String plain(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replace('-', ' ')
                .replace('’', '\'').strip().toLowerCase(Locale.ROOT);
    }
}
