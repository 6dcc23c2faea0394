package fr.tocsin.console.numbers.rest;

import fr.tocsin.console.numbers.NumberCommand;
import fr.tocsin.console.numbers.client.FallbackApi;
import io.quarkus.qute.TemplateData;
import org.jboss.resteasy.reactive.RestForm;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** The form of a standby number (add, edit), names in French as the page's. Checked by the API, not here. */
@TemplateData
public class NumberForm {

    @RestForm("territoire")
    public String territory;
    @RestForm("service")
    public String service;
    @RestForm("priorite")
    public String priority;
    @RestForm("numero")
    public String number;
    @RestForm("libelle")
    public String label;
    @RestForm("notes")
    public String notes;
    @RestForm("autorite")
    public String authority;
    @RestForm("verifie_le")
    public String verifiedOn;

    public NumberCommand command() {
        Integer rank;
        try {
            rank = priority == null || priority.isBlank() ? null : Integer.valueOf(priority.strip());
        } catch (NumberFormatException e) {
            rank = 0; // out of the API's range: it names the field
        }
        LocalDate verified;
        try {
            verified = verifiedOn == null || verifiedOn.isBlank() ? null : LocalDate.parse(verifiedOn.strip());
        } catch (DateTimeParseException e) {
            verified = null;
        }
        return new NumberCommand(strip(territory), strip(service), rank, strip(number), strip(label), strip(notes),
                strip(authority), verified);
    }

    /** The form filled with a registered number, to edit it. */
    public static NumberForm of(FallbackApi.Number n) {
        NumberForm form = new NumberForm();
        form.territory = n.territory();
        form.service = n.service();
        form.priority = String.valueOf(n.priority());
        form.number = n.national();
        form.label = n.label();
        form.notes = n.notes();
        form.authority = n.authority();
        form.verifiedOn = n.verifiedOn() == null ? null : n.verifiedOn().toString();
        return form;
    }

    /** An empty form for a territory. */
    public static NumberForm in(String territory) {
        NumberForm form = new NumberForm();
        form.territory = territory;
        form.priority = "1";
        return form;
    }

    private static String strip(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
