package fr.tocsin.fallback.activation.persistence;

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

/**
 * The live numbers of each territory, and their history. The tables keep their first name, {@code live_set} and
 * {@code live_set_history}: renaming them would break the previous version during a rolling update.
 */
@ApplicationScoped
public class LiveNumbersRepository {

    private static final TypeReference<List<LiveNumber>> NUMBERS = new TypeReference<>() {
    };

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    /** Serializes every change of one territory's live numbers across transactions and instances. */
    public void lock(String territory) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext(:territory))")
                .setParameter("territory", territory).getSingleResult();
    }

    public Optional<LiveNumbers> find(String territory) {
        return row("select territory, version, cast(numbers as text), changed_at from live_set where territory = :t",
                territory, null);
    }

    /** The live numbers in force at an instant, from the history. */
    public Optional<LiveNumbers> at(String territory, Instant instant) {
        return row("""
                select territory, version, cast(numbers as text), valid_from from live_set_history
                 where territory = :t and valid_from <= :at and (valid_to is null or valid_to > :at)""", territory, instant);
    }

    @SuppressWarnings("unchecked")
    public List<LiveNumbers> all() {
        List<Object[]> rows = em.createNativeQuery(
                "select territory, version, cast(numbers as text), changed_at from live_set order by territory").getResultList();
        return rows.stream().map(this::toLiveNumbers).toList();
    }

    public void save(LiveNumbers live) {
        String numbers = EventJson.write(live.numbers());
        em.createNativeQuery("""
                        insert into live_set (territory, version, numbers, changed_at)
                        values (:t, :v, cast(:n as jsonb), :at)
                        on conflict (territory) do update set version = excluded.version, numbers = excluded.numbers,
                               changed_at = excluded.changed_at""")
                .setParameter("t", live.territory()).setParameter("v", live.version()).setParameter("n", numbers)
                .setParameter("at", live.changedAt()).executeUpdate();
        em.createNativeQuery("update live_set_history set valid_to = :at where territory = :t and valid_to is null")
                .setParameter("t", live.territory()).setParameter("at", live.changedAt()).executeUpdate();
        em.createNativeQuery("""
                        insert into live_set_history (territory, version, numbers, valid_from)
                        values (:t, :v, cast(:n as jsonb), :at)""")
                .setParameter("t", live.territory()).setParameter("v", live.version()).setParameter("n", numbers)
                .setParameter("at", live.changedAt()).executeUpdate();
    }

    @SuppressWarnings("unchecked")
    private Optional<LiveNumbers> row(String sql, String territory, Instant at) {
        var query = em.createNativeQuery(sql).setParameter("t", territory);
        if (at != null) {
            query.setParameter("at", at);
        }
        List<Object[]> rows = query.getResultList();
        return rows.stream().findFirst().map(this::toLiveNumbers);
    }

    private LiveNumbers toLiveNumbers(Object[] row) {
        try {
            Instant changed = row[3] instanceof java.sql.Timestamp ts ? ts.toInstant()
                    : row[3] instanceof java.time.OffsetDateTime odt ? odt.toInstant() : (Instant) row[3];
            return new LiveNumbers((String) row[0], ((Number) row[1]).longValue(), json.readValue((String) row[2], NUMBERS), changed);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Unreadable live numbers of " + row[0], e);
        }
    }
}
