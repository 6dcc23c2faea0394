package fr.tocsin.localstack;

import fr.tocsin.contracts.sms.Gsm7;
import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageClass;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.ServerResponseDeliveryListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.MessageId;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real SMSC speaking SMPP 3.4, built on jSMPP's server side, for development and tests: it accepts binds
 * (transmitter, receiver, transceiver) with its system id and password, records every {@code submit_sm} (text
 * decoded from GSM-7, Latin-1 or UCS-2; concatenated parts joined through their UDH), answers with a delivery receipt
 * when one is requested, can be told to answer the next submits with an error such as {@code ESME_RTHROTTLED}, and
 * sends mobile-originated messages ({@code deliver_sm}, e.g. "STOP") to the bound receivers.
 */
public final class SmscServer implements AutoCloseable {

    /** What the SMSC accepted: one per {@code submit_sm} part, in arrival order. */
    public record Part(Instant at, String systemId, String messageId, String source, String destination,
                       String text, int dataCoding, int reference, int partNumber, int partCount) {
    }

    /** A whole message, its parts joined in order. */
    public record Message(Instant at, String systemId, String source, String destination, String text,
                          int segments, List<String> messageIds, boolean receiptRequested) {
    }

    /** A mobile-originated message handed to a bound receiver. */
    public record MobileOriginated(Instant at, String source, String destination, String text) {
    }

    private final SMPPServerSessionListener listener;
    private final String systemId;
    private final String password;
    // Synchronized lists rather than copy-on-write: a fan-out benchmark submits 50,000 messages (O(n) per add otherwise).
    private final List<Part> parts = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Part> partsAwaitingReceipt = new ConcurrentHashMap<>();
    private final List<Message> messages = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<MobileOriginated> mobileOriginated = new CopyOnWriteArrayList<>();
    private final Map<String, List<Part>> pendingConcatenations = new ConcurrentHashMap<>();
    private final Map<String, Boolean> receiptWanted = new ConcurrentHashMap<>();
    private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicLong nextMessageId = new AtomicLong(1);
    private final AtomicInteger errorsToAnswer = new AtomicInteger();
    private volatile int errorStatus = SMPPConstant.STAT_ESME_RTHROTTLED;
    private final AtomicInteger refusedSubmits = new AtomicInteger();
    private volatile Duration latency = Duration.ZERO;
    private final java.util.Set<String> undeliverable = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean closed;

    private SmscServer(SMPPServerSessionListener listener, String systemId, String password) {
        this.listener = listener;
        this.systemId = systemId;
        this.password = password;
    }

