package fr.tocsin.incident.lifecycle.persistence;


import fr.tocsin.contracts.incident.Certainty;
import fr.tocsin.contracts.incident.IncidentMode;
import fr.tocsin.contracts.incident.IncidentStatus;
import fr.tocsin.contracts.incident.Severity;
import fr.tocsin.contracts.incident.Urgency;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "incident")
public class IncidentEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    public String reference;

    /** Not JPA's @Version: the API's If-Match compares it explicitly and every change bumps it by one. */
    public long version;

    @Enumerated(EnumType.STRING)
    public IncidentStatus status;

    @Enumerated(EnumType.STRING)
    public IncidentMode mode;

    public String category;

    @Column(name = "title_fr")
    public String titleFr;
    @Column(name = "title_en")
    public String titleEn;
    @Column(name = "description_fr")
    public String descriptionFr;
    @Column(name = "description_en")
    public String descriptionEn;
    @Column(name = "instructions_fr")
    public String instructionsFr;
    @Column(name = "instructions_en")
    public String instructionsEn;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> services = new ArrayList<>();

    /** Canonical territory references ("FR", "region:32", "department:59", "commune:14118"). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> territories = new ArrayList<>();

    @Enumerated(EnumType.STRING)
    public Severity severity;
    @Enumerated(EnumType.STRING)
    public Urgency urgency;
    @Enumerated(EnumType.STRING)
    public Certainty certainty;

    public String authority;

    @Column(name = "detected_at")
    public Instant detectedAt;
    @Column(name = "declared_at")
    public Instant declaredAt;
    @Column(name = "expected_end_at")
    public Instant expectedEndAt;
    @Column(name = "resolved_at")
    public Instant resolvedAt;

    /** Planned works (#22): when it goes in force by itself (SCHEDULED until then); null for an unplanned outage. */
    @Column(name = "planned_start_at")
    public Instant plannedStartAt;
    /** Planned works: when it is resolved by itself, unless someone ended it before. */
    @Column(name = "planned_end_at")
    public Instant plannedEndAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Subject of the person who declared it; four-eyes forbids them to approve it. */
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_by_role")
    public String createdByRole;

    /** Stays a draft until a second person approves (national or extreme incidents, operators' declarations). */
    @Column(name = "approval_required")
    public boolean approvalRequired;
    @Column(name = "approved_by")
    public String approvedBy;
    @Column(name = "approved_at")
    public Instant approvedAt;

    /** When it was first released (see {@code IncidentSnapshot.isReleased}); null while never approved. */
    @Column(name = "published_at")
    public Instant publishedAt;

    /** Subject of whoever last edited the draft: four-eyes forbids them to approve it too. */
    @Column(name = "last_edited_by")
    public String lastEditedBy;

    /** A change waiting for a second person ({@code PendingChange} as JSON), or null. */
    @Column(name = "pending_change")
    @JdbcTypeCode(SqlTypes.JSON)
    public String pendingChange;

    @OneToMany(mappedBy = "incident", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("id")
    public List<TimelineEntryEntity> timeline = new ArrayList<>();

    public void addToTimeline(TimelineEntryEntity entry) {
        entry.incident = this;
        timeline.add(entry);
    }
}
