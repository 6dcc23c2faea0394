package fr.tocsin.console.incidents.rest;

import fr.tocsin.console.incidents.ChangeCommand;
import fr.tocsin.contracts.incident.IncidentStatus;
import org.jboss.resteasy.reactive.RestForm;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import static fr.tocsin.console.incidents.rest.FormTexts.text;

/** The fields of an incident's forms (update, approve, reject, resolve, cancel). */
public class ChangeForm {

    @RestForm("version")
    public long version;
    @RestForm("vu")
    public String seenAt;
    @RestForm("cle")
    public String key;
    @RestForm("message_fr")
    public String messageFr;
    @RestForm("message_en")
    public String messageEn;
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
    @RestForm("etat")
    public String status;

    public ChangeCommand command() {
        Instant seen;
        try {
            seen = seenAt == null || seenAt.isBlank() ? null : Instant.parse(seenAt);
        } catch (DateTimeParseException e) {
            seen = null;
        }
        IncidentStatus next;
        try {
            next = status == null || status.isBlank() ? null : IncidentStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            next = null;
        }
        return new ChangeCommand(version, seen, text(messageFr, messageEn), text(titleFr, titleEn),
                text(descriptionFr, descriptionEn), text(instructionsFr, instructionsEn), next);
    }

}
