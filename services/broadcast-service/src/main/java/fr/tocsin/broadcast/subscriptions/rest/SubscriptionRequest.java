package fr.tocsin.broadcast.subscriptions.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A subscription: exactly one of {@code mobile} or {@code email}. */
public record SubscriptionRequest(
        @Schema(description = "French mobile (metropolitan or overseas), e.g. 06 39 98 01 01") String mobile,
        @Schema(description = "E-mail address") String email,
        @Schema(description = "FR, department:59 (or 59), commune:59350 (INSEE code)", required = true) String territory,
        @Schema(description = "fr (default) or en") String language) {
}
