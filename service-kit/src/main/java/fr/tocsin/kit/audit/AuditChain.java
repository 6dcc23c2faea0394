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

/**
 * The HMAC chain over the audit trail: a record's hash covers its content and the previous record's hash, so
 * changing, deleting, inserting or reordering records breaks every link from there on. Where the chain starts
 * is stored apart ({@code audit_chain_start}), so a record at or after the start without a hash is a break,
 * never an "old" record.
 */
@ApplicationScoped
public class AuditChain {

    /** Genesis: the link before the first chained record. */
    static final byte[] GENESIS = new byte[32];

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final SecretKeySpec key;

    public AuditChain(AuditConfig config) {
        byte[] bytes = Base64.getDecoder().decode(config.key());
        if (bytes.length < 32) {
            throw new IllegalStateException("tocsin.audit.key must hold at least 32 bytes (base64)");
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** Sets the links of a record about to be appended after {@code previous} (null: the chain starts here). */
    public void link(AuditRecord record, byte[] previous) {
        record.previousHash = previous == null ? GENESIS : previous;
        record.hash = hash(record);
    }

    /**
     * The layout is incident-service's original one (previous hash, then length-prefixed at, actor, role, action,
     * target, before, after), so its records written before the kit still verify; the territories, recorded since,
     * follow only when present, so no two different records encode to the same bytes.
     */
    byte[] hash(AuditRecord record) {
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
     * Walks the records in id order and reports the first one whose links do not hold.
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
            } else if (!MessageDigest.isEqual(record.hash, hash(record))) {
                broken = "content changed after it was written";
            } else {
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
