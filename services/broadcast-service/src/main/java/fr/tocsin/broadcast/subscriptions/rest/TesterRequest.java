package fr.tocsin.broadcast.subscriptions.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Whose subscriptions also receive exercises and tests: exactly one of {@code mobile} or {@code email}. */
public record TesterRequest(
        @Schema(description = "The tester's mobile, as subscribed") String mobile,
        @Schema(description = "The tester's e-mail address, as subscribed") String email,
        @Schema(description = "true: receives exercises and tests too; false: actual alerts only", required = true)
        Boolean tester) {
}
