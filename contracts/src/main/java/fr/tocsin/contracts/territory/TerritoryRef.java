package fr.tocsin.contracts.territory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A territory by level and INSEE code, written {@code FR}, {@code region:32}, {@code department:59} or
 * {@code commune:14118}. The prefix is needed because region and department codes overlap ("32" is both
 * Hauts-de-France and Gers). This checks syntax only; {@link TerritoryDirectory#exists} checks existence.
 */
public record TerritoryRef(TerritoryLevel level, String code) {

    private static final Pattern REGION = Pattern.compile("\\d{2}");
    /** Metropolitan (01–95, 2A, 2B), overseas departments (971–976) and collectivities (975, 977, 978, 984–989). */
    private static final Pattern DEPARTMENT = Pattern.compile("\\d{2}|2[AB]|9[78]\\d");
    private static final Pattern COMMUNE = Pattern.compile("\\d{5}|2[AB]\\d{3}");
    private static final TerritoryRef NATIONAL = new TerritoryRef(TerritoryLevel.NATIONAL, "FR");

    public TerritoryRef {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(code, "code");
    }

    public static TerritoryRef national() {
        return NATIONAL;
    }

    public static TerritoryRef region(String code) {
        return parse("region:" + code);
    }

    public static TerritoryRef department(String code) {
        return parse("department:" + code);
    }

    public static TerritoryRef commune(String code) {
        return parse("commune:" + code);
    }

    /**
     * Parses the canonical form, and the shortcuts a person types: a bare department code ({@code 59},
     * {@code 2A}, {@code 974}) or a bare commune INSEE code ({@code 14118}).
     *
     * @throws IllegalArgumentException with a message fit for an API error
     */
    @JsonCreator
    public static TerritoryRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("territoire vide / empty territory");
        }
        String value = text.strip().toUpperCase(Locale.ROOT);
        if (value.equals("FR")) {
            return NATIONAL;
        }
        int colon = value.indexOf(':');
        if (colon < 0) {
            if (DEPARTMENT.matcher(value).matches()) {
                return new TerritoryRef(TerritoryLevel.DEPARTMENT, value);
            }
            if (COMMUNE.matcher(value).matches()) {
                return new TerritoryRef(TerritoryLevel.COMMUNE, value);
            }
            throw invalid(text);
        }
        String code = value.substring(colon + 1);
        return switch (value.substring(0, colon)) {
            case "REGION" -> checked(TerritoryLevel.REGION, REGION, code, text);
            case "DEPARTMENT" -> checked(TerritoryLevel.DEPARTMENT, DEPARTMENT, code, text);
            case "COMMUNE" -> checked(TerritoryLevel.COMMUNE, COMMUNE, code, text);
            default -> throw invalid(text);
        };
    }

    private static TerritoryRef checked(TerritoryLevel level, Pattern pattern, String code, String text) {
        if (!pattern.matcher(code).matches()) {
            throw invalid(text);
        }
        return new TerritoryRef(level, code);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("territoire invalide / invalid territory \"" + text
                + "\": expected FR, region:<code>, department:<code> or commune:<INSEE code>");
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
