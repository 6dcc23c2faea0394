package fr.tocsin.incident.cap;

import fr.tocsin.incident.lifecycle.IncidentView;
import fr.tocsin.incident.lifecycle.IllegalTransitionException;
import fr.tocsin.incident.lifecycle.IncidentNotFoundException;
import fr.tocsin.incident.declaration.Declarations;

import fr.tocsin.contracts.auth.Actor;

import fr.tocsin.contracts.cap.CapAlert;
import fr.tocsin.contracts.cap.CapArea;
import fr.tocsin.contracts.cap.CapInfo;
import fr.tocsin.contracts.cap.CapReference;
import fr.tocsin.contracts.cap.CapValuePair;
import fr.tocsin.contracts.cap.CapXml;
import fr.tocsin.contracts.incident.Certainty;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.Severity;
import fr.tocsin.contracts.incident.Urgency;
import fr.tocsin.contracts.incident.LocalizedText;
import fr.tocsin.incident.cap.persistence.CapMessageRepository;
import fr.tocsin.incident.declaration.DeclareCommand;
import fr.tocsin.incident.declaration.UpdateCommand;
import fr.tocsin.incident.lifecycle.PlannedWorks;
import fr.tocsin.contracts.problem.InvalidRequestException;
import fr.tocsin.contracts.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * CAP 1.2 in, the way IPAWS takes it from alerting software: an Alert declares an incident; an Update or a
 * Cancel whose {@code references} name an earlier message changes or cancels that message's incident.
 * Services travel as {@code eventCode} {@value #SERVICE_CODE}; territories as {@code geocode} INSEE (departments,
 * communes), INSEE_REGION, or ISO3166-1 FR for all of France — what the dissemination service writes. An Alert
 * whose {@code onset} (else {@code effective}) is ahead announces planned works, ending at its {@code expires}.
 */
@ApplicationScoped
public class CapIngestion {

    public static final String SERVICE_CODE = fr.tocsin.contracts.cap.CapComposer.SERVICE_CODE;

    /** The outcome: the incident, and whether this message was new (a re-sent one changes nothing). */
    public record Result(IncidentView incident, boolean created, boolean replay) {
    }

    @Inject
    Declarations incidents;

    @Inject
    CapMessageRepository messages;

    @Inject
    InstantSource clock;

    @Transactional
    public Result ingest(Actor actor, CapAlert alert) {
        // Identifiers are the sending authority's: another authority reusing them is neither a replay nor a reference.
        Optional<UUID> known = incidentOf(actor, alert.sender, alert.identifier);
        if (known.isPresent()) {
            return new Result(incidents.find(actor, known.get())
                    .orElseThrow(() -> new IncidentNotFoundException(known.get())), false, true);
        }
        for (int i = 0; i < alert.infos.size(); i++) {
            String senderName = alert.infos.get(i).senderName;
            if (senderName != null && !senderName.isBlank() && !senderName.strip().equals(actor.authority())) {
                throw InvalidRequestException.of("alert.info[" + i + "].senderName", "ne peut différer de l’autorité du "
                        + "jeton / must match the token's authority (" + actor.authority() + ")");
            }
        }
        refuseExpired(alert, clock.instant());
        Result result = switch (alert.msgType) {
            case "Alert" -> new Result(incidents.declare(actor, declaration(alert)), true, false);
            case "Update" -> new Result(update(actor, alert), false, false);
            case "Cancel" -> new Result(cancel(actor, alert), false, false);
            default -> throw InvalidRequestException.of("alert.msgType",
                    "msgType " + alert.msgType + " non pris en charge / not supported: Alert, Update or Cancel");
        };
        messages.record(actor.authority(), alert.sender, alert.identifier, String.valueOf(alert.sent), alert.msgType,
                result.incident().incident().id(), clock.instant());
        return result;
    }

