package fr.tocsin.fallback.activation;

import fr.tocsin.contracts.incident.IncidentSnapshot;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.fallback.activation.persistence.IncidentStateRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/** Keeps the latest version of every incident; the activation of fallback numbers builds on it. */
@ApplicationScoped
public class IncidentTracker {

    private static final Logger LOG = Logger.getLogger(IncidentTracker.class);

    @Inject
    IncidentStateRepository states;

    @Inject
    Activation activation;

    /**
     * Records the snapshot if newer, then recomputes the live numbers of every territory the incident reaches
     * now or reached before (a narrowed scope withdraws numbers too).
     *
     * @return whether the snapshot was newer than what was known (a redelivery or an older one changes nothing)
     */
    @Transactional
    public boolean apply(IncidentSnapshot incident) {
        List<String> before = states.find(incident.id()).map(IncidentStateRepository.IncidentState::territories)
                .orElse(List.of());
        boolean applied = states.upsertIfNewer(incident.id(), incident.version(), incident.status().name(),
                incident.mode().name(), incident.services(),
                incident.territories().stream().map(TerritoryRef::toString).toList());
        LOG.debugf("Incident %s v%d %s", incident.id(), incident.version(), applied ? "applied" : "already known");
        if (applied) {
            Set<String> scope = new HashSet<>(before);
            incident.territories().forEach(t -> scope.add(t.toString()));
            activation.recompute(activation.territoriesReachedBy(scope));
        }
        return applied;
    }
}
