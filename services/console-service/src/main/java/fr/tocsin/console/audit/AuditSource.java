package fr.tocsin.console.audit;

import io.quarkus.qute.TemplateData;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Whose audit trail the journal shows: each service that keeps one (service-kit's {@code AuditTrail}), by the word in
 * the page's address ({@code ?source=…}), with what its records are about.
 *
 * @param targetHeading the table's heading for a record's target
 * @param targetPage    the console page of a target, by its id appended; null when the console has none
 */
@TemplateData
public enum AuditSource {

    INCIDENTS("incidents", "Incidents", "incident-service", "les déclarations, approbations, rejets, modifications et "
            + "clôtures d’incidents", "Incident", "/incidents/"),
    NUMBERS("numeros", "Numéros de secours", "fallback-service", "les numéros de secours ajoutés, modifiés et retirés",
            "Numéro", "/numeros/"),
    DELIVERIES("envois", "Envois", "broadcast-service", "les comptes de diffusion créés et désactivés, les envois "
            + "relancés et les testeurs d’abonnements", "Objet", null);

    public static final AuditSource DEFAULT = INCIDENTS;

    public final String param;
    public final String label;
    public final String service;
    public final String what;
    public final String targetHeading;
    public final String targetPage;

    AuditSource(String param, String label, String service, String what, String targetHeading, String targetPage) {
        this.param = param;
        this.label = label;
        this.service = service;
        this.what = what;
        this.targetHeading = targetHeading;
        this.targetPage = targetPage;
    }

    /** The source a page's {@code source} names; absent (or blank) is {@link #DEFAULT}; empty when it names none. */
    public static Optional<AuditSource> of(String param) {
        if (param == null || param.isBlank()) {
            return Optional.of(DEFAULT);
        }
        return Arrays.stream(values()).filter(s -> s.param.equals(param.strip())).findFirst();
    }

    /** The label of the filter on one target. */
    public String filterLabel() {
        return "Un seul " + targetHeading.toLowerCase(Locale.ROOT);
    }
}
