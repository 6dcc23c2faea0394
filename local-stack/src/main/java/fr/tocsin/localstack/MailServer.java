package fr.tocsin.localstack;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server, GreenMail, for development and tests: it accepts any sender and recipient without
 * authentication and keeps every message, which {@link #received()} reads back parsed (headers, plain text, HTML).
 * Every message goes to one mailbox (recipients are read from the message): GreenMail's default creates a user and a
 * mailbox per recipient, kept in a copy-on-write list searched linearly, so 50,000 distinct recipients (the subscriber
 * benchmark) cost O(n²) and the server, not the sender, set the pace.
 */
public final class MailServer implements AutoCloseable {

    /** One received message as its recipients would read it; {@code raw} is the whole RFC 5322 text. */
    public record Mail(Instant at, String from, List<String> to, String subject, String messageId,
                       Map<String, String> headers, String text, String html, String raw) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    private final GreenMail greenMail;

    private MailServer(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /** @param port 0 for any free port */
    public static MailServer start(int port) {
        GreenMail greenMail = new GreenMail(new ServerSetup(port == 0 ? Ports.freePort() : port, "127.0.0.1",
                ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        try {
            greenMail.start();
            GreenMailUser sink = greenMail.setUser("received@tocsin.local", "received", "received");
            greenMail.getUserManager().setMessageDeliveryHandler((message, recipient) -> sink);
        } catch (RuntimeException e) {
            throw new StackException("Cannot start the SMTP server on port " + port + ": " + e.getMessage(), e);
        }
        return new MailServer(greenMail);
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /**
     * Closes a client connection that sent nothing for {@code idle} (GreenMail's default is 30 s), as relays do with
     * idle connections: for connections accepted from now on. A test of a pooling client sets it short.
     */
    public void closeIdleConnectionsAfter(Duration idle) {
        greenMail.getSmtp().setClientSocketTimeout(Math.toIntExact(idle.toMillis()));
    }

    /** Every message received, oldest first (one per recipient, as SMTP delivers them). */
    public List<Mail> received() {
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            mails.add(parse(message));
        }
        return mails;
    }

    /** How many messages were received, without parsing them (a benchmark polls it). */
    public int count() {
        return greenMail.getReceivedMessages().length;
    }

    public List<Mail> receivedBy(String address) {
        return received().stream().filter(m -> m.to().stream().anyMatch(address::equalsIgnoreCase)).toList();
    }

    /** GreenMail's users, each with its mailbox: one, whatever the recipients (see the class comment). */
    int mailboxes() {
        return greenMail.getUserManager().listUser().size();
    }

    /** Waits until at least {@code count} messages arrived in all; false when the timeout passed first. */
    public boolean await(int count, Duration timeout) {
        return greenMail.waitForIncomingEmail(timeout.toMillis(), count);
    }

    /** Forgets what was received (between tests). */
    public void clear() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new StackException("Cannot purge the SMTP server's mailboxes: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    private static Mail parse(MimeMessage message) {
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header header : Collections.list(message.getAllHeaders())) {
                headers.putIfAbsent(header.getName(), header.getValue());
            }
            String[] content = new String[2];
            collect(message, content);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            message.writeTo(raw);
            Instant at = message.getReceivedDate() != null ? message.getReceivedDate().toInstant()
                    : message.getSentDate() != null ? message.getSentDate().toInstant() : Instant.now();
            return new Mail(at, message.getFrom() == null ? null : message.getFrom()[0].toString(),
                    message.getAllRecipients() == null ? List.of()
                            : Arrays.stream(message.getAllRecipients()).map(Object::toString).toList(),
                    message.getSubject(), message.getMessageID(), headers, content[0], content[1],
                    raw.toString(StandardCharsets.UTF_8));
        } catch (MessagingException | IOException e) {
            throw new StackException("Cannot read a received message: " + e.getMessage(), e);
        }
    }

    /** The first text/plain and text/html parts, however deep in multipart/alternative or mixed. */
    private static void collect(Part part, String[] content) throws MessagingException, IOException {
        if (part.isMimeType("text/plain") && content[0] == null) {
            content[0] = String.valueOf(part.getContent());
        } else if (part.isMimeType("text/html") && content[1] == null) {
            content[1] = String.valueOf(part.getContent());
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, content);
            }
        }
    }
}
