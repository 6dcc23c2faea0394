package fr.tocsin.kit.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/**
 * One write of a service: who (token subject and role), what, on which target, in which territories, and the
 * state before and after (JSON, never a secret). The kit's migration {@code db/kit/audit} creates the table in every
 * service's database (docs/ARCHITECTURE.md, "What the kit owns").
 */
@Entity
@Table(name = "audit_record")
public class AuditRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Instant at;
    public String actor;
    @Column(name = "actor_role")
    public String actorRole;
    public String action;
    /** The incident, number, account or delivery acted on; null for an action on many (a redrive of all). */
    @Column(name = "target_id")
    public String targetId;

    /**
     * Canonical territory references the action concerns ({@code department:80}); null only for records written
     * before territories were recorded (incident-service's first ones), which only the ministry reads.
     */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public String[] territories;

    @JdbcTypeCode(SqlTypes.JSON)
    public String before;

    @JdbcTypeCode(SqlTypes.JSON)
    public String after;

    /** The previous record's {@link #hash}; null only for records older than the chain. */
    @Column(name = "previous_hash")
    public byte[] previousHash;

    /** HMAC over this record's content and {@link #previousHash}. */
    public byte[] hash;

    /**
     * Id of the key that computed {@link #hash} ({@code tocsin.audit.key-id}), not itself covered: naming another
     * key only makes the record fail verification under that key.
     */
    @Column(name = "key_id")
    public String keyId;
}
