package fr.tocsin.console.incidents.rest;

import fr.tocsin.contracts.incident.LocalizedText;

/** A public text as the forms post it: French first (blank is no text), English optional (blank is none). */
final class FormTexts {

    private FormTexts() {
    }

    static LocalizedText text(String fr, String en) {
        return fr == null || fr.isBlank() ? null : new LocalizedText(fr.strip(), en == null || en.isBlank() ? null : en.strip());
    }
}
