package fr.tocsin.broadcast.accounts.rest;

import fr.tocsin.broadcast.accounts.persistence.SocialAccountEntity;
import fr.tocsin.contracts.posts.Network;

import java.util.UUID;

public record SocialAccountView(UUID id, Network network, String territory, String name, String baseUrl, String target,
                                String credentials, String language, boolean testOnly) {

    public static SocialAccountView of(SocialAccountEntity a) {
        return new SocialAccountView(a.id, a.network, a.territory, a.name, a.baseUrl, a.target, a.credentials, a.language,
                a.testOnly);
    }
}
