package fr.tocsin.console.incidents.rest;

import fr.tocsin.console.incidents.DeclareCommand;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.Severity;
import io.quarkus.qute.TemplateData;
import org.jboss.resteasy.reactive.RestForm;

import java.util.Arrays;
import java.util.List;

import static fr.tocsin.console.incidents.rest.FormTexts.text;

/** The declaration form's fields (names in French, as the page's). */
@TemplateData
public class DeclarationForm {

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
    /** The Idempotency-Key of this declaration: a second click sends the same, and declares nothing more. */
    @RestForm("cle")
    public String key;
    /** apercu (preview), envoyer (send), modifier (back to the form). */
    @RestForm("action")
    public String action;

    public DeclareCommand command() {
        Severity level;
        try {
            level = severity == null || severity.isBlank() ? null : Severity.valueOf(severity);
        } catch (IllegalArgumentException e) {
            level = null; // the API names the field
        }
        return new DeclareCommand(blankToNull(template), text(titleFr, titleEn), text(descriptionFr, descriptionEn),
                text(instructionsFr, instructionsEn), services == null ? List.of()
                : Arrays.stream(services.split("[,;\\s]+")).filter(s -> !s.isBlank()).toList(),
                territory == null ? "" : territory.strip(), level, "on".equals(exercise) || "true".equals(exercise));
    }

    /** The form as a declaration fills it (from a template, or sent back to be edited). */
    public static DeclarationForm of(DeclareCommand d, String key) {
        DeclarationForm form = new DeclarationForm();
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
