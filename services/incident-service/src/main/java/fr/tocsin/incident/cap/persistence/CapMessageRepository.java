package fr.tocsin.incident.cap.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The CAP messages taken, by sending authority: what makes a re-sent message a replay and a reference resolvable. */
@ApplicationScoped
public class CapMessageRepository {

    @Inject
    EntityManager em;

    public void record(String authority, String sender, String identifier, String sent, String msgType, UUID incident,
                       Instant at) {
        em.createNativeQuery("""
                        insert into cap_message (authority, sender, identifier, sent, msg_type, incident_id, received_at)
                        values (:authority, :sender, :identifier, :sent, :type, :incident, :at)""")
                .setParameter("authority", authority).setParameter("sender", sender)
                .setParameter("identifier", identifier)
                .setParameter("sent", sent).setParameter("type", msgType)
                .setParameter("incident", incident).setParameter("at", at)
                .executeUpdate();
    }

    /** The incident of a message this authority sent, if taken. */
    public Optional<UUID> incidentOf(String authority, String sender, String identifier) {
        return em.createNativeQuery("""
                        select incident_id from cap_message
                         where authority = :authority and sender = :sender and identifier = :identifier""", UUID.class)
                .setParameter("authority", authority).setParameter("sender", sender).setParameter("identifier", identifier)
                .getResultStream().findFirst().map(UUID.class::cast);
    }
}
