package fr.tocsin.console.incidents;

import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.Severity;

import java.util.List;

/**
 * A declaration as the person wrote it in the console, checked by the API when sent (never here: the API is the
 * one authority on what is valid).
 *
 * @param template  the ready-made declaration it started from, or null for a blank one
 * @param territory a territory reference as typed: {@code 59}, {@code department:59}, {@code commune:14118}
 */
public record DeclareCommand(String template, LocalizedText title, LocalizedText description,
                             LocalizedText instructions, List<String> services, String territory, Severity severity,
                             boolean exercise) {

    public DeclareCommand {
        services = services == null ? List.of() : List.copyOf(services);
    }
}
