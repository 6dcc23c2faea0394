package fr.tocsin.fallback.directory;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Metropolitan numbers come from the ranges ARCEP reserves for fiction (01 99 00, 02 61 91, 03 53 01, 04 65 71,
 * 05 36 49), so no real person is ever called. The mobile fiction range 06 39 98 is not used: libphonenumber
 * knows 0639 as unassigned and rightly refuses it. ARCEP reserves none overseas: those cases use the
 * example numbers libphonenumber's metadata documents for each region.
 */
class PhoneNumbersTest {

    @ParameterizedTest
    @CsvSource({
            "01 99 00 12 34,     +33199001234, 01 99 00 12 34",
            "0261910000,         +33261910000, 02 61 91 00 00",
            "03.53.01.00.42,     +33353010042, 03 53 01 00 42",
            "+33 4 65 71 00 00,  +33465710000, 04 65 71 00 00",
            "0033 5 36 49 00 01, +33536490001, 05 36 49 00 01",
            "01-99-00-56-78,     +33199005678, 01 99 00 56 78",
    })
    void metropolitanNumbersAreStoredInE164AndShownNationally(String input, String e164, String national) {
        PhoneNumbers.Valid valid = PhoneNumbers.validate(input);
        assertThat(valid.e164()).isEqualTo(e164);
        assertThat(valid.national()).isEqualTo(national);
        assertThat(valid.region()).isEqualTo("FR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RE", "YT", "GP", "GF", "MQ", "PM", "WF", "NC", "PF"})
    void overseasNumbersAreAcceptedInternationallyAndNationally(String region) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        var example = util.getExampleNumberForType(region, PhoneNumberUtil.PhoneNumberType.FIXED_LINE);
        String international = util.format(example, PhoneNumberFormat.INTERNATIONAL);
        PhoneNumbers.Valid valid = PhoneNumbers.validate(international);
        assertThat(valid.region()).isEqualTo(region);
        assertThat(valid.e164()).isEqualTo(util.format(example, PhoneNumberFormat.E164));
        // Dialled the French way, e.g. "0262 …" for La Réunion. Where the national form has no leading 0
        // (New Caledonia, Polynesia, Wallis-and-Futuna, Saint-Pierre), only the international form is unambiguous.
        if (valid.national().startsWith("0") && !region.equals("PM")) {
            assertThat(PhoneNumbers.validate(valid.national()).e164()).isEqualTo(valid.e164());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "15           | numéro court d’urgence",
            "112          | numéro court d’urgence",
            "17           | numéro court d’urgence",
            "116 117      | numéro court d’urgence",
            "3919         | numéro court d’urgence",
            "08 99 23 45 67 | surtaxé",
            "0 892 68 01 22 | surtaxé",
            "+44 20 7946 0000 | pas un numéro français",
            "+1 202 555 0100 | pas un numéro français",
            "01 23         | pas un numéro attribuable",
            "06 39 98 12 34 | pas un numéro attribuable",
            "01 99 00 12 34 56 | pas un numéro attribuable",
            "bonjour       | n’est pas un numéro",
            "0353010059x   | n’est pas un numéro",
            "03 53 01 00 59 poste 2 | n’est pas un numéro",
            "'   '         | obligatoire",
    })
    void refusedNumbersSayWhy(String input, String reason) {
        assertThatThrownBy(() -> PhoneNumbers.validate(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }
}
