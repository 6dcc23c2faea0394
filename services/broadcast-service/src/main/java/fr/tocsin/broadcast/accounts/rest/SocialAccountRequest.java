package fr.tocsin.broadcast.accounts.rest;

import fr.tocsin.contracts.posts.Network;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record SocialAccountRequest(
        @NotNull Network network,
        @NotBlank @Size(max = 32) String territory,
        @NotBlank @Size(max = 200) String name,
        /** Webhooks only: the partner's https URL. Refused for the other networks, whose API host is fixed. */
        @Size(max = 500) @Pattern(regexp = "https?://\\S+", message = "must be an https URL") String baseUrl,
        @Size(max = 200) String target,
        @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._-]+") String credentials,
        @Pattern(regexp = "fr|en") String language,
        Boolean testOnly) {
}
