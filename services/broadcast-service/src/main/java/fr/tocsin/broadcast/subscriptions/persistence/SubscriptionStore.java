package fr.tocsin.broadcast.subscriptions.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The subscriptions' statements. */
@ApplicationScoped
public class SubscriptionStore {

    @Inject
    EntityManager em;

    public Optional<SubscriptionEntity> find(UUID id) {
        return Optional.ofNullable(em.find(SubscriptionEntity.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    public Optional<SubscriptionEntity> find(String channel, String destination, String territory) {
        return em.createQuery("from SubscriptionEntity where channel = :channel and destination = :destination"
                        + " and territory = :territory", SubscriptionEntity.class)
                .setParameter("channel", channel).setParameter("destination", destination)
                .setParameter("territory", territory).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst();
    }

    /** The pending subscription whose confirmation link carries this token's hash. */
    public Optional<SubscriptionEntity> findByCode(String codeSha256) {
        return em.createQuery("from SubscriptionEntity where codeSha256 = :code", SubscriptionEntity.class)
                .setParameter("code", codeSha256).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst();
    }

    public Optional<SubscriptionEntity> findByUnsubscribeToken(String token) {
        return em.createQuery("from SubscriptionEntity where unsubscribeToken = :token", SubscriptionEntity.class)
                .setParameter("token", token).getResultStream().findFirst();
    }

    public long countFor(String channel, String destination) {
        return em.createQuery("select count(s) from SubscriptionEntity s where s.channel = :channel"
                        + " and s.destination = :destination", Long.class)
                .setParameter("channel", channel).setParameter("destination", destination).getSingleResult();
    }

    /** Every subscription of a destination on a channel, confirmed or not (the management page lists them). */
    public List<SubscriptionEntity> listFor(String channel, String destination) {
        return em.createQuery("from SubscriptionEntity where channel = :channel and destination = :destination"
                        + " order by requestedAt, id", SubscriptionEntity.class)
                .setParameter("channel", channel).setParameter("destination", destination).getResultList();
    }

    /** Deletes the subscriptions never confirmed and asked for before {@code before}; how many. */
    public int deleteUnconfirmedBefore(Instant before) {
        return em.createQuery("delete from SubscriptionEntity where confirmedAt is null and requestedAt < :before")
                .setParameter("before", before).executeUpdate();
    }

    public void persist(SubscriptionEntity subscription) {
        em.persist(subscription);
    }

    /**
     * Deletes a subscription. A message still to go that it alone brought goes with it (unsubscribing stops what has
     * not left yet, as when a row was one per subscription). The other ledger rows it spoke for (one per destination,
     * #20) pass to the destination's most recently confirmed other subscription, one the message stood for first, so
     * that what the destination was told stays known while it still subscribes (a later update is not declared to it
     * again); with its last subscription they go too.
     */
    public void delete(SubscriptionEntity subscription) {
        em.createNativeQuery("""
                        delete from delivery d
                        where d.subscription_id = :id and d.status = 'PENDING' and not exists (
                          select 1 from subscription o
                          where o.id = any(d.covering) and o.id <> :id and o.confirmed_at is not null)""")
                .setParameter("id", subscription.id).executeUpdate();
        em.createNativeQuery("""
                        update delivery d set subscription_id = (
                          select o.id from subscription o join subscription g on g.id = :id
                          where o.destination_key = g.destination_key and o.id <> g.id and o.confirmed_at is not null
                          order by o.id = any(d.covering) desc, o.confirmed_at desc, o.id limit 1)
                        where d.subscription_id = :id and exists (
                          select 1 from subscription o join subscription g on g.id = :id
                          where o.destination_key = g.destination_key and o.id <> g.id and o.confirmed_at is not null)""")
                .setParameter("id", subscription.id).executeUpdate();
        em.remove(subscription);
    }

    /** Deletes every subscription of the destination on the channel (STOP); how many there were. */
    public int deleteAll(String channel, String destination) {
        return em.createQuery("delete from SubscriptionEntity where channel = :channel and destination = :destination")
                .setParameter("channel", channel).setParameter("destination", destination).executeUpdate();
    }

    /**
     * Records one confirmation message for the destination unless {@code limit} were sent since {@code since};
     * true when recorded. Serialized per destination by an advisory lock, so concurrent requests cannot both pass.
     */
    public boolean recordConfirmation(String destinationSha256, Instant now, Instant since, int limit) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext(:key))")
                .setParameter("key", "subscription-confirmation:" + destinationSha256).getSingleResult();
        em.createNativeQuery("delete from subscription_confirmation_sent where destination_sha256 = :d and sent_at < :since")
                .setParameter("d", destinationSha256).setParameter("since", since).executeUpdate();
        long sent = ((Number) em.createNativeQuery("""
                        select count(*) from subscription_confirmation_sent where destination_sha256 = :d and sent_at >= :since""")
                .setParameter("d", destinationSha256).setParameter("since", since).getSingleResult()).longValue();
        if (sent >= limit) {
            return false;
        }
        em.createNativeQuery("insert into subscription_confirmation_sent (destination_sha256, sent_at) values (:d, :now)")
                .setParameter("d", destinationSha256).setParameter("now", now).executeUpdate();
        return true;
    }

    /**
     * Takes back one message recorded by {@link #recordConfirmation} at {@code sentAt}: it did not go out, so it does
     * not count against the destination's hourly limit (only what reached it protects it from floods).
     */
    public void releaseConfirmation(String destinationSha256, Instant sentAt) {
        em.createNativeQuery("""
                        delete from subscription_confirmation_sent where ctid in (select ctid from
                        subscription_confirmation_sent where destination_sha256 = :d and sent_at = :at limit 1)""")
                .setParameter("d", destinationSha256).setParameter("at", sentAt).executeUpdate();
    }

    /**
     * Suspends every subscription of the destination on the channel (it bounced, or was refused for good): nothing
     * more is sent to it until it confirms again. How many were suspended now.
     */
    public int suspend(String channel, String destination, String reason, Instant now) {
        return em.createQuery("update SubscriptionEntity set suspendedAt = :now, suspendedReason = :reason"
                        + " where channel = :channel and destination = :destination and suspendedAt is null")
                .setParameter("now", now).setParameter("reason", reason).setParameter("channel", channel)
                .setParameter("destination", destination).executeUpdate();
    }

    /** Flags (or unflags) every subscription of the destination on the channel as a tester's; how many there are. */
    public int setTester(String channel, String destination, boolean tester) {
        return em.createQuery("update SubscriptionEntity set tester = :tester"
                        + " where channel = :channel and destination = :destination")
                .setParameter("tester", tester).setParameter("channel", channel)
                .setParameter("destination", destination).executeUpdate();
    }
}
