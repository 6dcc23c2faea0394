package fr.tocsin.incident.service;

import fr.tocsin.incident.persistence.AuditRecordEntity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class AuditChainTest {

    private static final String KEY = "dGVzdC1vbmx5LWF1ZGl0LWtleS1ub3QtYS1zZWNyZXQtMDAwMDAwMA==";
    private final AuditChain chain = new AuditChain(() -> KEY);

    @Test
    void anUntouchedChainVerifies() {
        AuditChain.Verification result = chain.verify(chained(5).iterator());
        assertThat(result.intact()).isTrue();
        assertThat(result.checked()).isEqualTo(5);
        assertThat(result.firstBroken()).isNull();
    }

    @Test
    void jsonbReformattingIsNotTampering() {
        List<AuditRecordEntity> records = chained(2);
        records.get(1).after = "{\"version\": 2, \"title\": {\"fr\": \"Panne\"}}"; // same document, other key order
        assertThat(chain.verify(records.iterator()).intact()).isTrue();
    }

    @Test
    void aChangedFieldIsTheFirstBrokenLink() {
        List<AuditRecordEntity> records = chained(5);
        records.get(2).actor = "mallory";
        assertThat(chain.verify(records.iterator()).firstBroken()).extracting(AuditChain.BrokenLink::id).isEqualTo(3L);
        records = chained(5);
        records.get(3).after = "{\"title\": {\"fr\": \"Fausse alerte\"}, \"version\": 2}";
        assertThat(chain.verify(records.iterator()).firstBroken().id()).isEqualTo(4L);
    }

    @Test
    void aRemovedInsertedOrReorderedRecordBreaksTheChainWhereItHappened() {
        List<AuditRecordEntity> removed = chained(5);
        removed.remove(2);
        assertThat(chain.verify(removed.iterator()).firstBroken().id()).isEqualTo(4L);

        List<AuditRecordEntity> reordered = chained(5);
        Collections.swap(reordered, 1, 2);
        assertThat(chain.verify(reordered.iterator()).firstBroken().id()).isEqualTo(3L);

        // A forged record with a hash computed without the key.
        List<AuditRecordEntity> inserted = chained(3);
        AuditRecordEntity forged = record(99);
        new AuditChain(() -> "b3RoZXIta2V5LW9mLWFuLWF0dGFja2VyLXdoby1oYXMtbm8tc2VjcmV0").link(forged, inserted.get(2).hash);
        inserted.add(forged);
        assertThat(chain.verify(inserted.iterator()).firstBroken()).extracting(AuditChain.BrokenLink::id, AuditChain.BrokenLink::reason)
                .containsExactly(99L, "content changed after it was written");
    }

    @Test
    void recordsOlderThanTheChainAreCountedNotVerified() {
        List<AuditRecordEntity> records = new ArrayList<>(List.of(record(1), record(2)));
        byte[] previous = null;
        for (int i = 3; i <= 4; i++) {
            AuditRecordEntity r = record(i);
            chain.link(r, previous);
            previous = r.hash;
            records.add(r);
        }
        AuditChain.Verification result = chain.verify(records.iterator());
        assertThat(result.intact()).isTrue();
        assertThat(result.unchained()).isEqualTo(2);
        assertThat(result.checked()).isEqualTo(2);
        // But a hash wiped inside the chain is a break, not an "old" record.
        records.get(3).hash = null;
        assertThat(chain.verify(records.iterator()).firstBroken().id()).isEqualTo(4L);
    }

    private List<AuditRecordEntity> chained(int count) {
        List<AuditRecordEntity> records = new ArrayList<>();
        byte[] previous = null;
        for (int i = 1; i <= count; i++) {
            AuditRecordEntity r = record(i);
            chain.link(r, previous);
            previous = r.hash;
            records.add(r);
        }
        return records;
    }

    private static AuditRecordEntity record(long id) {
        AuditRecordEntity r = new AuditRecordEntity();
        r.id = id;
        r.at = Instant.parse("2021-06-02T18:00:00Z").plusSeconds(id);
        r.actor = "prefet-59";
        r.actorRole = "prefecture";
        r.action = id == 1 ? "declare" : "update";
        r.incidentId = UUID.fromString("6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f");
        r.before = id == 1 ? null : "{\"version\": " + (id - 1) + "}";
        r.after = "{\"title\": {\"fr\": \"Panne\"}, \"version\": " + id + "}";
        return r;
    }
}
