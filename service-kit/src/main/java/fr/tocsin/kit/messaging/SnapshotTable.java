package fr.tocsin.kit.messaging;

import jakarta.persistence.EntityManager;

import java.util.regex.Pattern;

/**
 * A consumer's table of the newest version of each snapshot it receives (an incident, a territory's live numbers):
 * one row per key with its {@code version}, the snapshot as {@code jsonb} and {@code received_at}. Storing is one
 * conditional statement, so redelivered, stale or concurrently consumed versions (two replicas during a rebalance)
 * are stored once, and only the consumer that stored a version acts on it.
 *
 * @param table    the table's name
 * @param key      its primary key column
 * @param document its jsonb column
 */
public record SnapshotTable(String table, String key, String document) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    public SnapshotTable {
        for (String name : new String[]{table, key, document}) {
            if (name == null || !IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("not a plain SQL identifier: " + name);
            }
        }
    }

    /** Stores the snapshot if it is newer than the stored one; true when it was stored (a new version). */
    public boolean storeIfNewer(EntityManager em, Object keyValue, long version, String json) {
        return em.createNativeQuery(upsert())
                .setParameter("key", keyValue).setParameter("version", version).setParameter("document", json)
                .executeUpdate() == 1;
    }

    String upsert() {
        return "insert into " + table + " (" + key + ", version, " + document + ", received_at)"
                + " values (:key, :version, cast(:document as jsonb), now())"
                + " on conflict (" + key + ") do update set version = excluded.version, " + document + " = excluded."
                + document + ", received_at = excluded.received_at where " + table + ".version < excluded.version";
    }
}
