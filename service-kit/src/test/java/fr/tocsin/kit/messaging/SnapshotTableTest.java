package fr.tocsin.kit.messaging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The statement is built from names, so only plain identifiers are taken; the stores themselves run in the services. */
class SnapshotTableTest {

    @Test
    void storesOnlyANewerVersionOfTheRowOfItsKey() {
        assertThat(new SnapshotTable("incident_view", "id", "snapshot").upsert()).isEqualTo(
                "insert into incident_view (id, version, snapshot, received_at)"
                        + " values (:key, :version, cast(:document as jsonb), now())"
                        + " on conflict (id) do update set version = excluded.version, snapshot = excluded.snapshot,"
                        + " received_at = excluded.received_at where incident_view.version < excluded.version");
    }

    @Test
    void takesOnlyPlainIdentifiers() {
        assertThatThrownBy(() -> new SnapshotTable("incident_view; drop table x", "id", "snapshot"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SnapshotTable("incident_view", "\"id\"", "snapshot"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SnapshotTable("incident_view", "id", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
