package fr.tocsin.incident.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import fr.tocsin.incident.config.AuditConfig;
import fr.tocsin.incident.persistence.AuditRecordEntity;
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
 * changing, deleting, inserting or reordering records breaks every link from there on.
 */
@ApplicationScoped
public class AuditChain {

    /** Genesis: the link before the first chained record. */
    static final byte[] GENESIS = new byte[32];

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final SecretKeySpec key;

    AuditChain(AuditConfig config) {
        byte[] bytes = Base64.getDecoder().decode(config.key());
        if (bytes.length < 32) {
            throw new IllegalStateException("tocsin.audit.key must hold at least 32 bytes (base64)");
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** Sets the links of a record about to be appended after {@code previous} (null: the chain starts here). */
    public void link(AuditRecordEntity record, byte[] previous) {
        record.previousHash = previous == null ? GENESIS : previous;
        record.hash = hash(record);
    }

    byte[] hash(AuditRecordEntity record) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(record.previousHash);
            // Length-prefixed fields: no two different records encode to the same bytes.
            for (String field : new String[] {record.at.toString(), record.actor, record.actorRole, record.action,
                    record.incidentId == null ? null : record.incidentId.toString(),
                    canonical(record.before), canonical(record.after)}) {
                if (field == null) {
                    out.writeInt(-1);
                } else {
                    byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
            }
            return mac.doFinal(bytes.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Walks the records in order and reports the first one whose links do not hold. */
    public Verification verify(Iterator<AuditRecordEntity> records) {
        long checked = 0;
        long unchained = 0;
        byte[] previous = null;
        while (records.hasNext()) {
            AuditRecordEntity record = records.next();
            if (previous == null && record.hash == null) {
                unchained++; // written before the chain existed
                continue;
            }
            String broken = record.hash == null ? "hash missing"
                    : !MessageDigest.isEqual(record.previousHash, previous == null ? GENESIS : previous)
                            ? "does not follow the previous record (one was removed, inserted or reordered)"
                            : !MessageDigest.isEqual(record.hash, hash(record)) ? "content changed after it was written" : null;
            if (broken != null) {
                return new Verification(false, checked, unchained, new BrokenLink(record.id, broken), previous);
            }
            previous = record.hash;
            checked++;
        }
        return new Verification(true, checked, unchained, null, previous);
    }

    /** JSONB keeps the data, not the text: compare documents by their content with sorted keys. */
    private static String canonical(String json) {
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
     * @param intact     every chained record holds
     * @param checked    records verified before the end or the first broken link
     * @param unchained  records older than the chain, not verifiable
     * @param firstBroken where the chain breaks, or null
     * @param lastHash   hash of the last record verified (worth noting elsewhere: it pins the whole history)
     */
    public record Verification(boolean intact, long checked, long unchained, BrokenLink firstBroken, byte[] lastHash) {
    }

    public record BrokenLink(long id, String reason) {
    }
}
