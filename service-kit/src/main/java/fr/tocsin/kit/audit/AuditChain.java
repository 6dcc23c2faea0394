package fr.tocsin.kit.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The HMAC chain over the audit trail: a record's hash covers its content and the previous record's hash, so
 * changing, deleting, inserting or reordering records breaks every link from there on. Where the chain starts
 * is stored apart ({@code audit_chain_start}), so a record at or after the start without a hash is a break,
 * never an "old" record.
 *
 * <p>Keys rotate: each record stores the id of the key that linked it ({@code key_id}), and verification checks it
 * with that key, as long as the key is configured (current, next or retired, see {@link AuditConfig}). The ids are
 * ordered (retired oldest first, current, next) and the chain only moves forward through them, so a retired key,
 * which may be the compromised one, cannot link a record after the chain moved on.
 */
@ApplicationScoped
public class AuditChain {

    /** Genesis: the link before the first chained record. */
    static final byte[] GENESIS = new byte[32];

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Every configured key by id, in rotation order: retired (oldest first), current, next. */
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final Map<String, Integer> order = new LinkedHashMap<>();
    private final String currentId;
    private final String nextId;

    public AuditChain(AuditConfig config) {
        for (String entry : config.retiredKeys().orElse(List.of())) {
            add(entry, "tocsin.audit.retired-keys");
        }
        currentId = config.keyId();
        add(currentId, config.key(), "tocsin.audit.key");
        nextId = config.nextKey().map(entry -> add(entry, "tocsin.audit.next-key")).orElse(null);
    }

    private String add(String entry, String property) {
        int colon = entry.indexOf(':');
        if (colon < 0) {
            // Never echo the entry: it holds a secret.
            throw new IllegalStateException(property + " entries must read id:base64-key");
        }
        String id = entry.substring(0, colon).strip();
        add(id, entry.substring(colon + 1).strip(), property);
        return id;
    }

    private void add(String id, String base64, String property) {
        if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalStateException(property + ": a key id is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (keys.containsKey(id)) {
            throw new IllegalStateException(property + ": key id '" + id + "' is configured twice");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + ": the key of id '" + id + "' is not base64");
        }
        if (bytes.length < 32) {
            throw new IllegalStateException(property + ": the key of id '" + id + "' must hold at least 32 bytes (base64)");
        }
        order.put(id, keys.size());
        keys.put(id, new SecretKeySpec(bytes, "HmacSHA256"));
    }

    /** The id of the key that links new records (unless the chain already moved to the next one). */
    public String currentKeyId() {
        return currentId;
    }

    /** Sets the links of a record about to be appended after {@code previous} (null: the chain starts here). */
    public void link(AuditRecord record, byte[] previous) {
        link(record, previous, null);
    }

    /**
     * As {@link #link(AuditRecord, byte[])}, knowing the key of the previous record: if another pod already moved
     * the chain to the next key, this one follows it rather than going back to a key the chain left.
     */
    public void link(AuditRecord record, byte[] previous, String previousKeyId) {
        record.keyId = nextId != null && nextId.equals(previousKeyId) ? nextId : currentId;
        record.previousHash = previous == null ? GENESIS : previous;
        record.hash = hash(record, keys.get(record.keyId));
    }

    /**
     * The layout is incident-service's original one (previous hash, then length-prefixed at, actor, role, action,
     * target, before, after), so its records written before the kit still verify; the territories, recorded since,
     * follow only when present, so no two different records encode to the same bytes.
     */
    static byte[] hash(AuditRecord record, SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(record.previousHash);
            for (String field : new String[] {record.at.toString(), record.actor, record.actorRole, record.action,
                    record.targetId, canonical(record.before), canonical(record.after)}) {
                write(out, field);
            }
            if (record.territories != null) {
                write(out, String.join(",", record.territories));
            }
            return mac.doFinal(bytes.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(DataOutputStream out, String field) throws IOException {
        if (field == null) {
            out.writeInt(-1);
        } else {
            byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
    }

    /**
     * Walks the records in id order and reports the first one whose links do not hold: a record is checked with
     * the key it names, which must be configured and not earlier in the rotation than the key of a record before it.
     *
     * @param chainStart id from which every record must be chained; records before it were written before the
     *                   chain existed. Null when the start marker is gone: that alone is a break.
     */
    public Verification verify(Iterator<AuditRecord> records, Long chainStart) {
        if (chainStart == null) {
            return new Verification(false, 0, 0, null, new BrokenLink(0, "chain start missing (audit_chain_start was "
                    + "emptied): records can no longer be told from pre-chain ones"), null);
        }
        long checked = 0;
        long unchained = 0;
        byte[] previous = null;
        String latestKey = null;
        while (records.hasNext()) {
            AuditRecord record = records.next();
            String broken;
            if (record.id < chainStart) {
                if (record.hash == null) {
                    unchained++; // written before the chain existed
                    continue;
                }
                broken = "chained record before the chain start (the start was moved)";
            } else if (record.hash == null || record.previousHash == null) {
                broken = "hash missing";
            } else if (!MessageDigest.isEqual(record.previousHash, previous == null ? GENESIS : previous)) {
                broken = "does not follow the previous record (one was removed, inserted or reordered)";
            } else if (record.keyId == null) {
                broken = "key id missing";
            } else if (!keys.containsKey(record.keyId)) {
                // The id only: never anything of a key.
                broken = "linked with key id '" + record.keyId + "', which is not configured here (tocsin.audit): "
                        + "it cannot be checked";
            } else if (latestKey != null && order.get(record.keyId) < order.get(latestKey)) {
                broken = "linked with retired key id '" + record.keyId + "' after the chain moved to key id '"
                        + latestKey + "'";
            } else if (!MessageDigest.isEqual(record.hash, hash(record, keys.get(record.keyId)))) {
                broken = "content changed after it was written";
            } else {
                latestKey = record.keyId;
                previous = record.hash;
                checked++;
                continue;
            }
            return new Verification(false, checked, unchained, chainStart, new BrokenLink(record.id, broken), previous);
        }
        return new Verification(true, checked, unchained, chainStart, null, previous);
    }

    /** JSONB keeps the data, not the text: compare documents by their content with sorted keys. */
    static String canonical(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(JSON.readValue(json, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param intact      every chained record holds
     * @param checked     records verified before the end or the first broken link
     * @param unchained   records older than the chain, not verifiable
     * @param chainStart  the id from which every record is chained (worth pinning elsewhere, like lastHash)
     * @param firstBroken where the chain breaks, or null
     * @param lastHash    hash of the last record verified (worth noting elsewhere: it pins the whole history)
     */
    public record Verification(boolean intact, long checked, long unchained, Long chainStart, BrokenLink firstBroken,
                               byte[] lastHash) {
    }

    public record BrokenLink(long id, String reason) {
    }
}
