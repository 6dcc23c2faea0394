package fr.tocsin.incident.lifecycle;

import fr.tocsin.kit.problem.KitProblemException;

import java.util.List;
import java.util.UUID;

public class IncidentNotFoundException extends KitProblemException {

    public IncidentNotFoundException(UUID id) {
        super(404, NOT_FOUND, "Introuvable / Not found", "Aucun incident / no incident " + id, List.of());
    }
}
