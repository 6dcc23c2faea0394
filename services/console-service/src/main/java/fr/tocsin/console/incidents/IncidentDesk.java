package fr.tocsin.console.incidents;

import fr.tocsin.console.apis.Refusal;
import fr.tocsin.console.incidents.client.Bodies;
import fr.tocsin.console.incidents.client.IncidentApi;
import fr.tocsin.console.incidents.client.IncidentJson;
import fr.tocsin.console.numbers.client.FallbackApi;
import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.fallback.LiveNumber;
import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.contracts.incident.Severity;
import fr.tocsin.contracts.incident.TimelineEntry;
import fr.tocsin.contracts.territory.TerritoryLevel;
import fr.tocsin.contracts.territory.TerritoryRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

import static fr.tocsin.console.apis.Apis.call;

/**
 * What the console does, always through the APIs and with the signed-in person's token (the clients propagate it):
 * it reads and sends, and shows the API's answer, refusals included. It holds no rule of its own about who may do
 * what; what it offers or hides only spares the person a refusal.
 */
@ApplicationScoped
public class IncidentDesk {

    @Inject
    @RestClient
    IncidentApi incidents;

    @Inject
    @RestClient
    FallbackApi fallback;

    @ConfigProperty(name = "tocsin.console.public-site")
    String publicSite;

    /** dissemination-service's CAP sender ({@code tocsin.public.cap-sender}), for the preview's CAP message. */
    @ConfigProperty(name = "tocsin.console.cap-sender", defaultValue = "alertes@tocsin.gouv.fr")
    String capSender;

    public Views.Home home(Actor me) {
        List<IncidentJson> inForce = call(() -> incidents.list(List.of("ACTIVE", "MONITORING"), 100));
        List<IncidentJson> drafts = call(() -> incidents.list(List.of("DRAFT"), 100));
        List<Views.Waiting> waiting = new ArrayList<>();
        List<IncidentJson> myDrafts = new ArrayList<>();
        for (IncidentJson draft : drafts) {
            if (writtenBy(me, draft)) {
                myDrafts.add(draft);
            } else if (me.role() != Actor.Role.OPERATOR) {
                waiting.add(new Views.Waiting(draft, "Brouillon à approuver"));
            }
        }
        for (IncidentJson incident : inForce) {
            if (incident.pendingChange() != null && !proposedBy(me, incident) && me.role() != Actor.Role.OPERATOR) {
                waiting.add(new Views.Waiting(incident, "Modification à approuver"));
            }
        }
        List<IncidentJson> recent = call(() -> incidents.list(List.of(), 10));
        return new Views.Home(inForce, waiting, myDrafts, recent);
    }

    public Views.IncidentPage incident(Actor me, UUID id) {
        return page(me, call(() -> incidents.get(id)));
    }

    public Views.IncidentPage page(Actor me, IncidentJson incident) {
        boolean mine = incident.status() == IncidentStatus.DRAFT ? writtenBy(me, incident) : proposedBy(me, incident);
        boolean waiting = incident.status() == IncidentStatus.DRAFT || incident.pendingChange() != null;
        boolean mayApprove = waiting && !mine && me.role() != Actor.Role.OPERATOR;
        boolean mayChange = !incident.status().terminal();
        return new Views.IncidentPage(incident, differences(incident), mine, mayApprove, mayChange,
                publicPage(incident.territories()));
    }

    public List<Views.TemplateChoice> templates() {
        return call(() -> incidents.templates()).stream()
                .map(t -> new Views.TemplateChoice(t.id(), t.title() == null ? t.id() : t.title().fr())).toList();
    }

    /** A declaration filled from a ready-made one, in the person's first territory; blank without one. */
    public DeclareCommand draftFrom(Actor me, String templateId) {
        String territory = me.territories().isEmpty() ? "" : me.territories().getFirst().toString();
        if (templateId == null || templateId.isBlank()) {
            return new DeclareCommand(null, null, null, null, List.of(), territory, Severity.SEVERE, false);
        }
        return call(() -> incidents.templates()).stream().filter(t -> t.id().equals(templateId)).findFirst()
                .map(t -> new DeclareCommand(t.id(), t.title(), t.description(), t.instructions(), t.services(),
                        territory, t.severity(), false))
                .orElseThrow(() -> new Refusal(404, "Modèle inconnu", "Aucun modèle « " + templateId + " »",
                        List.of("modele"), null, null));
    }

