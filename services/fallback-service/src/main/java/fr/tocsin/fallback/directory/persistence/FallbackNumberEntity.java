package fr.tocsin.fallback.directory.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One registered fallback number of a territory for a service. */
@Entity
@Table(name = "fallback_number")
public class FallbackNumberEntity extends PanacheEntityBase {

    public enum State {
        /** Registered in advance; live only while an incident on its service and territory needs it. */
        STANDBY,
        /** Live by hand, with or without an incident (a city's temporary hotline). */
        PUBLISHED
    }

    @Id
    public UUID id;

    /** Canonical reference: a department, or a commune for municipal services. */
    public String territory;
    public String service;
    /** 1 is called first. */
    public int priority;
    public String e164;
    public String label;
    /** Hours, fixed or mobile, SMS, languages: what the caller needs to know. */
    public String notes;
    public String authority;
    @Column(name = "verified_on")
    public LocalDate verifiedOn;
    @Enumerated(EnumType.STRING)
    public State state;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
