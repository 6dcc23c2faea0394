package fr.tocsin.fallback.directory;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.ShortNumberInfo;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Fallback numbers are what a citizen dials in a crisis, so only numbers that work from any French phone
 * at a normal price are accepted: metropolitan and overseas French numbers, never the emergency short codes
 * themselves, never premium-rate ones.
 */
public final class PhoneNumbers {

    /** A number as stored (E.164, for tel: links), as shown (national format) and as dialled from abroad. */
    public record Valid(String e164, String national, String international, String region, PhoneNumberType type) {

        /**
         * The form a CSV export writes, read back to this very number by an import: the national form when it
         * begins with the trunk 0 (metropolitan France, La Réunion…); otherwise (New Caledonia, Polynesia,
         * Wallis-and-Futuna, Saint-Pierre) the international one, as a short national number could belong to
         * several of those plans.
         */
        public String forFile() {
            return national.startsWith("0") ? national : international;
        }
    }

    /** Metropolitan France and the overseas regions that share its plan or have their own code. */
    static final List<String> FRENCH_REGIONS = List.of("FR", "RE", "YT", "GP", "BL", "MF", "GF", "MQ", "PM", "WF",
            "NC", "PF");
    private static final List<String> OVERSEAS_FIRST = java.util.stream.Stream.concat(
            FRENCH_REGIONS.stream().filter(r -> !r.equals("FR")), java.util.stream.Stream.of("FR")).toList();
    private static final Set<PhoneNumberType> ACCEPTED_TYPES = Set.of(PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE,
            PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.TOLL_FREE, PhoneNumberType.VOIP,
            PhoneNumberType.UAN);

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final ShortNumberInfo SHORT = ShortNumberInfo.getInstance();

    private PhoneNumbers() {
    }

    /** @throws IllegalArgumentException whose message says, in French and English, why the number is refused */
    public static Valid validate(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("numéro obligatoire / number required");
        }
        String input = raw.strip();
        String digits = input.replaceAll("[\\s.\\-()]", "");
        if (digits.length() <= 6 && SHORT.isEmergencyNumber(digits, "FR") || ServiceShortCodes.isServiceCode(digits)) {
            throw new IllegalArgumentException("« " + input + " » est un numéro court d’urgence ou de service : un numéro "
                    + "de secours doit être un numéro ordinaire à 10 chiffres / this is an emergency or service short code: "
                    + "a fallback must be an ordinary number");
        }
        // libphonenumber drops trailing letters ("0353010059x" parses): only digits, separators and a leading +.
        if (!input.matches("\\+?[0-9\\s./\\-()]+")) {
            throw new IllegalArgumentException("« " + input + " » n’est pas un numéro de téléphone / is not a phone number");
        }
        PhoneNumber number = parse(input).orElseThrow(() -> new IllegalArgumentException("« " + input
                + " » n’est pas un numéro de téléphone / is not a phone number"));
        if (!UTIL.isValidNumber(number)) {
            throw new IllegalArgumentException("« " + input + " » n’est pas un numéro attribuable (longueur ou préfixe) / "
                    + "is not a valid number (length or prefix)");
        }
        String region = UTIL.getRegionCodeForNumber(number);
        if (region == null || !FRENCH_REGIONS.contains(region)) {
            throw new IllegalArgumentException("« " + input + " » n’est pas un numéro français (" + region
                    + ") : il doit pouvoir être appelé de France au prix normal / not a French number: it must be "
                    + "callable from France at a normal price");
        }
        PhoneNumberType type = UTIL.getNumberType(number);
        if (type == PhoneNumberType.PREMIUM_RATE || type == PhoneNumberType.SHARED_COST) {
            throw new IllegalArgumentException("« " + input + " » est un numéro surtaxé : un appel de secours doit rester "
                    + "gratuit ou au prix normal / premium-rate number: calls for help must be free or normally priced");
        }
        if (!ACCEPTED_TYPES.contains(type) || !UTIL.canBeInternationallyDialled(number) && !"FR".equals(region)) {
            throw new IllegalArgumentException("« " + input + " » ne peut pas être appelé de France / cannot be called "
                    + "from France (" + type + ")");
        }
        return new Valid(UTIL.format(number, PhoneNumberFormat.E164), UTIL.format(number, PhoneNumberFormat.NATIONAL),
                UTIL.format(number, PhoneNumberFormat.INTERNATIONAL), region, type);
    }

    /**
     * Overseas numbers also dial with a leading 0 (0262 … for La Réunion), and some of them also pass as
     * metropolitan: try the overseas regions first so they get their own country code, metropolitan France last.
     * A number valid nowhere comes back as parsed for France, for validate() to say why.
     */
    private static Optional<PhoneNumber> parse(String input) {
        try {
            PhoneNumber metropolitan = UTIL.parse(input, "FR");
            if (input.startsWith("+") || input.startsWith("00")) {
                // An international number names its own country.
                return Optional.of(metropolitan);
            }
            for (String region : OVERSEAS_FIRST) {
                PhoneNumber number = UTIL.parse(input, region);
                if (UTIL.isValidNumber(number) && region.equals(UTIL.getRegionCodeForNumber(number))) {
                    return Optional.of(number);
                }
            }
            return Optional.of(metropolitan);
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** The public service short codes Tocsin replaces, which are never fallbacks of one another. */
    static final class ServiceShortCodes {
        private static final Set<String> CODES = Set.of("15", "17", "18", "112", "114", "115", "116000", "116006",
                "116111", "116117", "116123", "119", "191", "196", "197", "3114", "3919");

        static boolean isServiceCode(String digits) {
            return CODES.contains(digits);
        }
    }
}
