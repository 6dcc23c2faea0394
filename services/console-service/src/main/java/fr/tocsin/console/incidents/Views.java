package fr.tocsin.console.incidents;

import fr.tocsin.console.incidents.client.IncidentJson;
import io.quarkus.qute.TemplateData;

import java.util.List;

/** What the pages show, made by {@link IncidentDesk}. */
public final class Views {

    private Views() {
    }

    /**
     * The home page: incidents in force within the person's territories (the API scopes its lists to them), what waits
     * for their approval (never what they wrote or edited themselves), their own drafts, and what changed recently.
     */
    @TemplateData
    public record Home(List<IncidentJson> inForce, List<Waiting> waiting, List<IncidentJson> myDrafts,
                       List<IncidentJson> recent) {
    }

    /** A draft or a pending change someone else wrote, waiting for a second person. */
    @TemplateData
    public record Waiting(IncidentJson incident, String what) {
    }

    /**
     * One incident as the person may act on it. The console offers what the rules of docs/INCIDENT-API.md allow this
     * person (a convenience: the API decides, and its refusal is shown when it says no).
     *
     * @param differences the pending change (or the draft) against what the public sees now
     */
    @TemplateData
    public record IncidentPage(IncidentJson incident, List<Difference> differences, boolean writtenByMe,
                               boolean mayApprove, boolean mayChange, String publicPage) {

        public boolean draft() {
            return incident.status() == fr.tocsin.contracts.incident.IncidentStatus.DRAFT;
        }

        public boolean waiting() {
            return draft() || incident.pendingChange() != null;
        }
    }

    /** One field of an incident: what the public sees now, and what approval would make of it. */
    @TemplateData
    public record Difference(String field, String publicValue, String proposedValue) {
    }

    /** The ready-made declarations offered on the declaration page. */
    @TemplateData
    public record TemplateChoice(String id, String title) {
    }
}
