package fr.tocsin.console.apis;

import fr.tocsin.console.incidents.client.IncidentJson;
import fr.tocsin.contracts.incident.TimelineEntry;

import java.util.List;

/**
 * A service's API said no: its status and problem (title, detail, each field), shown to the person as they are. For a
 * conflict of an incident (412), the incident as it stands now and what changed since the version the person saw.
 */
public class Refusal extends RuntimeException {

    private final int status;
    private final String title;
    private final List<String> fields;
    private final IncidentJson current;
    private final List<TimelineEntry> changedSince;

    public Refusal(int status, String title, String detail, List<String> fields, IncidentJson current,
                   List<TimelineEntry> changedSince) {
        super(detail == null ? title : detail);
        this.status = status;
        this.title = title;
        this.fields = List.copyOf(fields);
        this.current = current;
        this.changedSince = changedSince == null ? List.of() : List.copyOf(changedSince);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    /** "field: message" of each offending field. */
    public List<String> fields() {
        return fields;
    }

    public boolean conflict() {
        return status == 412;
    }

    /** On a conflict: the incident as the other person left it. */
    public IncidentJson current() {
        return current;
    }

    /** On a conflict: the timeline entries written since the version the person saw. */
    public List<TimelineEntry> changedSince() {
        return changedSince;
    }
}
