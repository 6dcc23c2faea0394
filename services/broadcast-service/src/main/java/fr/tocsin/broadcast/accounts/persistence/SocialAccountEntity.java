package fr.tocsin.broadcast.accounts.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import fr.tocsin.contracts.posts.Network;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An account Tocsin posts to for a territory's authority; its credentials stay in a secret, named here. */
@Entity
@Table(name = "social_account")
public class SocialAccountEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    @Enumerated(EnumType.STRING)
    public Network network;
    public String territory;
    public String name;
    @Column(name = "base_url")
    public String baseUrl;
    public String target;
    public String credentials;
    public String language;
    @Column(name = "test_only")
    public boolean testOnly;
    public boolean enabled;
    @Column(name = "created_at")
    public Instant createdAt;

    public static List<SocialAccountEntity> withIds(java.util.Collection<UUID> ids) {
        return list("id in ?1", ids);
    }

    public static java.util.Optional<SocialAccountEntity> named(String name) {
        return find("name", name).firstResultOptional();
    }

    public static List<SocialAccountEntity> enabledAccounts() {
        return list("enabled = true order by territory, network, name");
    }
}
