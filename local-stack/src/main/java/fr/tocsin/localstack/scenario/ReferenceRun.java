package fr.tocsin.localstack.scenario;

import fr.tocsin.contracts.sms.Gsm7;
import fr.tocsin.localstack.LocalStack;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reference of the subscriber fan-out benchmark: the same number of SMS and e-mails pushed straight into the
 * stack's SMSC and SMTP server by the bench itself, at the fan-out's window and number of SMTP connections (each
 * connection kept open, as broadcast-service's pool does), with no service and no database in the way. What this
 * takes is the servers' own pace on this machine: a fan-out can approach it, not beat it. Texts and mails are of the
 * fan-out's size (a 2-segment-free SMS; a multipart text + HTML mail of about 2 KB).
 */
final class ReferenceRun {

    /** @param mailClients the CPU of the bench's own SMTP clients (Jakarta Mail), user and kernel */
    record Result(int sms, int mails, double seconds, double smsSeconds, double mailSeconds, CpuTime.Split mailClients) {
    }

    private static final String TEXT = "15 injoignable dans le Nord : appelez le 06 39 98 00 15 (SAMU du Nord). "
            + "Infos : https://tocsin.example/i/0123456789";

    private ReferenceRun() {
    }

    /** Sends both at once, as the fan-out does; each channel's own time is measured too. */
    static Result run(LocalStack stack, int sms, int mails, int smsWindow, int mailConnections) throws Exception {
        int smsBefore = stack.smsc().messageCount();
        int mailBefore = stack.mail().count();
        long start = System.nanoTime();
        try (ExecutorService channels = Executors.newFixedThreadPool(2)) {
            Future<Double> smsSeconds = channels.submit(() -> sms(stack, sms, smsWindow, start));
            java.util.concurrent.atomic.AtomicLong clientUser = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong clientTotal = new java.util.concurrent.atomic.AtomicLong();
            Future<Double> mailSeconds = channels.submit(() -> mails(stack, mails, mailConnections, start, clientUser,
                    clientTotal));
            double smsTook = smsSeconds.get();
            double mailTook = mailSeconds.get();
            if (stack.smsc().messageCount() - smsBefore < sms || stack.mail().count() - mailBefore < mails) {
                throw new IllegalStateException("The reference run did not get every message accepted");
            }
            return new Result(sms, mails, Math.max(smsTook, mailTook), smsTook, mailTook,
                    new CpuTime.Split(java.time.Duration.ofNanos(clientUser.get()),
                            java.time.Duration.ofNanos(clientTotal.get() - clientUser.get())));
        }
    }

    private static double sms(LocalStack stack, int count, int window, long start) throws Exception {
        if (count == 0) {
            return 0;
        }
        SMPPSession session = new SMPPSession();
        session.setTransactionTimer(30_000);
        session.connectAndBind("127.0.0.1", stack.smsc().port(), new BindParameter(BindType.BIND_TRX,
                stack.smsc().systemId(), stack.smsc().password(), "", TypeOfNumber.UNKNOWN,
                NumberingPlanIndicator.UNKNOWN, null), 10_000);
        byte[] body = Gsm7.encode(TEXT).orElseThrow();
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService senders = Executors.newFixedThreadPool(window, Thread.ofVirtual().factory())) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < window; i++) {
                sent.add(senders.submit(() -> {
                    for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                        session.submitShortMessage("", TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN,
                                "Tocsin", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN,
                                "3363998" + "%04d".formatted(n % 10_000), new ESMClass(), (byte) 0, (byte) 1, null,
                                null, new RegisteredDelivery(SMSCDeliveryReceipt.DEFAULT), (byte) 0,
                                DataCodings.ZERO, (byte) 0, body);
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            session.unbindAndClose();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double mails(LocalStack stack, int count, int connections, long start,
                                java.util.concurrent.atomic.AtomicLong clientUser,
                                java.util.concurrent.atomic.AtomicLong clientTotal) throws Exception {
        if (count == 0) {
            return 0;
        }
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(stack.mail().port()));
        Session session = Session.getInstance(properties);
        String html = "<p>" + TEXT.repeat(12) + "</p>";
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService senders = Executors.newFixedThreadPool(connections)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                sent.add(senders.submit(() -> {
                    try (Transport transport = session.getTransport("smtp")) {
                        transport.connect();
                        for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                            MimeMessage message = mail(session, "reference." + n + "@example.org", html);
                            transport.sendMessage(message, message.getAllRecipients());
                        }
                    }
                    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
                    clientUser.addAndGet(threads.getCurrentThreadUserTime());
                    clientTotal.addAndGet(threads.getCurrentThreadCpuTime());
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static MimeMessage mail(Session session, String to, String html) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("alertes@tocsin.local"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject("Numéros de secours : Nord", "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(TEXT.repeat(8), "UTF-8");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setContent(html, "text/html; charset=UTF-8");
        MimeMultipart alternative = new MimeMultipart("alternative", text, rich);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }
}
