package fr.tocsin.incident.lifecycle.persistence;

import fr.tocsin.contracts.incident.IncidentStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "incident_update")
public class TimelineEntryEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "incident_id")
    public IncidentEntity incident;

    public Instant at;
    public String author;
    @Column(name = "message_fr")
    public String messageFr;
    @Column(name = "message_en")
    public String messageEn;

    /** The status this update moved the incident to, if it changed it. */
    @Enumerated(EnumType.STRING)
    public IncidentStatus status;
}
