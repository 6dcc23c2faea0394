package fr.tocsin.incident.service;

import java.util.UUID;

public class IncidentNotFoundException extends RuntimeException {

    public IncidentNotFoundException(UUID id) {
        super("Aucun incident / no incident " + id);
    }
}