    /**
     * What the declaration will send, written by the code that sends it (contracts), for the incident as
     * incident-service will create it and the numbers fallback-service will make live: the territory's standby numbers
     * of the declared services, with those live there now, as far as this person may read them.
     */
    public Preview preview(Actor me, DeclareCommand declaration) {
        TerritoryRef territory;
        try {
            territory = TerritoryRef.parse(declaration.territory());
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "Territoire invalide", e.getMessage(), List.of("territory: " + e.getMessage()), null, null);
        }
        IncidentSnapshot incident = Preview.incident(declaration, territory, me.authority(),
                fr.tocsin.console.signin.SignedIn.author(me), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        List<LiveNumber> standby = standbyNumbers(territory).stream()
                .filter(n -> incident.services().contains(n.service()) && territory.equals(parse(n.territory())))
                .map(n -> new LiveNumber(n.service(), n.priority(), n.e164(), n.national(), n.label(), n.notes(), List.of()))
                .toList();
        boolean needsApproval = me.role() == Actor.Role.OPERATOR || incident.severity() == Severity.EXTREME
                || territory.equals(TerritoryRef.national());
        return Preview.of(declaration, incident, standby, liveNumbers(territory), needsApproval, publicSite, capSender);
    }

    /** The territory's registered numbers, as far as this person may read them (none when the directory says no). */
    private List<FallbackApi.Number> standbyNumbers(TerritoryRef territory) {
        try {
            return call(() -> fallback.numbers(territory.toString()));
        } catch (Refusal refusal) {
            return List.of();
        }
    }

    /** The numbers live in exactly this territory now (the set broadcast-service's messages read). */
    private List<LiveNumber> liveNumbers(TerritoryRef territory) {
        try {
            return call(() -> fallback.live(territory.toString(), null)).stream()
                    .filter(set -> territory.equals(parse(set.territory())))
                    .flatMap(set -> set.numbers() == null ? java.util.stream.Stream.empty() : set.numbers().stream())
                    .map(n -> new LiveNumber(n.service(), n.priority(), n.e164(), n.national(), n.label(), n.notes(),
                            n.incidents()))
                    .toList();
        } catch (Refusal refusal) {
            return List.of();
        }
    }

