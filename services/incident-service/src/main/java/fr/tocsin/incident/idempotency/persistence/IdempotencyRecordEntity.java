package fr.tocsin.incident.idempotency.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** The first answer to a POST, kept under its Idempotency-Key so that a retry gets it again. */
@Entity
@Table(name = "idempotency_record")
@IdClass(IdempotencyRecordEntity.Key.class)
public class IdempotencyRecordEntity extends PanacheEntityBase {

    @Id
    public String principal;
    @Id
    public String key;

    /** Method, path and body digest: the same key reused for another request is refused. */
    public String fingerprint;
    public Integer status;
    public String body;
    public String location;
    public String etag;
    @Column(name = "created_at")
    public Instant createdAt;

    public static class Key implements Serializable {
        public String principal;
        public String key;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(principal, k.principal) && Objects.equals(key, k.key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(principal, key);
        }
    }
}
