package fr.tocsin.console.numbers;

import java.time.LocalDate;

/**
 * A standby number as the person wrote it in the console, checked by fallback-service when sent (its number rules,
 * its territories), never here.
 *
 * @param priority null when left blank or unreadable: the API says what it expects
 */
public record NumberCommand(String territory, String service, Integer priority, String number, String label,
                            String notes, String authority, LocalDate verifiedOn) {
}
