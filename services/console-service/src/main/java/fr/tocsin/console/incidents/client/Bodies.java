package fr.tocsin.console.incidents.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.Severity;

import java.util.List;

/** The request bodies of incident-service's API, as it documents them (docs/INCIDENT-API.md). */
public final class Bodies {

    private Bodies() {
    }

    /** A public text: French first, English optional (blank is absent). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Text(String fr, String en) {

        /** Null when the French text is blank: the API then keeps (or, on a declaration, refuses) the field. */
        public static Text of(String fr, String en) {
            return fr == null || fr.isBlank() ? null : new Text(fr.strip(), en == null || en.isBlank() ? null : en.strip());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Declare(String template, Text title, Text description, Text instructions, List<String> services,
                          List<String> territories, Severity severity, IncidentMode mode) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Update(Text message, IncidentStatus status, Text title, Text description, Text instructions) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Close(Text message) {
    }
}
