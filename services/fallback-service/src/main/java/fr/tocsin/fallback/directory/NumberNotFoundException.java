package fr.tocsin.fallback.directory;

import fr.tocsin.kit.problem.KitProblemException;

import java.util.List;
import java.util.UUID;

public class NumberNotFoundException extends KitProblemException {

    public NumberNotFoundException(UUID id) {
        super(404, NOT_FOUND, "Introuvable / Not found", "Aucun numéro / no fallback number " + id, List.of());
    }
}
