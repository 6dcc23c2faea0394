package fr.tocsin.kit.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AuditChainTest {

    private static final String KEY = "dGVzdC1vbmx5LWF1ZGl0LWtleS1ub3QtYS1zZWNyZXQtMDAwMDAwMA==";
    private static final String KEY_B = "c2Vjb25kLXRlc3Qtb25seS1hdWRpdC1rZXktbm90LWEtc2VjcmV0LTAwMA==";
    private final AuditChain chain = new AuditChain(new Keys("default", KEY, null, List.of()));

    /** tocsin.audit.* as a service reads it. */
    record Keys(String keyId, String key, String next, List<String> retired) implements AuditConfig {
        @Override
        public Optional<String> nextKey() {
            return Optional.ofNullable(next);
        }

        @Override
        public Optional<List<String>> retiredKeys() {
            return retired.isEmpty() ? Optional.empty() : Optional.of(retired);
        }
    }

    @Test
    void anUntouchedChainVerifies() {
        AuditChain.Verification result = chain.verify(chained(5).iterator(), 1L);
        assertThat(result.intact()).isTrue();
        assertThat(result.checked()).isEqualTo(5);
        assertThat(result.firstBroken()).isNull();
        assertThat(result.lastHash()).isEqualTo(chained(5).get(4).hash);
    }

    @Test
    void jsonbReformattingIsNotTampering() {
        List<AuditRecord> records = chained(2);
        records.get(1).after = "{\"version\": 2, \"title\": {\"fr\": \"Panne\"}}"; // same document, other key order
        assertThat(chain.verify(records.iterator(), 1L).intact()).isTrue();
    }

    @Test
    void aChangedFieldIsTheFirstBrokenLink() {
        List<AuditRecord> records = chained(5);
        records.get(2).actor = "mallory";
        assertThat(chain.verify(records.iterator(), 1L).firstBroken()).extracting(AuditChain.BrokenLink::id).isEqualTo(3L);
        records = chained(5);
        records.get(3).after = "{\"title\": {\"fr\": \"Fausse alerte\"}, \"version\": 2}";
        assertThat(chain.verify(records.iterator(), 1L).firstBroken().id()).isEqualTo(4L);
        records = chained(5);
        records.get(1).territories = new String[] {"department:62"};
        assertThat(chain.verify(records.iterator(), 1L).firstBroken().id()).as("territories are covered").isEqualTo(2L);
    }

    @Test
    void aRemovedInsertedOrReorderedRecordBreaksTheChainWhereItHappened() {
        List<AuditRecord> removed = chained(5);
        removed.remove(2);
        assertThat(chain.verify(removed.iterator(), 1L).firstBroken().id()).isEqualTo(4L);

        List<AuditRecord> reordered = chained(5);
        Collections.swap(reordered, 1, 2);
        assertThat(chain.verify(reordered.iterator(), 1L).firstBroken().id()).isEqualTo(3L);

        // A forged record with a hash computed without the key.
        List<AuditRecord> inserted = chained(3);
        AuditRecord forged = record(99);
        new AuditChain(new Keys("default", "b3RoZXIta2V5LW9mLWFuLWF0dGFja2VyLXdoby1oYXMtbm8tc2VjcmV0", null, List.of()))
                .link(forged, inserted.get(2).hash);
        inserted.add(forged);
        assertThat(chain.verify(inserted.iterator(), 1L).firstBroken()).extracting(AuditChain.BrokenLink::id, AuditChain.BrokenLink::reason)
                .containsExactly(99L, "content changed after it was written");
    }

    @Test
    void recordsOlderThanTheChainAreCountedNotVerified() {
        List<AuditRecord> records = new ArrayList<>(List.of(record(1), record(2)));
        byte[] previous = null;
        for (int i = 3; i <= 4; i++) {
            AuditRecord r = record(i);
            chain.link(r, previous);
            previous = r.hash;
            records.add(r);
        }
        AuditChain.Verification result = chain.verify(records.iterator(), 3L);
        assertThat(result.intact()).isTrue();
        assertThat(result.unchained()).isEqualTo(2);
        assertThat(result.checked()).isEqualTo(2);
        // But a hash wiped inside the chain is a break, not an "old" record.
        records.get(3).hash = null;
        assertThat(chain.verify(records.iterator(), 3L).firstBroken().id()).isEqualTo(4L);
    }

    @Test
    void aChainWhoseHashesWereAllSetToNullIsBroken() {
        List<AuditRecord> records = chained(4);
        records.forEach(r -> {
            r.hash = null;
            r.previousHash = null;
        });
        AuditChain.Verification result = chain.verify(records.iterator(), 1L);
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBroken()).extracting(AuditChain.BrokenLink::id, AuditChain.BrokenLink::reason)
                .containsExactly(1L, "hash missing");
        assertThat(result.unchained()).isZero();
    }

    @Test
    void aMovedOrMissingChainStartIsBroken() {
        // Moving the start past chained records does not turn them into "old" ones.
        AuditChain.Verification moved = chain.verify(chained(4).iterator(), 3L);
        assertThat(moved.firstBroken()).extracting(AuditChain.BrokenLink::id).isEqualTo(1L);
        assertThat(chain.verify(chained(4).iterator(), null).intact()).as("start marker deleted").isFalse();
    }

    /** Computed by incident-service's AuditChain before the kit: its stored records must keep verifying. */
    @Test
    void aRecordHashedBeforeTheKitStillVerifies() {
        AuditRecord old = new AuditRecord();
        old.id = 1L;
        old.at = Instant.parse("2021-06-02T18:00:01Z");
        old.actor = "prefet-59";
        old.actorRole = "prefecture";
        old.action = "DECLARE";
        old.targetId = "6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f";
        old.after = "{\"version\": 1}";
        old.previousHash = AuditChain.GENESIS;
        old.keyId = "default"; // what the key_id migration gives the records written before keys had ids
        old.hash = java.util.HexFormat.of().parseHex("449cb29cc659ac7ec76e793dee7d71dc1d31e9ab2600055fa28a9ba4b8f70c3e");
        assertThat(chain.verify(List.of(old).iterator(), 1L).intact()).isTrue();
    }

    /**
     * Both vectors computed outside Java: the record's bytes by printf, the HMAC by openssl
     * (src/test/resources/audit/hmac-vectors.sh; the first also confirms the old layout's vector above).
     */
    @Test
    void theChainMatchesHmacsComputedByOpenssl() {
        AuditRecord first = new AuditRecord();
        first.id = 1L;
        first.at = Instant.parse("2021-06-02T18:00:01Z");
        first.actor = "prefet-59";
        first.actorRole = "prefecture";
        first.action = "DECLARE";
        first.targetId = "6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f";
        first.after = "{\"version\": 1}";
        chain.link(first, null);
        assertThat(java.util.HexFormat.of().formatHex(first.hash))
                .isEqualTo("449cb29cc659ac7ec76e793dee7d71dc1d31e9ab2600055fa28a9ba4b8f70c3e");
        AuditRecord second = new AuditRecord();
        second.id = 2L;
        second.at = Instant.parse("2021-06-02T18:05:00Z");
        second.actor = "prefet-59";
        second.actorRole = "prefecture";
        second.action = "UPDATE";
        second.targetId = "6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f";
        second.territories = new String[] {"department:59", "commune:59350"};
        second.before = "{\"version\": 1}";
        second.after = "{\"version\": 2, \"title\": {\"fr\": \"Panne\"}}";
        chain.link(second, first.hash);
        assertThat(java.util.HexFormat.of().formatHex(second.hash))
                .isEqualTo("1f2c563983699dd37068a111473c441856c4075f56227f0118eee78245463b65");
    }

    // Key rotation: A is the key in use ("default", as after the key_id migration), B the new one.
    private final AuditChain beforeRotation = chain;
    private final AuditChain announcingB = new AuditChain(new Keys("default", KEY, "2026-12:" + KEY_B, List.of()));
    private final AuditChain afterRotation = new AuditChain(new Keys("2026-12", KEY_B, null, List.of("default:" + KEY)));

    @Test
    void aChainSpanningARotationVerifiesWithTheRetiredKey() {
        List<AuditRecord> records = chained(3); // under A
        append(records, afterRotation, 4, 5);
        assertThat(records).extracting(r -> r.keyId).containsExactly("default", "default", "default", "2026-12", "2026-12");
        AuditChain.Verification result = afterRotation.verify(records.iterator(), 1L);
        assertThat(result.intact()).isTrue();
        assertThat(result.checked()).isEqualTo(5);
        // A pod that only announced B verifies the same chain.
        assertThat(announcingB.verify(records.iterator(), 1L).intact()).isTrue();
        // Without the retired key, A's records cannot be checked: before the rotation a pod knows A only.
        assertThat(beforeRotation.verify(records.iterator(), 1L).firstBroken()).extracting(AuditChain.BrokenLink::id).isEqualTo(4L);
    }

    @Test
    void duringTheRolloutPodsNotYetSwitchedFollowTheChainToTheNextKey() {
        List<AuditRecord> records = chained(2);
        append(records, announcingB, 3); // chain still on A: the announcing pod links with A
        append(records, afterRotation, 4); // a switched pod moves the chain to B
        append(records, announcingB, 5); // a pod not yet switched follows it, never back to A
        assertThat(records).extracting(r -> r.keyId).containsExactly("default", "default", "default", "2026-12", "2026-12");
        assertThat(afterRotation.verify(records.iterator(), 1L).intact()).isTrue();
    }

    @Test
    void aRetiredKeyDroppedFromTheConfigurationNamesTheRecordThatCannotBeChecked() {
        List<AuditRecord> records = chained(2);
        append(records, afterRotation, 3);
        AuditChain withoutA = new AuditChain(new Keys("2026-12", KEY_B, null, List.of()));
        AuditChain.Verification result = withoutA.verify(records.iterator(), 1L);
        assertThat(result.intact()).isFalse();
        assertThat(result.checked()).isZero();
        assertThat(result.firstBroken().id()).isEqualTo(1L);
        assertThat(result.firstBroken().reason()).contains("'default'").contains("not configured")
                .doesNotContain(KEY).doesNotContain(KEY_B);
    }

    @Test
    void aRecordLinkedWithTheRetiredKeyAfterTheRotationIsABreak() {
        List<AuditRecord> records = chained(2);
        append(records, afterRotation, 3, 4);
        // Someone holding A (the key may have been rotated because it leaked) and the table appends a record.
        append(records, beforeRotation, 5);
        assertThat(records.get(4).keyId).isEqualTo("default");
        assertThat(afterRotation.verify(records.iterator(), 1L).firstBroken())
                .extracting(AuditChain.BrokenLink::id, AuditChain.BrokenLink::reason)
                .containsExactly(5L, "linked with retired key id 'default' after the chain moved to key id '2026-12'");
        // Or relinks the last record with A in place of B.
        records.remove(4);
        records.remove(3);
        append(records, beforeRotation, 4);
        assertThat(afterRotation.verify(records.iterator(), 1L).firstBroken().id()).isEqualTo(4L);
        // A record claiming a key id nobody configured.
        List<AuditRecord> unknown = chained(2);
        unknown.get(1).keyId = "forged";
        assertThat(afterRotation.verify(unknown.iterator(), 1L).firstBroken())
                .extracting(AuditChain.BrokenLink::id, AuditChain.BrokenLink::reason)
                .containsExactly(2L, "linked with key id 'forged', which is not configured here (tocsin.audit): it cannot be checked");
    }

    @Test
    void aBadKeyConfigurationNeverEchoesTheSecret() {
        String secret = "c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1uZXZlci1iZS1sb2dnZWQtMDAw";
        for (Keys keys : List.of(new Keys("2026-12", KEY_B, null, List.of(secret)),
                new Keys("2026-12", KEY_B, "bad id:" + secret, List.of()),
                new Keys("2026-12", KEY_B, null, List.of("2026-12:" + secret)),
                new Keys("2026-12", KEY_B, "next:" + secret.substring(0, 20), List.of()))) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new AuditChain(keys)))
                    .isInstanceOf(IllegalStateException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret).doesNotContain(secret.substring(0, 20))
                            .doesNotContain(KEY_B));
        }
    }

    private static void append(List<AuditRecord> records, AuditChain by, long... ids) {
        for (long id : ids) {
            AuditRecord previous = records.get(records.size() - 1);
            AuditRecord r = record(id);
            by.link(r, previous.hash, previous.keyId);
            records.add(r);
        }
    }

    private List<AuditRecord> chained(int count) {
        List<AuditRecord> records = new ArrayList<>();
        byte[] previous = null;
        for (int i = 1; i <= count; i++) {
            AuditRecord r = record(i);
            chain.link(r, previous);
            previous = r.hash;
            records.add(r);
        }
        return records;
    }

    private static AuditRecord record(long id) {
        AuditRecord r = new AuditRecord();
        r.id = id;
        r.at = Instant.parse("2021-06-02T18:00:00Z").plusSeconds(id);
        r.actor = "prefet-59";
        r.actorRole = "prefecture";
        r.action = id == 1 ? "DECLARE" : "UPDATE";
        r.targetId = "6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f";
        r.territories = id % 2 == 0 ? new String[] {"department:59"} : null;
        r.before = id == 1 ? null : "{\"version\": " + (id - 1) + "}";
        r.after = "{\"title\": {\"fr\": \"Panne\"}, \"version\": " + id + "}";
        return r;
    }
}
