package fr.tocsin.console.incidents.rest;

import fr.tocsin.console.incidents.ChangeCommand;
import fr.tocsin.console.incidents.DeclareCommand;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.Severity;
import io.quarkus.qute.TemplateData;
import org.jboss.resteasy.reactive.RestForm;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/**
 * The fields of every incident form (names in French, as the pages'): the declaration (and its preview), and the
 * changes of an incident (update, approve, reject, resolve, cancel). One form, one reading of the texts: French
 * first (blank is no text), English optional. Nothing is validated here: the API names the bad field.
 */
@TemplateData
public class IncidentForm {

    @RestForm("modele")
    public String template;
    @RestForm("titre_fr")
    public String titleFr;
    @RestForm("titre_en")
    public String titleEn;
    @RestForm("description_fr")
    public String descriptionFr;
    @RestForm("description_en")
    public String descriptionEn;
    @RestForm("consignes_fr")
    public String instructionsFr;
    @RestForm("consignes_en")
    public String instructionsEn;
    @RestForm("services")
    public String services;
    @RestForm("territoire")
    public String territory;
    @RestForm("gravite")
    public String severity;
    @RestForm("exercice")
    public String exercise;
    /** The Idempotency-Key of this form: a second click sends the same, and does nothing more. */
    @RestForm("cle")
    public String key;
    /** apercu (preview), envoyer (send), modifier (back to the form), chercher (search a territory). */
    @RestForm("action")
    public String action;
    /** The territory search's query (action chercher), and the territory then chosen among what it found. */
    @RestForm("recherche_territoire")
    public String territorySearch;
    @RestForm("choix_territoire")
    public String territoryChoice;
    /** A change: the version the person saw (If-Match) and when it was last changed. */
    @RestForm("version")
    public long version;
    @RestForm("vu")
    public String seenAt;
    @RestForm("message_fr")
    public String messageFr;
    @RestForm("message_en")
    public String messageEn;
    @RestForm("etat")
    public String status;

    public DeclareCommand declaration() {
        return new DeclareCommand(blankToNull(template), text(titleFr, titleEn), text(descriptionFr, descriptionEn),
                text(instructionsFr, instructionsEn), services == null ? List.of()
                : Arrays.stream(services.split("[,;\\s]+")).filter(s -> !s.isBlank()).toList(),
                territory == null ? "" : territory.strip(), parse(Severity.class, severity), isExercise());
    }

    public ChangeCommand change() {
        Instant seen;
        try {
            seen = seenAt == null || seenAt.isBlank() ? null : Instant.parse(seenAt);
        } catch (DateTimeParseException e) {
            seen = null;
        }
        return new ChangeCommand(version, seen, text(messageFr, messageEn), text(titleFr, titleEn),
                text(descriptionFr, descriptionEn), text(instructionsFr, instructionsEn),
                parse(IncidentStatus.class, status));
    }

    /** The form as a declaration fills it (from a template, or sent back to be edited). */
    public static IncidentForm of(DeclareCommand d, String key) {
        IncidentForm form = new IncidentForm();
        form.template = d.template();
        form.titleFr = fr(d.title());
        form.titleEn = en(d.title());
        form.descriptionFr = fr(d.description());
        form.descriptionEn = en(d.description());
        form.instructionsFr = fr(d.instructions());
        form.instructionsEn = en(d.instructions());
        form.services = String.join(", ", d.services());
        form.territory = d.territory();
        form.severity = d.severity() == null ? "" : d.severity().name();
        form.exercise = d.exercise() ? "on" : null;
        form.key = key;
        return form;
    }

    public boolean isExercise() {
        return "on".equals(exercise) || "true".equals(exercise);
    }

    static LocalizedText text(String fr, String en) {
        return fr == null || fr.isBlank() ? null : new LocalizedText(fr.strip(), en == null || en.isBlank() ? null : en.strip());
    }

    /** An unknown value is left out: the API then names the field. */
    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        try {
            return value == null || value.isBlank() ? null : Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String fr(LocalizedText text) {
        return text == null ? "" : text.fr();
    }

    private static String en(LocalizedText text) {
        return text == null || text.en() == null ? "" : text.en();
    }
}
