package fr.tocsin.fallback.service;

import java.util.UUID;

public class NumberNotFoundException extends RuntimeException {

    public NumberNotFoundException(UUID id) {
        super("Aucun numéro / no fallback number " + id);
    }
}
