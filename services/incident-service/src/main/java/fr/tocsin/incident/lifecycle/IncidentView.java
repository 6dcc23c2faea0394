package fr.tocsin.incident.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import fr.tocsin.contracts.incident.IncidentSnapshot;

/**
 * An incident as an authority sees it: its current version (a draft, or what the public sees), and the change
 * waiting for approval when the reader may see it (its author, its editors, and whoever may approve it).
 */
public record IncidentView(@JsonUnwrapped IncidentSnapshot incident,
                           @JsonInclude(JsonInclude.Include.NON_NULL) PendingChange pendingChange) {

    public long version() {
        return incident.version();
    }
}
