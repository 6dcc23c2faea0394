package fr.tocsin.fallback.directory;

import java.time.LocalDate;

/**
 * A fallback number's details as an authority gives them, from the API or a CSV row; {@link Directory} checks them
 * (territory, service, number) and fills the defaults (priority 1, the actor's authority).
 */
public record NumberDetails(String territory, String service, Integer priority, String number, String label,
                            String notes, String authority, LocalDate verifiedOn) {
}
