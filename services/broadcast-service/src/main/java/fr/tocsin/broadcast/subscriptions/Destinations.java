package fr.tocsin.broadcast.subscriptions;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a subscriber may give as a destination: a French mobile (metropolitan or overseas) that can receive an SMS, or
 * a plain e-mail address. Everything else is refused with a message fit for the problem's field, in French then
 * English.
 */
public final class Destinations {

    /** Metropolitan France and the overseas regions with their own country code or numbering plan. */
    private static final List<String> FRENCH_REGIONS = List.of("FR", "RE", "YT", "GP", "BL", "MF", "GF", "MQ", "PM",
            "WF", "NC", "PF");
    private static final Set<PhoneNumberType> MOBILE = Set.of(PhoneNumberType.MOBILE,
            PhoneNumberType.FIXED_LINE_OR_MOBILE);
    /** ARCEP's range reserved for fiction (06 39 98 00 00 – 06 39 98 99 99): never a real subscriber. */
    private static final Pattern FICTION = Pattern.compile("\\+3363998\\d{4}");
    /**
     * A deliberately plain address: a dot-atom local part and a domain of letters, digits and hyphens. No quoted local
     * part, comment, display name, CR, LF or comma: nothing that could add a header or a recipient.
     */
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private Destinations() {
    }

    /**
     * @return the mobile in E.164 ({@code +33639980101})
     * @throws IllegalArgumentException why it is refused
     */
    public static String mobile(String raw, boolean acceptFiction) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("numéro de mobile obligatoire / mobile number required");
        }
        String input = raw.strip();
        if (input.length() > 30 || !input.matches("\\+?[0-9 .\\-()]+")) {
            throw new IllegalArgumentException("ce n’est pas un numéro de téléphone / not a phone number");
        }
        PhoneNumber number = parse(input);
        if (number == null) {
            throw new IllegalArgumentException("ce n’est pas un numéro de téléphone / not a phone number");
        }
        String e164 = UTIL.format(number, PhoneNumberFormat.E164);
        if (acceptFiction && FICTION.matcher(e164).matches()) {
            return e164;
        }
        if (!UTIL.isValidNumber(number)) {
            throw new IllegalArgumentException("numéro court, incomplet ou non attribué : un numéro de mobile a 10 chiffres"
                    + " / short, incomplete or unassigned number: a mobile number has 10 digits");
        }
        String region = UTIL.getRegionCodeForNumber(number);
        if (region == null || !FRENCH_REGIONS.contains(region)) {
            throw new IllegalArgumentException("seuls les mobiles français (métropole et outre-mer) sont acceptés"
                    + " / only French mobiles (metropolitan and overseas) are accepted");
        }
        PhoneNumberType type = UTIL.getNumberType(number);
        if (type == PhoneNumberType.PREMIUM_RATE || type == PhoneNumberType.SHARED_COST) {
            throw new IllegalArgumentException("numéro surtaxé refusé / premium-rate number refused");
        }
        if (!MOBILE.contains(type)) {
            throw new IllegalArgumentException("ce numéro ne reçoit pas de SMS : donnez un numéro de mobile"
                    + " / this number cannot receive SMS: give a mobile number");
        }
        return e164;
    }

    /** Overseas mobiles also dial with a leading 0 (0690… in Guadeloupe): the region whose plan knows it wins. */
    private static PhoneNumber parse(String input) {
        try {
            PhoneNumber metropolitan = UTIL.parse(input, "FR");
            if (input.startsWith("+") || input.startsWith("00") || UTIL.isValidNumber(metropolitan)) {
                return metropolitan;
            }
            for (String region : FRENCH_REGIONS) {
                PhoneNumber number = UTIL.parse(input, region);
                if (UTIL.isValidNumber(number) && region.equals(UTIL.getRegionCodeForNumber(number))) {
                    return number;
                }
            }
            return metropolitan;
        } catch (NumberParseException e) {
            return null;
        }
    }

    /**
     * @return the address with its domain lower-cased
     * @throws IllegalArgumentException why it is refused
     */
    public static String email(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("adresse e-mail obligatoire / e-mail address required");
        }
        String input = raw.strip();
        if (input.length() > 254 || !EMAIL.matcher(input).matches() || input.indexOf('@') > 64) {
            throw new IllegalArgumentException("adresse e-mail invalide (une seule adresse, sans nom ni retour à la ligne)"
                    + " / invalid e-mail address (one address, no display name, no line break)");
        }
        int at = input.lastIndexOf('@');
        return input.substring(0, at) + "@" + input.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
