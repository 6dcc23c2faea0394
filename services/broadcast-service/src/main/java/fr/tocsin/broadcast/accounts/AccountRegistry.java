package fr.tocsin.broadcast.accounts;

import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.contracts.territory.TerritoryDirectory;
import fr.tocsin.contracts.territory.TerritoryRef;
import fr.tocsin.broadcast.accounts.persistence.SocialAccountEntity;
import fr.tocsin.broadcast.config.SocialConfig;
import fr.tocsin.broadcast.networks.ChannelAdapter;
import fr.tocsin.broadcast.networks.DeliveryFailure;
import fr.tocsin.contracts.posts.Network;
import fr.tocsin.kit.audit.AuditTrail;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Which accounts speak for which territory, and which of them a post goes to. */
@ApplicationScoped
public class AccountRegistry {

    @Inject
    SocialConfig config;

    @Inject
    AuditTrail audit;

    /** Accounts from configuration are created, or updated, at every start. */
    @Transactional
    void loadConfigured(@Observes StartupEvent start) {
        config.accounts().forEach((name, account) -> {
            if ((account.network() == Network.WEBHOOK) != account.baseUrl().isPresent()) {
                throw new IllegalStateException("tocsin.social.accounts." + name + ".base-url: "
                        + (account.network() == Network.WEBHOOK ? "required for a webhook"
                        : "webhooks only; the API host of " + account.network() + " is fixed by the service"
                        + (account.network() == Network.MASTODON ? " or is the instance of its credentials" : "")));
            }
            SocialAccountEntity entity = SocialAccountEntity.named(name)
                    .orElseGet(SocialAccountEntity::new);
            if (entity.id == null) {
                entity.id = UUID.nameUUIDFromBytes(("config:" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                entity.createdAt = Instant.now();
                entity.enabled = true;
            }
            entity.name = name;
            entity.network = account.network();
            entity.territory = TerritoryRef.parse(account.territory()).toString();
            entity.baseUrl = account.baseUrl().orElse(null);
            entity.target = account.target().orElse(null);
            entity.credentials = account.credentials();
            entity.language = account.language();
            entity.testOnly = account.testOnly();
            entity.persist();
        });
    }

    @Transactional
    public SocialAccountEntity register(Actor actor, NewAccount request) {
        SocialAccountEntity account = new SocialAccountEntity();
        account.network = request.network();
        account.territory = request.territory().toString();
        account.name = request.name();
        account.baseUrl = request.baseUrl();
        account.target = request.target();
        account.credentials = request.credentials();
        account.language = request.language();
        account.testOnly = request.testOnly();
        account.id = UUID.randomUUID();
        account.createdAt = Instant.now();
        account.enabled = true;
        account.persist();
        audited(actor, "ACCOUNT_CREATE", null, account);
        return account;
    }

    @Transactional
    public boolean disable(Actor actor, UUID id) {
        return SocialAccountEntity.<SocialAccountEntity>findByIdOptional(id).map(account -> {
            AuditedAccount before = AuditedAccount.of(account);
            account.enabled = false;
            audited(actor, "ACCOUNT_DISABLE", before, account);
            return true;
        }).orElse(false);
    }

    private void audited(Actor actor, String action, AuditedAccount before, SocialAccountEntity after) {
        audit.append(actor, action, after.id.toString(), List.of(TerritoryRef.parse(after.territory)), before,
                AuditedAccount.of(after), Instant.now());
    }

    /**
     * An account as the audit trail keeps it: where and how it posts, never with what. The credentials' name is
     * left out with them, and the URL keeps only its origin (a webhook URL can carry a token in its path or query).
     */
    record AuditedAccount(UUID id, String network, String territory, String name, String origin, String target,
                          String language, boolean testOnly, boolean enabled) {

        static AuditedAccount of(SocialAccountEntity a) {
            return new AuditedAccount(a.id, a.network == null ? null : a.network.name(), a.territory, a.name,
                    origin(a.baseUrl), a.network == Network.WEBHOOK ? null : a.target, a.language, a.testOnly, a.enabled);
        }

        private static String origin(String url) {
            try {
                java.net.URI uri = java.net.URI.create(url);
                return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    @Transactional
    public List<SocialAccountEntity> all() {
        return SocialAccountEntity.enabledAccounts();
    }

    /**
     * The accounts a post about these territories goes to: the national ones, and every account whose
     * territory overlaps one of them (contains it or lies inside it). Exercises and tests go only to accounts
     * flagged for tests, actual alerts never do.
     */
    public List<SocialAccountEntity> route(Collection<TerritoryRef> territories, boolean test) {
        TerritoryDirectory directory = TerritoryDirectory.get();
        return SocialAccountEntity.enabledAccounts().stream()
                .filter(account -> account.testOnly == test)
                .filter(account -> {
                    TerritoryRef own = TerritoryRef.parse(account.territory);
                    return territories.stream().anyMatch(t -> directory.related(own, t));
                })
                .toList();
    }

    /** The accounts of exactly this territory: a change of its fallback numbers is its own authority's news. */
    public List<SocialAccountEntity> ofTerritory(TerritoryRef territory) {
        return SocialAccountEntity.enabledAccounts().stream()
                .filter(account -> !account.testOnly && account.territory.equals(territory.toString()))
                .toList();
    }

    /**
     * Where the account's requests go: the network's API root fixed by the service, the instance (Mastodon) or PDS
     * (Bluesky) named in its credentials, or the partner's URL (webhooks, the only root an API call may set).
     *
     * @throws DeliveryFailure refused when the credentials name no Mastodon instance
     */
    public String apiRoot(SocialAccountEntity account) {
        SocialConfig.Credentials credentials = config.credentials().get(account.credentials);
        return switch (account.network) {
            case X -> config.endpoints().x();
            case TELEGRAM -> config.endpoints().telegram();
            case FACEBOOK -> config.endpoints().facebook();
            case BLUESKY -> credentials == null ? "https://bsky.social" : credentials.pds();
            case MASTODON -> credentials == null ? null : credentials.instance().orElseThrow(() -> DeliveryFailure.refused(
                    "no Mastodon instance for credentials '" + account.credentials + "' (tocsin.social.credentials."
                            + account.credentials + ".instance)"));
            case WEBHOOK -> account.baseUrl;
        };
    }

    /** The account's credentials; with a refresh token configured, the access token is refreshed (X, OAuth 2.0). */
    public Optional<ChannelAdapter.Credentials> credentials(SocialAccountEntity account) {
        return Optional.ofNullable(config.credentials().get(account.credentials)).map(c -> new ChannelAdapter.Credentials(
                c.token().orElse(null), c.identifier().orElse(null), c.password().orElse(null), c.secret().orElse(null),
                c.refreshToken().map(refresh -> new ChannelAdapter.OAuthRefresh(account.credentials, refresh,
                        c.clientId().orElse(null), c.clientSecret().orElse(null))).orElse(null)));
    }
}
