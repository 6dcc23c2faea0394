package fr.tocsin.incident.persistence;

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
import java.util.UUID;

/** One action on an incident: who, what, when, and the state before and after (JSON snapshots). */
@Entity
@Table(name = "audit_record")
public class AuditRecordEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Instant at;
    public String actor;
    @Column(name = "actor_role")
    public String actorRole;
    public String action;
    @Column(name = "incident_id")
    public UUID incidentId;

    @JdbcTypeCode(SqlTypes.JSON)
    public String before;

    @JdbcTypeCode(SqlTypes.JSON)
    public String after;

    /** The previous record's {@link #hash}; null only for records older than the chain. */
    @Column(name = "previous_hash")
    public byte[] previousHash;

    /** HMAC over this record's content and {@link #previousHash}. */
    public byte[] hash;

    /** The newest record's hash, or null when the table is empty or older than the chain. */
    public static byte[] lastHash() {
        return find("order by id desc").<AuditRecordEntity>firstResultOptional().map(r -> r.hash).orElse(null);
    }
}
