package fr.tocsin.incident.lifecycle;

import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.Urgency;
import fr.tocsin.incident.lifecycle.persistence.IncidentEntity;
import fr.tocsin.contracts.problem.Problem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The rules of planned works (#22) every feature applies the same way: which windows are accepted, and which
 * status a plan has once released (a declaration needing no approval, or the approval of a draft).
 */
public final class PlannedWorks {

    /** A maintenance window longer than this is a typo, not a plan. */
    public static final Duration MAX_DURATION = Duration.ofDays(31);
    /** Announcing further ahead than this is a typo too (a year instead of a month). */
    public static final Duration MAX_LEAD = Duration.ofDays(366);
    /** A start this little in the past is "now" (clocks and networks differ); further back is refused. */
    public static final Duration GRACE = Duration.ofMinutes(1);

    private PlannedWorks() {
    }

    /**
     * Adds an error naming the field for every rule the window breaks: both given or neither, the start not in the
     * past nor more than {@link #MAX_LEAD} ahead, the end after the start and within {@link #MAX_DURATION}.
     */
    public static void validate(Instant start, Instant end, Instant now, String startField, String endField,
                                List<Problem.FieldError> errors) {
        if (start == null && end == null) {
            return;
        }
        if (start == null) {
            errors.add(new Problem.FieldError(startField, "obligatoire avec " + endField + " / required with "
                    + endField + " (planned works have a start and an end)"));
            return;
        }
        if (end == null) {
            errors.add(new Problem.FieldError(endField, "obligatoire avec " + startField + " / required with "
                    + startField + " (planned works have a start and an end)"));
            return;
        }
        if (start.isBefore(now.minus(GRACE))) {
            errors.add(new Problem.FieldError(startField, "déjà passé / in the past (" + start
                    + "): declare an outage that has begun without a planned start"));
        } else if (start.isAfter(now.plus(MAX_LEAD))) {
            errors.add(new Problem.FieldError(startField, "plus d’un an à l’avance / more than a year ahead (" + start + ")"));
        }
        if (!end.isAfter(start)) {
            errors.add(new Problem.FieldError(endField, "doit suivre " + startField + " / must be after " + startField
                    + " (" + end + " ≤ " + start + ")"));
        } else if (Duration.between(start, end).compareTo(MAX_DURATION) > 0) {
            errors.add(new Problem.FieldError(endField, "durée de plus de 31 jours / lasts more than 31 days ("
                    + start + " → " + end + ")"));
        }
    }

    /** The status of a released incident: SCHEDULED while its planned start is ahead, else in force. */
    public static IncidentStatus statusOnRelease(Instant plannedStart, Instant now) {
        return plannedStart != null && now.isBefore(plannedStart) ? IncidentStatus.SCHEDULED : IncidentStatus.ACTIVE;
    }

    /**
     * Puts planned works in force: ACTIVE, and CAP's urgency Future (what they were announced with) becomes
     * Immediate — the outage is now.
     */
    public static void putInForce(IncidentEntity incident) {
        incident.status = IncidentStatus.ACTIVE;
        if (incident.urgency == Urgency.FUTURE) {
            incident.urgency = Urgency.IMMEDIATE;
        }
    }
}
