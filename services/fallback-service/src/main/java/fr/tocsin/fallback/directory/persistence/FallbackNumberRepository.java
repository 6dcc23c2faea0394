package fr.tocsin.fallback.directory.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** The fallback_number table's queries. */
@ApplicationScoped
public class FallbackNumberRepository {

    /** The number registered for this territory and service, if any: (territory, service, e164) is unique. */
    public Optional<FallbackNumberEntity> findSame(String territory, String service, String e164) {
        return FallbackNumberEntity.<FallbackNumberEntity>find("territory = ?1 and service = ?2 and e164 = ?3",
                territory, service, e164).firstResultOptional();
    }

    public List<FallbackNumberEntity> all() {
        return FallbackNumberEntity.listAll();
    }

    public List<FallbackNumberEntity> inTerritory(String territory) {
        return FallbackNumberEntity.list("territory", territory);
    }

    /** The numbers registered in these territories, by territory (none: absent), in one query. */
    public java.util.Map<String, List<FallbackNumberEntity>> inTerritories(java.util.Collection<String> territories) {
        if (territories.isEmpty()) {
            return java.util.Map.of();
        }
        return FallbackNumberEntity.<FallbackNumberEntity>list("territory in ?1", List.copyOf(territories)).stream()
                .collect(java.util.stream.Collectors.groupingBy(entry -> entry.territory));
    }

    /** The territories that have at least one registered number. */
    public List<String> registeredTerritories() {
        return FallbackNumberEntity.getEntityManager()
                .createQuery("select distinct f.territory from FallbackNumberEntity f", String.class).getResultList();
    }
}
