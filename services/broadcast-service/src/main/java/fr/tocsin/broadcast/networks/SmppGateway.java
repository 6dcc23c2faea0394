package fr.tocsin.broadcast.networks;

import fr.tocsin.broadcast.config.SmsConfig;
import fr.tocsin.contracts.sms.Gsm7;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.InvalidDeliveryReceiptException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SMS channel: SMPP 3.4 transceivers bound to the SMSC (jSMPP), {@code tocsin.sms.smpp.sessions} of them for the
 * account (one by default), each rebound when lost; a submit goes to the bound session with the fewest submits
 * awaiting their answer, all parts of a message to the same one. It submits texts in GSM-7 when they fit the alphabet,
 * else UCS-2, split into concatenated parts (UDH) beyond one segment, with a delivery receipt requested; and hands
 * mobile-originated messages (STOP) to whoever observes {@link MobileOriginated}, whichever session they came on.
 */
@ApplicationScoped
public class SmppGateway {

    private static final Logger LOG = Logger.getLogger(SmppGateway.class);

    /** A message from a handset to our short code (not a delivery receipt); {@code source} in E.164 without "+". */
    public record MobileOriginated(String source, String text) {
    }

    /**
     * A delivery receipt saying a message never reached the handset (UNDELIV, REJECTD, EXPIRED, DELETED): the
     * mobile, E.164 without "+", and the receipt's state.
     */
    public record FailedReceipt(String mobile, String state) {
    }

    /** The SMSC asks us to slow down (ESME_RTHROTTLED, ESME_RMSGQFUL): the whole channel waits, nothing failed. */
    public static final class Throttled extends DeliveryFailure {
        Throttled(String message) {
            super(message, true, null);
        }
    }

    /**
     * The SMSC may have accepted the message but we cannot know: it did not answer the submit in time, or a
     * concatenated message's later part failed after earlier parts were accepted. Sending it again could text the
     * subscriber twice; the ledger records it UNKNOWN instead.
     */
    public static final class Unanswered extends DeliveryFailure {
        Unanswered(String message) {
            super(message, false, null);
        }
    }

    /**
     * Destination statuses that say the number itself is wrong: the destination is suspended. Other refusals (source
     * address, ESM class...) are our own misconfiguration and must not suspend every subscriber.
     */
    private static final java.util.Set<Integer> DESTINATION_REFUSALS = java.util.Set.of(
            SMPPConstant.STAT_ESME_RINVDSTADR, SMPPConstant.STAT_ESME_RINVDSTTON, SMPPConstant.STAT_ESME_RINVDSTNPI);

    @Inject
    SmsConfig config;

    @Inject
    Event<MobileOriginated> mobileOriginated;

    @Inject
    Event<FailedReceipt> failedReceipts;

    /** One bound transceiver (or an empty slot) and its submits awaiting their answer. */
    private static final class Slot {
        volatile SMPPSession session;
        final AtomicInteger inFlight = new AtomicInteger();

        boolean bound() {
            SMPPSession current = session;
            return current != null && current.getSessionState().isBound();
        }
    }

    private volatile List<Slot> slots = List.of();