    /**
     * @param port 0 for any free port
     */
    public static SmscServer start(int port, String systemId, String password) {
        try {
            SMPPServerSessionListener listener = new SMPPServerSessionListener(port == 0 ? Ports.freePort() : port);
            SmscServer server = new SmscServer(listener, systemId, password);
            listener.setMessageReceiverListener(server.new Receiver());
            listener.setResponseDeliveryListener(server.new Receipts());
            // Each bound session reads its PDUs into a queue served by this many threads; a submit holds one for the
            // simulated latency. 4 threads and jSMPP's 100-place queue kept up with 400 submits/s at 10 ms and answered
            // a window of 64 "Receiving queue is full" (ESME_RTHROTTLED) while receipts queued too: 32 threads (3,200/s
            // at 10 ms) and room for any sane window plus its receipts' answers.
            listener.setPduProcessorDegree(32);
            listener.setQueueCapacity(2_000);
            Thread.ofPlatform().daemon().name("smsc-accept-" + listener.getPort()).start(server::acceptLoop);
            return server;
        } catch (IOException e) {
            throw new StackException("Cannot start the SMSC on port " + port + ": " + e.getMessage(), e);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SMPPServerSession session = listener.accept();
                workers.submit(() -> bind(session));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("SMSC: accept failed: " + e.getMessage());
                }
            }
        }
    }

    private void bind(SMPPServerSession session) {
        try {
            BindRequest request = session.waitForBind(10_000);
            if (!systemId.equals(request.getSystemId())) {
                request.reject(SMPPConstant.STAT_ESME_RINVSYSID);
            } else if (!password.equals(request.getPassword())) {
                request.reject(SMPPConstant.STAT_ESME_RINVPASWD);
            } else {
                request.accept("tocsin-smsc", request.getInterfaceVersion());
                sessions.add(session);
            }
        } catch (Exception e) {
            session.unbindAndClose();
        }
    }

    public int port() {
        return listener.getPort();
    }

    public String systemId() {
        return systemId;
    }

    public String password() {
        return password;
    }

    /** Every part accepted, in order. */
    public List<Part> parts() {
        synchronized (parts) {
            return List.copyOf(parts);
        }
    }

    /** Every whole message accepted, in order (a concatenated one once all its parts arrived). */
    public List<Message> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    /** How many whole messages were accepted (cheap: a benchmark polls it). */
    public int messageCount() {
        return messages.size();
    }

    /** The whole messages sent to one destination (as the ESME wrote it, e.g. 33639980101). */
    public List<Message> messagesTo(String destination) {
        synchronized (messages) {
            return messages.stream().filter(m -> m.destination().equals(destination)).toList();
        }
    }

    public List<MobileOriginated> mobileOriginated() {
        return List.copyOf(mobileOriginated);
    }

    /** Submits refused on purpose ({@link #answerNextWith}). */
    public int refusedSubmits() {
        return refusedSubmits.get();
    }

    /** Forgets what was received (between tests). Bound sessions stay. */
    public void clear() {
        parts.clear();
        partsAwaitingReceipt.clear();
        messages.clear();
        mobileOriginated.clear();
        pendingConcatenations.clear();
        refusedSubmits.set(0);
        errorsToAnswer.set(0);
    }

    /**
     * The next {@code count} submits are refused with this command status, e.g.
     * {@code SMPPConstant.STAT_ESME_RTHROTTLED} (0x58) or {@code STAT_ESME_RSYSERR} (0x08).
     */
    public void answerNextWith(int commandStatus, int count) {
        errorStatus = commandStatus;
        errorsToAnswer.set(count);
    }

    /**
     * Messages to this destination (E.164 without "+") are accepted, then reported {@code UNDELIV} by their delivery
     * receipt, as for a number that no longer exists.
     */
    public void undeliverable(String destination) {
        undeliverable.add(destination);
    }

    /** Messages to this destination are reported delivered again. */
    public void deliverable(String destination) {
        undeliverable.remove(destination);
    }

    /** How long each submit waits before its answer, as a real SMSC's round trip would (benchmarks). */
    public void latency(Duration perSubmit) {
        latency = perSubmit;
    }

    /** Sessions bound and still open (for a test that waits for the service to connect). */
    public int boundSessions() {
        sessions.removeIf(s -> !s.getSessionState().isBound());
        return sessions.size();
    }

    /** Waits until at least one session is bound and can receive, or the timeout passes. */
    public boolean awaitReceiver(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (receiver() != null) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private SMPPServerSession receiver() {
        for (SMPPServerSession session : sessions) {
            SessionState state = session.getSessionState();
            if (state == SessionState.BOUND_RX || state == SessionState.BOUND_TRX) {
                return session;
            }
        }
        return null;
    }

    /**
     * A mobile-originated message, as a handset's reply reaches the SMSC: a {@code deliver_sm} to a bound receiver or
     * transceiver, GSM-7 when it can be, else UCS-2.
     *
     * @throws StackException when no session can receive it, or it refused it
     */
    public void sendMobileOriginated(String source, String destination, String text) {
        SMPPServerSession session = receiver();
        if (session == null) {
            throw new StackException("No ESME is bound to receive a mobile-originated message");
        }
        byte[] septets = Gsm7.encode(text).orElse(null);
        byte[] body = septets != null ? septets : text.getBytes(StandardCharsets.UTF_16BE);
        GeneralDataCoding coding = new GeneralDataCoding(septets != null ? Alphabet.ALPHA_DEFAULT : Alphabet.ALPHA_UCS2,
                MessageClass.CLASS1, false);
        try {
            session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, source,
                    TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, destination, new ESMClass(), (byte) 0,
                    (byte) 0, new RegisteredDelivery(SMSCDeliveryReceipt.DEFAULT), coding, body);
            mobileOriginated.add(new MobileOriginated(Instant.now(), source, destination, text));
        } catch (Exception e) {
            throw new StackException("The ESME did not take the mobile-originated message: " + e, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (SMPPServerSession session : sessions) {
            try {
                session.unbindAndClose();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Decodes by data coding: SMPP's own values below 0x10 (0 GSM-7 unpacked, 3 Latin-1, 8 UCS-2), then GSM 03.38's
     * general group (alphabet in bits 3–2) and its 0xF0 group (bit 2: GSM-7 or 8-bit); anything else as Latin-1.
     */
    static String decode(byte[] body, int dataCoding) {
        int alphabet;
        if (dataCoding < 0x10) {
            alphabet = switch (dataCoding) {
                case 0 -> 0;
                case 8 -> 8;
                default -> 4;
            };
        } else if ((dataCoding & 0xC0) == 0) {
            alphabet = dataCoding & 0x0C;
        } else if ((dataCoding & 0xF0) == 0xF0) {
            alphabet = dataCoding & 0x04;
        } else {
            alphabet = 4;
        }
        return switch (alphabet) {
            case 0 -> Gsm7.decode(body);
            case 8 -> new String(body, StandardCharsets.UTF_16BE);
            default -> new String(body, StandardCharsets.ISO_8859_1);
        };
    }

    private Part record(SubmitSm submit, SMPPServerSession session, String messageId) {
        byte[] body = submit.getShortMessage();
        if ((body == null || body.length == 0) && submit.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD)
                instanceof OptionalParameter.OctetString payload) {
            body = payload.getValue();
        }
        body = body == null ? new byte[0] : body;
        int reference = 0;
        int partNumber = 1;
        int partCount = 1;
        boolean udh = (submit.getEsmClass() & 0x40) != 0;
        if (udh && body.length > 0) {
            int headerLength = body[0] & 0xFF;
            int i = 1;
            while (i + 1 < 1 + headerLength && i + 1 < body.length) {
                int id = body[i] & 0xFF;
                int length = body[i + 1] & 0xFF;
                if (id == 0x00 && length == 3) {
                    reference = body[i + 2] & 0xFF;
                    partCount = body[i + 3] & 0xFF;
                    partNumber = body[i + 4] & 0xFF;
                } else if (id == 0x08 && length == 4) {
                    reference = ((body[i + 2] & 0xFF) << 8) | (body[i + 3] & 0xFF);
                    partCount = body[i + 4] & 0xFF;
                    partNumber = body[i + 5] & 0xFF;
                }
                i += 2 + length;
            }
            body = java.util.Arrays.copyOfRange(body, Math.min(1 + headerLength, body.length), body.length);
        }
        String sessionSystemId = systemId;
        Part part = new Part(Instant.now(), sessionSystemId, messageId, submit.getSourceAddr(), submit.getDestAddress(),
                decode(body, submit.getDataCoding() & 0xFF), submit.getDataCoding() & 0xFF, reference, partNumber, partCount);
        parts.add(part);
        boolean receipt = SMSCDeliveryReceipt.SUCCESS_FAILURE.containedIn(submit.getRegisteredDelivery())
                || SMSCDeliveryReceipt.SUCCESS.containedIn(submit.getRegisteredDelivery());
        receiptWanted.put(messageId, receipt);
        if (receipt) {
            partsAwaitingReceipt.put(messageId, part);
        }
        if (partCount <= 1) {
            messages.add(new Message(part.at(), sessionSystemId, part.source(), part.destination(), part.text(), 1,
                    List.of(messageId), receipt));
        } else {
            String key = part.source() + "|" + part.destination() + "|" + reference + "|" + partCount;
            List<Part> joined = pendingConcatenations.compute(key, (k, list) -> {
                List<Part> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
                next.add(part);
                return next;
            });
            if (joined.size() == partCount) {
                pendingConcatenations.remove(key);
                List<Part> ordered = joined.stream().sorted(java.util.Comparator.comparingInt(Part::partNumber)).toList();
                StringBuilder text = new StringBuilder();
                ordered.forEach(p -> text.append(p.text()));
                messages.add(new Message(part.at(), sessionSystemId, part.source(), part.destination(), text.toString(),
                        partCount, ordered.stream().map(Part::messageId).toList(), receipt));
            }
        }
        return part;
    }

    private final class Receiver implements ServerMessageReceiverListener {

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source) throws ProcessRequestException {
            Duration wait = latency;
            if (!wait.isZero()) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (errorsToAnswer.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                refusedSubmits.incrementAndGet();
                throw new ProcessRequestException("refused on purpose", errorStatus);
            }
            String messageId = Long.toHexString(nextMessageId.getAndIncrement());
            record(submitSm, source, messageId);
            try {
                return new SubmitSmResult(new MessageId(messageId), new OptionalParameter[0]);
            } catch (PDUStringException e) {
                throw new ProcessRequestException(e.getMessage(), SMPPConstant.STAT_ESME_RSYSERR);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("submit_multi is not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("query_sm is not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("replace_sm is not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("cancel_sm is not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("broadcast_sm is not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("cancel_broadcast_sm is not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm,
                                                               SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("query_broadcast_sm is not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm is not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }

    /** After the submit_sm_resp went out: the receipt, from another thread so the session's reader never blocks. */
    private final class Receipts implements ServerResponseDeliveryListener {

        @Override
        public void onSubmitSmRespSent(SubmitSmResult result, SMPPServerSession session) {
            String id = result.getMessageId();
            Part part = partsAwaitingReceipt.remove(id);
            if (part == null || !Boolean.TRUE.equals(receiptWanted.remove(id))) {
                return;
            }
            workers.submit(() -> {
                Date now = new Date();
                boolean failed = undeliverable.contains(part.destination());
                DeliveryReceipt receipt = new DeliveryReceipt(id, 1, failed ? 0 : 1, now, now,
                        failed ? DeliveryReceiptState.UNDELIV : DeliveryReceiptState.DELIVRD, failed ? "001" : "000", "");
                try {
                    session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN,
                            part.destination(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, part.source(),
                            new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                            (byte) 0, (byte) 0, new RegisteredDelivery(SMSCDeliveryReceipt.DEFAULT),
                            DataCodings.ZERO, receipt.toString().getBytes(StandardCharsets.ISO_8859_1));
                } catch (Exception e) {
                    // The ESME went away or refused it: a real SMSC would retry later; ours only reports.
                    System.err.println("SMSC: delivery receipt for " + id + " not taken: " + e);
                }
            });
        }

        @Override
        public void onSubmitSmRespError(SubmitSmResult result, Exception e, SMPPServerSession session) {
            receiptWanted.remove(result.getMessageId());
            partsAwaitingReceipt.remove(result.getMessageId());
        }

        @Override
        public void onSubmitMultiRespSent(SubmitMultiResult result, SMPPServerSession session) {
        }

        @Override
        public void onSubmitMultiRespError(SubmitMultiResult result, Exception e, SMPPServerSession session) {
        }
    }

}