    private static TerritoryRef parse(String reference) {
        try {
            return reference == null ? null : TerritoryRef.parse(reference);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public IncidentJson declare(DeclareCommand d, String idempotencyKey) {
        Bodies.Declare body = new Bodies.Declare(d.template(), text(d.title()), text(d.description()),
                text(d.instructions()), d.services(), List.of(d.territory()), d.severity(),
                d.exercise() ? IncidentMode.EXERCISE : IncidentMode.ACTUAL);
        return call(() -> incidents.declare(body, idempotencyKey));
    }

    public IncidentJson update(UUID id, ChangeCommand change, String idempotencyKey) {
        Bodies.Update body = new Bodies.Update(text(change.message()), change.status(), text(change.title()),
                text(change.description()), text(change.instructions()));
        return guarded(id, change, () -> incidents.update(id, body, ifMatch(change.version()), idempotencyKey));
    }

    public IncidentJson approve(UUID id, ChangeCommand change, String idempotencyKey) {
        return guarded(id, change, () -> incidents.approve(id, ifMatch(change.version()), idempotencyKey));
    }

    public IncidentJson reject(UUID id, ChangeCommand change, String idempotencyKey) {
        return guarded(id, change, () -> incidents.reject(id, new Bodies.Close(text(change.message())),
                ifMatch(change.version()), idempotencyKey));
    }

    public IncidentJson resolve(UUID id, ChangeCommand change, String idempotencyKey) {
        return guarded(id, change, () -> incidents.resolve(id, new Bodies.Close(text(change.message())),
                ifMatch(change.version()), idempotencyKey));
    }

    public IncidentJson cancel(UUID id, ChangeCommand change, String idempotencyKey) {
        return guarded(id, change, () -> incidents.cancel(id, new Bodies.Close(text(change.message())),
                ifMatch(change.version()), idempotencyKey));
    }

    /** The department page citizens read, for an incident of one department (or a commune of it). */
    String publicPage(List<String> territories) {
        for (String reference : territories) {
            try {
                TerritoryRef ref = TerritoryRef.parse(reference);
                if (ref.level() == TerritoryLevel.DEPARTMENT) {
                    return publicSite + "/departements/" + ref.code();
                }
                if (ref.level() == TerritoryLevel.COMMUNE) {
                    return publicSite + "/communes/" + ref.code();
                }
            } catch (IllegalArgumentException e) {
                // not a territory the public has a page for
            }
        }
        return null;
    }

    /** A change sent against a version another person changed since: the conflict shows what they did. */
    private IncidentJson guarded(UUID id, ChangeCommand change, Supplier<IncidentJson> send) {
        try {
            return call(send);
        } catch (Refusal refusal) {
            if (!refusal.conflict()) {
                throw refusal;
            }
            IncidentJson current = call(() -> incidents.get(id));
            Instant seen = change.seenAt();
            // Public entries, and the notes of a change waiting for approval (not public yet, but theirs to see).
            List<TimelineEntry> since = java.util.stream.Stream.concat(current.timeline().stream(),
                            current.pendingChange() == null || current.pendingChange().notes() == null ? java.util.stream.Stream.<TimelineEntry>empty()
                                    : current.pendingChange().notes().stream())
                    .filter(entry -> seen == null || entry.at().isAfter(seen)).toList();
            throw new Refusal(412, refusal.title(), "Quelqu’un a modifié cet incident depuis que vous l’avez ouvert "
                    + "(version " + change.version() + " → " + current.version() + ").", refusal.fields(), current, since);
        }
    }

    private static String ifMatch(long version) {
        return "\"" + version + "\"";
    }

    private static Bodies.Text text(LocalizedText text) {
        return text == null ? null : Bodies.Text.of(text.fr(), text.en());
    }

    /** Whether the person wrote or edited this draft: incident-service signs their timeline entries so. */
    private static boolean writtenBy(Actor me, IncidentJson incident) {
        String author = fr.tocsin.console.signin.SignedIn.author(me);
        return incident.timeline().stream().anyMatch(entry -> author.equals(entry.author()));
    }

    private static boolean proposedBy(Actor me, IncidentJson incident) {
        IncidentJson.Pending pending = incident.pendingChange();
        return pending != null && (me.subject().equals(pending.proposedBy()) || me.subject().equals(pending.lastEditedBy()));
    }

    /** The draft (everything is new) or the pending change, field by field, against what the public sees. */
    private static List<Views.Difference> differences(IncidentJson incident) {
        List<Views.Difference> differences = new ArrayList<>();
        if (incident.status() == IncidentStatus.DRAFT) {
            differences.add(new Views.Difference("Titre", "(rien de public)", both(incident.title())));
            differences.add(new Views.Difference("Description", "(rien de public)", both(incident.description())));
            differences.add(new Views.Difference("Consignes", "(rien de public)", both(incident.instructions())));
            differences.add(new Views.Difference("Services", "(rien de public)", String.join(", ", incident.services())));
            differences.add(new Views.Difference("Territoires", "(rien de public)", String.join(", ", incident.territories())));
            differences.add(new Views.Difference("Gravité", "(rien de public)", String.valueOf(incident.severity())));
            return differences;
        }
        IncidentJson.Pending pending = incident.pendingChange();
        if (pending == null || pending.proposal() == null) {
            return differences;
        }
        IncidentJson.Proposal p = pending.proposal();
        add(differences, "Titre", both(incident.title()), both(p.title()));
        add(differences, "Description", both(incident.description()), both(p.description()));
        add(differences, "Consignes", both(incident.instructions()), both(p.instructions()));
        add(differences, "Services", String.join(", ", incident.services()), p.services() == null ? "" : String.join(", ", p.services()));
        add(differences, "Territoires", String.join(", ", incident.territories()), p.territories() == null ? "" : String.join(", ", p.territories()));
        add(differences, "Gravité", String.valueOf(incident.severity()), String.valueOf(p.severity()));
        add(differences, "État", String.valueOf(incident.status()), String.valueOf(p.status()));
        if (pending.notes() != null) {
            for (TimelineEntry note : pending.notes()) {
                differences.add(new Views.Difference("Message public", "", both(note.message())));
            }
        }
        return differences;
    }

    private static void add(List<Views.Difference> differences, String field, String now, String proposed) {
        if (!Objects.equals(now, proposed)) {
            differences.add(new Views.Difference(field, now, proposed));
        }
    }

    private static String both(LocalizedText text) {
        if (text == null) {
            return "";
        }
        return text.en() == null || text.en().isBlank() ? text.fr() : text.fr() + " / EN : " + text.en();
    }
}