    void start(@Observes StartupEvent start) {
        if (enabled()) {
            keepBound();
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        for (Slot slot : slots) {
            SMPPSession current = slot.session;
            if (current != null) {
                current.unbindAndClose();
            }
        }
    }

    /** Transceivers this instance binds: the SMS window in flight is {@code sms-window} times this. */
    public int sessions() {
        return Math.max(1, config.smpp().sessions());
    }

    public boolean enabled() {
        return config.smpp().host().isPresent();
    }

    /** Binds every session that is not bound: at start and every reconnect interval after a loss. */
    @Scheduled(every = "${tocsin.sms.smpp.reconnect-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void keepBound() {
        if (!enabled()) {
            return;
        }
        if (slots.size() != sessions()) {
            List<Slot> fresh = new ArrayList<>();
            for (int i = 0; i < sessions(); i++) {
                fresh.add(new Slot());
            }
            slots = List.copyOf(fresh);
        }
        for (Slot slot : slots) {
            if (!slot.bound() && !bind(slot)) {
                return; // the SMSC is unreachable or refuses us: the other slots would fail alike
            }
        }
    }

    private boolean bind(Slot slot) {
        var smpp = config.smpp();
        SMPPSession old = slot.session;
        if (old != null) {
            old.close();
        }
        SMPPSession fresh = new SMPPSession();
        fresh.setTransactionTimer(smpp.responseTimeout().toMillis());
        fresh.setEnquireLinkTimer(30_000);
        fresh.setMessageReceiverListener(new Receiver());
        // A fan-out's delivery receipts come back as fast as its submits go: jSMPP's default reading queue (100, 3
        // threads) overflows and answers the SMSC "throttled" for receipts it then never handles.
        fresh.setPduProcessorDegree(8);
        fresh.setQueueCapacity(10_000);
        try {
            fresh.connectAndBind(smpp.host().orElseThrow(), smpp.port(), new BindParameter(BindType.BIND_TRX,
                    smpp.systemId(), smpp.password().orElse(""), "", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null),
                    smpp.responseTimeout().toMillis());
            slot.session = fresh;
            LOG.infof("SMS: bound as transceiver (%d of %d) to %s:%d", slots.indexOf(slot) + 1, slots.size(),
                    smpp.host().orElseThrow(), smpp.port());
            return true;
        } catch (Exception e) {
            fresh.close();
            slot.session = null;
            // The password is never part of jSMPP's messages; the host and port are not secret.
            LOG.warnf("SMS: cannot bind to %s:%d (%s); retrying", smpp.host().orElseThrow(), smpp.port(), e.getMessage());
            return false;
        }
    }

    /** The bound session with the fewest submits awaiting their answer, or null when none is bound. */
    private Slot pick() {
        Slot best = null;
        for (Slot slot : slots) {
            if (slot.bound() && (best == null || slot.inFlight.get() < best.inFlight.get())) {
                best = slot;
            }
        }
        return best;
    }

    /**
     * Submits one text to one mobile; returns the SMSC's message ids, one per part.
     *
     * @param destination E.164 with or without "+"
     * @throws Throttled when the SMSC asks to slow down (throttled, queue full)
     * @throws DestinationUnreachable when the SMSC refuses the destination itself (the mobile is suspended)
     * @throws DeliveryFailure retryable when unbound, a system error or timed out; refused otherwise
     */
    public List<String> send(String destination, String text) {
        Slot slot = pick();
        SMPPSession current = slot == null ? null : slot.session;
        if (current == null) {
            throw DeliveryFailure.retryable("SMSC not bound");
        }
        slot.inFlight.incrementAndGet();
        try {
            return submit(current, destination, text);
        } finally {
            slot.inFlight.decrementAndGet();
        }
    }

    private List<String> submit(SMPPSession current, String destination, String text) {
        String address = destination.startsWith("+") ? destination.substring(1) : destination;
        byte[] septets = Gsm7.encode(text).orElse(null);
        DataCoding coding = septets != null ? DataCodings.ZERO
                : new GeneralDataCoding(Alphabet.ALPHA_UCS2, MessageClass.CLASS1, false);
        byte[] body = septets != null ? septets : text.getBytes(StandardCharsets.UTF_16BE);
        List<byte[]> parts = split(body, septets != null);
        int reference = ThreadLocalRandom.current().nextInt(256);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            byte[] part = parts.get(i);
            ESMClass esm = new ESMClass();
            if (parts.size() > 1) {
                byte[] udh = {5, 0, 3, (byte) reference, (byte) parts.size(), (byte) (i + 1)};
                byte[] withHeader = new byte[udh.length + part.length];
                System.arraycopy(udh, 0, withHeader, 0, udh.length);
                System.arraycopy(part, 0, withHeader, udh.length, part.length);
                part = withHeader;
                esm = new ESMClass(0x40); // UDHI
            }
            try {
                ids.add(current.submitShortMessage("", TypeOfNumber.NATIONAL, NumberingPlanIndicator.ISDN,
                        config.smpp().sourceAddress(), TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN,
                        address, esm, (byte) 0, (byte) 1, null, null,
                        new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0, coding, (byte) 0, part)
                        .getMessageId());
            } catch (NegativeResponseException e) {
                int status = e.getCommandStatus();
                String message = "SMSC refused the submit: status 0x" + Integer.toHexString(status);
                if (i > 0) {
                    throw new Unanswered(message + " after " + i + " of " + parts.size() + " parts were accepted");
                }
                if (status == SMPPConstant.STAT_ESME_RTHROTTLED || status == SMPPConstant.STAT_ESME_RMSGQFUL) {
                    throw new Throttled(message);
                }
                if (DESTINATION_REFUSALS.contains(status)) {
                    throw new DestinationUnreachable(message);
                }
                throw new DeliveryFailure(message, status == SMPPConstant.STAT_ESME_RSYSERR, null);
            } catch (ResponseTimeoutException e) {
                throw new Unanswered("SMSC did not answer in time: perhaps sent");
            } catch (Exception e) {
                if (i > 0) {
                    throw new Unanswered("SMS submit failed after " + i + " of " + parts.size() + " parts were accepted: "
                            + e.getClass().getSimpleName());
                }
                throw DeliveryFailure.retryable("SMS submit failed: " + e.getClass().getSimpleName());
            }
        }
        return ids;
    }

