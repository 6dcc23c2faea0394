package fr.tocsin.broadcast.subscriptions.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The 6-digit code an SMS subscription received. */
public record CodeRequest(@Schema(description = "6 digits", required = true) String code) {
}
