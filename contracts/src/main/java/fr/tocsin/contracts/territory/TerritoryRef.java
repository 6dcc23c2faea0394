package fr.tocsin.contracts.territory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A territory by level and INSEE code, written {@code FR}, {@code region:32}, {@code department:59} or
 * {@code commune:14118}, which is also its JSON form. The prefix is needed because region and department
 * codes overlap ("32" is both Hauts-de-France and Gers). Only the syntax is checked here, so that a
 * reference can be read without loading the data; {@link TerritoryDirectory#exists} checks existence.
 */
public record TerritoryRef(TerritoryLevel level, String code) {

    private static final Pattern NATIONAL_CODE = Pattern.compile("FR");
    private static final Pattern REGION_CODE = Pattern.compile("\\d{2}");
    /** Metropolitan (01–95, 2A, 2B), overseas departments (971–976) and collectivities (975, 977, 978, 984–989). */
    private static final Pattern DEPARTMENT_CODE = Pattern.compile("\\d{2}|2[AB]|9[78]\\d");
    /** Corsican INSEE codes keep the department's letter: 2A004 is Ajaccio. */
    private static final Pattern COMMUNE_CODE = Pattern.compile("\\d{5}|2[AB]\\d{3}");
    private static final String EXPECTED =
            "expected FR, region:<2 digits>, department:<01–95, 2A, 2B or 971–989> or commune:<5-character INSEE code>";
    private static final TerritoryRef NATIONAL = new TerritoryRef(TerritoryLevel.NATIONAL, "FR");

    /** Normalizes the code to upper case, so that equal territories are equal records whatever their spelling. */
    public TerritoryRef {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(code, "code");
        code = code.strip().toUpperCase(Locale.ROOT);
        if (!pattern(level).matcher(code).matches()) {
            throw new IllegalArgumentException("territoire invalide / invalid territory: \"" + code
                    + "\" is not a " + level.name().toLowerCase(Locale.ROOT) + " code; " + EXPECTED);
        }
    }

    public static TerritoryRef national() {
        return NATIONAL;
    }

    public static TerritoryRef region(String code) {
        return new TerritoryRef(TerritoryLevel.REGION, code);
    }

    public static TerritoryRef department(String code) {
        return new TerritoryRef(TerritoryLevel.DEPARTMENT, code);
    }

    public static TerritoryRef commune(String code) {
        return new TerritoryRef(TerritoryLevel.COMMUNE, code);
    }

    /**
     * Parses the canonical form, case-insensitively, and the shortcuts a person types: a bare department code
     * ({@code 59}, {@code 2A}, {@code 974}, {@code 988}) or a bare commune INSEE code ({@code 14118}).
     *
     * @throws IllegalArgumentException with a message fit for an API error
     */
    @JsonCreator
    public static TerritoryRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("territoire vide / empty territory: " + EXPECTED);
        }
        String value = text.strip().toUpperCase(Locale.ROOT);
        if (value.equals("FR")) {
            return NATIONAL;
        }
        int colon = value.indexOf(':');
        if (colon < 0) {
            if (DEPARTMENT_CODE.matcher(value).matches()) {
                return new TerritoryRef(TerritoryLevel.DEPARTMENT, value);
            }
            if (COMMUNE_CODE.matcher(value).matches()) {
                return new TerritoryRef(TerritoryLevel.COMMUNE, value);
            }
            throw invalid(text);
        }
        TerritoryLevel level = switch (value.substring(0, colon)) {
            case "REGION" -> TerritoryLevel.REGION;
            case "DEPARTMENT" -> TerritoryLevel.DEPARTMENT;
            case "COMMUNE" -> TerritoryLevel.COMMUNE;
            default -> throw invalid(text);
        };
        String code = value.substring(colon + 1);
        if (!pattern(level).matcher(code).matches()) {
            throw invalid(text);
        }
        return new TerritoryRef(level, code);
    }

    private static Pattern pattern(TerritoryLevel level) {
        return switch (level) {
            case NATIONAL -> NATIONAL_CODE;
            case REGION -> REGION_CODE;
            case DEPARTMENT -> DEPARTMENT_CODE;
            case COMMUNE -> COMMUNE_CODE;
        };
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("territoire invalide / invalid territory \"" + text + "\": " + EXPECTED);
    }

    @JsonValue
    @Override
    public String toString() {
        return switch (level) {
            case NATIONAL -> "FR";
            case REGION -> "region:" + code;
            case DEPARTMENT -> "department:" + code;
            case COMMUNE -> "commune:" + code;
        };
    }
}