    /** One body, or parts of 153 septets (GSM-7) / 134 octets (UCS-2, 67 characters) to leave room for the UDH. */
    static List<byte[]> split(byte[] body, boolean gsm7) {
        int single = gsm7 ? Gsm7.SINGLE_SEGMENT : Gsm7.UCS2_SINGLE_SEGMENT * 2;
        if (body.length <= single) {
            return List.of(body);
        }
        int size = gsm7 ? Gsm7.CONCATENATED_SEGMENT : Gsm7.UCS2_CONCATENATED_SEGMENT * 2;
        List<byte[]> parts = new ArrayList<>();
        int from = 0;
        while (from < body.length) {
            int to = Math.min(body.length, from + size);
            if (gsm7 && to < body.length && body[to - 1] == 0x1B) {
                to--; // never split an escape from its extended character
            }
            if (!gsm7 && to < body.length && Character.isHighSurrogate((char) (((body[to - 2] & 0xFF) << 8) | (body[to - 1] & 0xFF)))) {
                to -= 2; // never split a surrogate pair
            }
            parts.add(java.util.Arrays.copyOfRange(body, from, to));
            from = to;
        }
        return parts;
    }

    private final class Receiver implements MessageReceiverListener {

        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) {
            if ((deliverSm.getEsmClass() & 0x3C) != 0) {
                // A delivery receipt (or another MC notification). A final failure suspends the mobile.
                if (deliverSm.isSmscDeliveryReceipt()) {
                    try {
                        var state = deliverSm.getShortMessageAsDeliveryReceipt().getFinalStatus();
                        if (state == DeliveryReceiptState.UNDELIV || state == DeliveryReceiptState.REJECTD
                                || state == DeliveryReceiptState.EXPIRED || state == DeliveryReceiptState.DELETED) {
                            failedReceipts.fire(new FailedReceipt(deliverSm.getSourceAddr(), state.name()));
                        }
                    } catch (InvalidDeliveryReceiptException | RuntimeException unreadable) {
                        LOG.debugf("SMS: unreadable delivery receipt (%s)", unreadable.getClass().getSimpleName());
                    }
                }
                return;
            }
            byte[] body = deliverSm.getShortMessage() == null ? new byte[0] : deliverSm.getShortMessage();
            int coding = deliverSm.getDataCoding() & 0xFF;
            boolean ucs2 = coding == 8 || (coding & 0xC0) == 0 && (coding & 0x0C) == 0x08;
            String text = ucs2 ? new String(body, StandardCharsets.UTF_16BE) : Gsm7.decode(body);
            mobileOriginated.fire(new MobileOriginated(deliverSm.getSourceAddr(), text));
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) {
            return null;
        }
    }
}