    private DeclareCommand declaration(CapAlert alert) {
        CapInfo fr = info(alert, "fr");
        Optional<CapInfo> en = alert.infos.stream().filter(i -> language(i).startsWith("en")).findFirst();
        List<Problem.FieldError> errors = new ArrayList<>();
        List<String> services = fr.eventCodes.stream().filter(c -> SERVICE_CODE.equals(c.valueName)).map(c -> c.value)
                .toList();
        if (services.isEmpty()) {
            errors.add(new Problem.FieldError("alert.info.eventCode",
                    "au moins un eventCode " + SERVICE_CODE + " / at least one " + SERVICE_CODE + " eventCode (15, 112, mairie…)"));
        }
        List<String> territories = territories(fr);
        if (territories.isEmpty()) {
            errors.add(new Problem.FieldError("alert.info.area.geocode",
                    "au moins un geocode " + CapXml.INSEE_GEOCODE + " / at least one INSEE geocode (FR, 59, 14118, region:32)"));
        }
        // Planned works (#22): an onset (else effective) ahead of now is a planned start, and expires its end.
        Instant now = clock.instant();
        Optional<java.time.OffsetDateTime> start = Optional.ofNullable(fr.onset).or(() -> Optional.ofNullable(fr.effective));
        boolean planned = start.isPresent() && start.get().toInstant().isAfter(now.plus(PlannedWorks.GRACE));
        Instant plannedStart = planned ? start.get().toInstant() : null;
        Instant plannedEnd = planned && fr.expires != null ? fr.expires.toInstant() : null;
        if (planned) {
            PlannedWorks.validate(plannedStart, plannedEnd, now, fr.onset != null ? "alert.info.onset" : "alert.info.effective",
                    "alert.info.expires", errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new DeclareCommand(null,
                text(headline(fr), en.map(CapIngestion::headline).orElse(null)),
                text(Optional.ofNullable(fr.description).orElse(headline(fr)), en.map(i -> i.description).orElse(null)),
                fr.instruction == null ? null : text(fr.instruction, en.map(i -> i.instruction).orElse(null)),
                fr.categories.isEmpty() ? null : "cap-" + fr.categories.getFirst().toLowerCase(Locale.ROOT),
                services, territories,
                Severity.valueOf(fr.severity.toUpperCase(Locale.ROOT)),
                Urgency.valueOf(fr.urgency.toUpperCase(Locale.ROOT)),
                Certainty.valueOf(fr.certainty.toUpperCase(Locale.ROOT)),
                mode(alert), null, planned || fr.onset == null ? null : fr.onset.toInstant(),
                fr.expires == null ? null : fr.expires.toInstant(), plannedStart, plannedEnd);
    }

    private IncidentView update(Actor actor, CapAlert alert) {
        IncidentView current = referenced(actor, alert);
        CapInfo fr = info(alert, "fr");
        Optional<CapInfo> en = alert.infos.stream().filter(i -> language(i).startsWith("en")).findFirst();
        if (allClear(fr)) {
            return incidents.resolve(actor, current.incident().id(), current.version(),
                    new LocalizedText(headline(fr), en.map(CapIngestion::headline).orElse(null)));
        }
        List<String> services = fr.eventCodes.stream().filter(c -> SERVICE_CODE.equals(c.valueName)).map(c -> c.value)
                .toList();
        List<String> territories = territories(fr);
        UpdateCommand update = new UpdateCommand(
                text(headline(fr) + (fr.description == null ? "" : " — " + fr.description), en.map(CapIngestion::headline).orElse(null)),
                null, null, null,
                fr.instruction == null ? null : text(fr.instruction, en.map(i -> i.instruction).orElse(null)),
                services.isEmpty() ? null : services, territories.isEmpty() ? null : territories,
                Severity.valueOf(fr.severity.toUpperCase(Locale.ROOT)),
                Urgency.valueOf(fr.urgency.toUpperCase(Locale.ROOT)),
                Certainty.valueOf(fr.certainty.toUpperCase(Locale.ROOT)),
                fr.expires == null ? null : fr.expires.toInstant());
        return incidents.update(actor, current.incident().id(), current.version(), update);
    }

    /**
     * An alert whose information has already expired must not put or keep an incident in force: refused, naming
     * {@code expires}, rather than recorded as ended, which would publish it (feeds, posts, fallback numbers going
     * live for a moment) for nothing. A replaying system is unaffected: a message already taken is answered before
     * this check whatever its {@code expires}, and a Cancel or an all-clear Update, which only end an alert, are taken.
     */
    private static void refuseExpired(CapAlert alert, Instant now) {
        if ("Cancel".equals(alert.msgType) || alert.infos.isEmpty()
                || "Update".equals(alert.msgType) && allClear(info(alert, "fr"))) {
            return;
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < alert.infos.size(); i++) {
            java.time.OffsetDateTime expires = alert.infos.get(i).expires;
            if (expires != null && !expires.toInstant().isAfter(now)) {
                errors.add(new Problem.FieldError("alert.info[" + i + "].expires", "déjà passée (" + expires
                        + ") : une alerte expirée ne peut être mise en vigueur / already past (" + expires
                        + "): an expired alert cannot be put in force"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    /** CAP's all-clear: an Update saying the event is past, or AllClear. */
    private static boolean allClear(CapInfo info) {
        return "Past".equals(info.urgency) || info.responseTypes.contains("AllClear");
    }

    private IncidentView cancel(Actor actor, CapAlert alert) {
        IncidentView current = referenced(actor, alert);
        String note = alert.note != null && !alert.note.isBlank() ? alert.note : "Alerte annulée (CAP Cancel)";
        return incidents.cancel(actor, current.incident().id(), current.version(), new LocalizedText(note, null));
    }

    /** The incident of the most recent referenced message we know. */
    private IncidentView referenced(Actor actor, CapAlert alert) {
        List<CapReference> references = alert.referencedMessages();
        if (references.isEmpty()) {
            throw InvalidRequestException.of("alert.references", "un " + alert.msgType + " doit citer le message d'origine / "
                    + "an " + alert.msgType + " must reference the earlier message (sender,identifier,sent)");
        }
        for (int i = references.size() - 1; i >= 0; i--) {
            Optional<UUID> incident = incidentOf(actor, references.get(i).sender(), references.get(i).identifier());
            if (incident.isPresent()) {
                IncidentView view = incidents.find(incident.get()).orElseThrow();
                if (view.incident().status().terminal()) {
                    throw new IllegalTransitionException("Incident déjà clos / incident already closed ("
                            + view.incident().status() + ")");
                }
                return view;
            }
        }
        throw InvalidRequestException.of("alert.references", "aucun message connu / no known message among " + references);
    }

    private Optional<UUID> incidentOf(Actor actor, String sender, String identifier) {
        return messages.incidentOf(actor.authority(), sender, identifier);
    }

    private static CapInfo info(CapAlert alert, String language) {
        return alert.infos.stream().filter(i -> language(i).startsWith(language)).findFirst()
                .or(() -> alert.infos.stream().findFirst())
                .orElseThrow(() -> InvalidRequestException.of("alert.info", "au moins un bloc info / at least one info block"));
    }

    private static String language(CapInfo info) {
        return info.language == null ? "en-us" : info.language.toLowerCase(Locale.ROOT);
    }

    private static String headline(CapInfo info) {
        return info.headline != null && !info.headline.isBlank() ? info.headline : info.event;
    }

    /** INSEE geocodes: FR, a department or commune code, or a canonical reference (region:32). */
    private static List<String> territories(CapInfo info) {
        List<String> territories = new ArrayList<>();
        for (CapArea area : info.areas) {
            for (CapValuePair geocode : area.geocodes) {
                if (CapXml.INSEE_GEOCODE.equalsIgnoreCase(geocode.valueName)) {
                    territories.add(geocode.value);
                } else if ("INSEE_REGION".equalsIgnoreCase(geocode.valueName)) {
                    territories.add("region:" + geocode.value);
                } else if ("ISO3166-1".equalsIgnoreCase(geocode.valueName) && "FR".equalsIgnoreCase(geocode.value)) {
                    territories.add("FR");
                }
            }
        }
        return territories;
    }

    private static IncidentMode mode(CapAlert alert) {
        return switch (alert.status) {
            case "Actual" -> IncidentMode.ACTUAL;
            case "Exercise" -> IncidentMode.EXERCISE;
            case "Test" -> IncidentMode.TEST;
            default -> throw InvalidRequestException.of("alert.status",
                    "status " + alert.status + " non pris en charge / not supported: Actual, Exercise or Test");
        };
    }

    private static LocalizedText text(String fr, String en) {
        return new LocalizedText(fr, en);
    }

}
