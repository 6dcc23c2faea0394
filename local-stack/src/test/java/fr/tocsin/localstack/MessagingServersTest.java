package fr.tocsin.localstack;

import fr.tocsin.contracts.sms.Gsm7;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local SMSC and SMTP server speak their real protocols to real clients (jSMPP's, Jakarta Mail's). */
class MessagingServersTest {

    private static final String MOBILE = "33639980101"; // ARCEP fiction range 06 39 98

    @Test
    void smscRecordsTextsJoinsPartsSendsReceiptsThrottlesAndDeliversMobileOriginated() throws Exception {
        try (SmscServer smsc = SmscServer.start(0, "tocsin", "secret")) {
            List<DeliverSm> received = new CopyOnWriteArrayList<>();
            SMPPSession client = bind(smsc, "secret", received);
            try {
                String text = "15 injoignable dans le Nord : appelez le 03 53 01 02 36. Crédit 5 €";
                submit(client, Gsm7.encode(text).orElseThrow(), DataCodings.ZERO, new ESMClass());
                String accented = "Île-de-France : appelez le 01 99 00 12 34";
                submit(client, accented.getBytes(StandardCharsets.UTF_16BE),
                        new GeneralDataCoding(Alphabet.ALPHA_UCS2, MessageClass.CLASS1, false), new ESMClass());
                // Two parts, the second first: the SMSC joins them by UDH reference and part number.
                byte[] first = Gsm7.encode("a".repeat(153)).orElseThrow();
                byte[] second = Gsm7.encode("fin").orElseThrow();
                submit(client, concat(new byte[]{5, 0, 3, 42, 2, 2}, second), DataCodings.ZERO, new ESMClass(0x40));
                submit(client, concat(new byte[]{5, 0, 3, 42, 2, 1}, first), DataCodings.ZERO, new ESMClass(0x40));

                List<SmscServer.Message> messages = smsc.messagesTo(MOBILE);
                assertEquals(3, messages.size());
                assertEquals(text, messages.get(0).text());
                assertEquals(accented, messages.get(1).text());
                assertEquals("a".repeat(153) + "fin", messages.get(2).text());
                assertEquals(2, messages.get(2).segments());
                assertEquals(4, smsc.parts().size());

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (received.size() < 4 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(4, received.stream().filter(d -> (d.getEsmClass() & 0x04) != 0).count(),
                        "one delivery receipt per part");

                smsc.answerNextWith(SMPPConstant.STAT_ESME_RTHROTTLED, 1);
                NegativeResponseException throttled = assertThrows(NegativeResponseException.class,
                        () -> submit(client, Gsm7.encode("x").orElseThrow(), DataCodings.ZERO, new ESMClass()));
                assertEquals(SMPPConstant.STAT_ESME_RTHROTTLED, throttled.getCommandStatus());
                submit(client, Gsm7.encode("after").orElseThrow(), DataCodings.ZERO, new ESMClass());
                assertEquals(1, smsc.refusedSubmits());
                assertEquals("after", smsc.messagesTo(MOBILE).getLast().text());

                smsc.sendMobileOriginated(MOBILE, "38100", "STOP");
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (received.stream().noneMatch(d -> (d.getEsmClass() & 0x04) == 0) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                DeliverSm stop = received.stream().filter(d -> (d.getEsmClass() & 0x04) == 0).findFirst().orElseThrow();
                assertEquals(MOBILE, stop.getSourceAddr());
                assertEquals("STOP", Gsm7.decode(stop.getShortMessage()));
            } finally {
                client.unbindAndClose();
            }
        }
    }

    @Test
    void smscRefusesAWrongPassword() {
        try (SmscServer smsc = SmscServer.start(0, "tocsin", "secret")) {
            assertThrows(java.io.IOException.class, () -> bind(smsc, "wrong", new CopyOnWriteArrayList<>()));
        }
    }

    @Test
    void smtpServerKeepsWhatItReceivedAndTheInboxShowsIt() throws Exception {
        try (MailServer mail = MailServer.start(0);
             SmscServer smsc = SmscServer.start(0, "tocsin", "secret");
             MessageInbox inbox = MessageInbox.start(0, smsc, mail)) {
            Properties properties = new Properties();
            properties.put("mail.smtp.host", "127.0.0.1");
            properties.put("mail.smtp.port", String.valueOf(mail.port()));
            MimeMessage message = new MimeMessage(Session.getInstance(properties));
            message.setFrom(new InternetAddress("alertes@tocsin.example"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress("abonne@example.org"));
            message.setSubject("Numéros de secours", "UTF-8");
            message.setText("Appelez le 03 53 01 02 36", "UTF-8");
            message.setHeader("List-Unsubscribe", "<https://tocsin.example/u/abc>");
            Transport.send(message);

            assertTrue(mail.await(1, Duration.ofSeconds(20)));
            MailServer.Mail got = mail.receivedBy("abonne@example.org").getFirst();
            assertEquals("Numéros de secours", got.subject());
            assertEquals("Appelez le 03 53 01 02 36", got.text().strip());
            assertEquals("<https://tocsin.example/u/abc>", got.header("list-unsubscribe"));

            HttpClient http = HttpClient.newHttpClient();
            String json = http.send(HttpRequest.newBuilder(URI.create(inbox.url() + "/mail")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(json.contains("Numéros de secours"), json);
            String eml = http.send(HttpRequest.newBuilder(URI.create(inbox.url() + "/mail/1.eml")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(eml.contains("List-Unsubscribe"), eml);
            mail.clear();
            assertEquals(0, mail.received().size());
        }
    }

    @Test
    void smtpServerKeepsEveryRecipientsMailInOneMailbox() throws Exception {
        try (MailServer mail = MailServer.start(0)) {
            Properties properties = new Properties();
            properties.put("mail.smtp.host", "127.0.0.1");
            properties.put("mail.smtp.port", String.valueOf(mail.port()));
            Session session = Session.getInstance(properties);
            for (int i = 1; i <= 3; i++) {
                MimeMessage message = new MimeMessage(session);
                message.setFrom(new InternetAddress("alertes@tocsin.example"));
                message.setRecipient(Message.RecipientType.TO, new InternetAddress("abonne." + i + "@example.org"));
                message.setSubject("Message " + i, "UTF-8");
                message.setText("Appelez le 03 53 01 02 3" + i, "UTF-8");
                Transport.send(message);
            }

            assertTrue(mail.await(3, Duration.ofSeconds(20)));
            assertEquals(3, mail.count());
            for (int i = 1; i <= 3; i++) {
                List<MailServer.Mail> got = mail.receivedBy("abonne." + i + "@example.org");
                assertEquals(1, got.size());
                assertEquals("Message " + i, got.getFirst().subject());
            }
            // No user and IMAP mailbox per recipient: those made each delivery slower than the last.
            assertEquals(0, mail.mailboxes());
            mail.clear();
            assertEquals(0, mail.count());
            assertEquals(0, mail.mailboxes());
        }
    }

    private static SMPPSession bind(SmscServer smsc, String password, List<DeliverSm> received) throws Exception {
        SMPPSession client = new SMPPSession();
        client.setMessageReceiverListener(new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(DeliverSm deliverSm) {
                received.add(deliverSm);
            }

            @Override
            public void onAcceptAlertNotification(org.jsmpp.bean.AlertNotification alertNotification) {
            }

            @Override
            public org.jsmpp.session.DataSmResult onAcceptDataSm(org.jsmpp.bean.DataSm dataSm,
                                                                 org.jsmpp.session.Session source) {
                return null;
            }
        });
        try {
            client.connectAndBind("127.0.0.1", smsc.port(), new BindParameter(BindType.BIND_TRX, "tocsin", password,
                    "", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), 10_000);
        } catch (java.io.IOException e) {
            client.close();
            throw e;
        }
        return client;
    }

    private static void submit(SMPPSession client, byte[] body, org.jsmpp.bean.DataCoding coding, ESMClass esm)
            throws Exception {
        client.submitShortMessage("", TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, "Tocsin",
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, MOBILE, esm, (byte) 0, (byte) 1, null, null,
                new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0, coding, (byte) 0, body);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
