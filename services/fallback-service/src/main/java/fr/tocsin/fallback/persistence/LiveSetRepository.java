package fr.tocsin.fallback.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The live numbers of each territory, and their history. */
@ApplicationScoped
public class LiveSetRepository {

    /** What is live in a territory, at a version. */
    public record LiveSet(String territory, long version, List<LiveNumber> numbers, Instant changedAt) {
    }

    private static final TypeReference<List<LiveNumber>> NUMBERS = new TypeReference<>() {
    };

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    /** Serializes every change of one territory's live set across transactions and instances. */
    public void lock(String territory) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext(:territory))")
                .setParameter("territory", territory).getSingleResult();
    }

    public Optional<LiveSet> find(String territory) {
        return row("select territory, version, cast(numbers as text), changed_at from live_set where territory = :t",
                territory, null);
    }

    /** The live set in force at an instant, from the history. */
    public Optional<LiveSet> at(String territory, Instant instant) {
        return row("""
                select territory, version, cast(numbers as text), valid_from from live_set_history
                 where territory = :t and valid_from <= :at and (valid_to is null or valid_to > :at)""", territory, instant);
    }

    @SuppressWarnings("unchecked")
    public List<LiveSet> all() {
        List<Object[]> rows = em.createNativeQuery(
                "select territory, version, cast(numbers as text), changed_at from live_set order by territory").getResultList();
        return rows.stream().map(this::toLiveSet).toList();
    }

    public void save(LiveSet set) {
        String numbers = EventJson.write(set.numbers());
        em.createNativeQuery("""
                        insert into live_set (territory, version, numbers, changed_at)
                        values (:t, :v, cast(:n as jsonb), :at)
                        on conflict (territory) do update set version = excluded.version, numbers = excluded.numbers,
                               changed_at = excluded.changed_at""")
                .setParameter("t", set.territory()).setParameter("v", set.version()).setParameter("n", numbers)
                .setParameter("at", set.changedAt()).executeUpdate();
        em.createNativeQuery("update live_set_history set valid_to = :at where territory = :t and valid_to is null")
                .setParameter("t", set.territory()).setParameter("at", set.changedAt()).executeUpdate();
        em.createNativeQuery("""
                        insert into live_set_history (territory, version, numbers, valid_from)
                        values (:t, :v, cast(:n as jsonb), :at)""")
                .setParameter("t", set.territory()).setParameter("v", set.version()).setParameter("n", numbers)
                .setParameter("at", set.changedAt()).executeUpdate();
    }

    @SuppressWarnings("unchecked")
    private Optional<LiveSet> row(String sql, String territory, Instant at) {
        var query = em.createNativeQuery(sql).setParameter("t", territory);
        if (at != null) {
            query.setParameter("at", at);
        }
        List<Object[]> rows = query.getResultList();
        return rows.stream().findFirst().map(this::toLiveSet);
    }

    private LiveSet toLiveSet(Object[] row) {
        try {
            Instant changed = row[3] instanceof java.sql.Timestamp ts ? ts.toInstant()
                    : row[3] instanceof java.time.OffsetDateTime odt ? odt.toInstant() : (Instant) row[3];
            return new LiveSet((String) row[0], ((Number) row[1]).longValue(), json.readValue((String) row[2], NUMBERS), changed);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Unreadable live set of " + row[0], e);
        }
    }
}
