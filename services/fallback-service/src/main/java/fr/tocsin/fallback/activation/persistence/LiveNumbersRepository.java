package fr.tocsin.fallback.activation.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.tocsin.contracts.event.EventJson;
import fr.tocsin.contracts.fallback.LiveNumber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live numbers of each territory ({@code live_numbers}), and their history ({@code live_numbers_history}).
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
        lockAll(List.of(territory));
    }

    /**
     * {@link #lock} for several territories in one statement, always in the same (sorted) order, so two transactions
     * locking overlapping sets never wait for each other in a cycle. Territory references hold no comma.
     */
    public void lockAll(Collection<String> territories) {
        if (territories.isEmpty()) {
            return;
        }
        em.createNativeQuery("""
                        select count(pg_advisory_xact_lock(hashtext(t)))
                          from (select t from unnest(string_to_array(:territories, ',')) as t order by t offset 0) as sorted""")
                .setParameter("territories", String.join(",", territories)).getSingleResult();
    }

    /** The current live numbers of these territories (those that have any row), in one query. */
    @SuppressWarnings("unchecked")
    public Map<String, LiveNumbers> findAll(Collection<String> territories) {
        if (territories.isEmpty()) {
            return Map.of();
        }
        List<Object[]> rows = em.createNativeQuery("""
                        select territory, version, cast(numbers as text), changed_at from live_numbers
                         where territory = any(string_to_array(:territories, ','))""")
                .setParameter("territories", String.join(",", territories)).getResultList();
        Map<String, LiveNumbers> found = new HashMap<>();
        rows.stream().map(this::toLiveNumbers).forEach(live -> found.put(live.territory(), live));
        return found;
    }

    public Optional<LiveNumbers> find(String territory) {
        return row("select territory, version, cast(numbers as text), changed_at from live_numbers where territory = :t",
                territory, null);
    }

    /** The live numbers in force at an instant, from the history. */
    public Optional<LiveNumbers> at(String territory, Instant instant) {
        return row("""
                select territory, version, cast(numbers as text), valid_from from live_numbers_history
                 where territory = :t and valid_from <= :at and (valid_to is null or valid_to > :at)""", territory, instant);
    }

    @SuppressWarnings("unchecked")
    public List<LiveNumbers> all() {
        List<Object[]> rows = em.createNativeQuery(
                "select territory, version, cast(numbers as text), changed_at from live_numbers order by territory").getResultList();
        return rows.stream().map(this::toLiveNumbers).toList();
    }

    public void save(LiveNumbers live) {
        saveAll(List.of(live));
    }

    /**
     * New versions of several territories' live numbers, with their history, in three statements whatever their
     * number (a national activation changes 101 at once). One entry per territory.
     */
    public void saveAll(List<LiveNumbers> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<Map<String, Object>> rows = changes.stream().<Map<String, Object>>map(live -> Map.of(
                "territory", live.territory(), "version", live.version(), "numbers", live.numbers(),
                "changed_at", live.changedAt().toString())).toList();
        String json = EventJson.write(rows);
        String changed = """
                select r.territory, r.version, r.numbers, r.changed_at
                  from jsonb_to_recordset(cast(:rows as jsonb)) as r(territory text, version bigint, numbers jsonb,
                                                                     changed_at timestamptz)""";
        em.createNativeQuery("insert into live_numbers (territory, version, numbers, changed_at) " + changed + """

                        on conflict (territory) do update set version = excluded.version, numbers = excluded.numbers,
                               changed_at = excluded.changed_at""")
                .setParameter("rows", json).executeUpdate();
        em.createNativeQuery("""
                        update live_numbers_history h set valid_to = c.changed_at
                          from (""" + changed + """
                        ) as c
                         where h.territory = c.territory and h.valid_to is null""")
                .setParameter("rows", json).executeUpdate();
        em.createNativeQuery("insert into live_numbers_history (territory, version, numbers, valid_from) " + changed)
                .setParameter("rows", json).executeUpdate();
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
