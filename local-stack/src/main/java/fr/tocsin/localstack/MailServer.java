package fr.tocsin.localstack;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserException;
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
 * GreenMail speaks SMTP and parses each message; what it received goes to one {@link Inbox} of this class, not to its
 * IMAP store. The store made the server, not the sender, set the pace of the subscriber benchmark: a user and a
 * mailbox per recipient, kept in a copy-on-write list searched linearly (O(n²) for 50,000 recipients), then a copy
 * and a full IMAP parse of every message, which nothing here reads.
 */
public final class MailServer implements AutoCloseable {

    /**
     * Jakarta Mail looks its stream provider up through ServiceLoader, scanning the class path, on every message it
     * builds or parses (jakartaee/mail-api#699): 40 % of this server's CPU at 90,000 mails. A JVM that runs this server
     * under load (a benchmark) names the provider at its start, which skips the scan. Not set here for every JVM: in a
     * Quarkus test, the class named and the interface can come from two class loaders.
     */
    public static void nameStreamProvider() {
        System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
    }

    /** One received message as its recipients would read it; {@code raw} is the whole RFC 5322 text. */
    public record Mail(Instant at, String from, List<String> to, String subject, String messageId,
                       Map<String, String> headers, String text, String html, String raw) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    private final GreenMail greenMail;
    private final Inbox inbox;

    private MailServer(GreenMail greenMail, Inbox inbox) {
        this.greenMail = greenMail;
        this.inbox = inbox;
    }

    /** @param port 0 for any free port */
    public static MailServer start(int port) {
        GreenMail greenMail = new GreenMail(new ServerSetup(port == 0 ? Ports.freePort() : port, "127.0.0.1",
                ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        Inbox inbox = new Inbox();
        try {
            greenMail.start();
            greenMail.getUserManager().setMessageDeliveryHandler((message, recipient) -> inbox);
        } catch (RuntimeException e) {
            throw new StackException("Cannot start the SMTP server on port " + port + ": " + e.getMessage(), e);
        }
        return new MailServer(greenMail, inbox);
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
        for (Inbox.Delivered delivered : inbox.all()) {
            mails.add(parse(delivered));
        }
        return mails;
    }

    /** How many messages were received, without parsing them (a benchmark polls it). */
    public int count() {
        return inbox.count();
    }

    public List<Mail> receivedBy(String address) {
        return received().stream().filter(m -> m.to().stream().anyMatch(address::equalsIgnoreCase)).toList();
    }

    /** GreenMail's users, each with its IMAP mailbox: none, whatever the recipients (see the class comment). */
    int mailboxes() {
        return greenMail.getUserManager().listUser().size();
    }

    /** Waits until at least {@code count} messages arrived in all; false when the timeout passed first. */
    public boolean await(int count, Duration timeout) {
        try {
            return inbox.await(count, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Forgets what was received (between tests). */
    public void clear() {
        inbox.clear();
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    private static Mail parse(Inbox.Delivered delivered) {
        MimeMessage message = delivered.message();
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header header : Collections.list(message.getAllHeaders())) {
                headers.putIfAbsent(header.getName(), header.getValue());
            }
            String[] content = new String[2];
            collect(message, content);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            message.writeTo(raw);
            return new Mail(delivered.at(), message.getFrom() == null ? null : message.getFrom()[0].toString(),
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

    /**
     * Where GreenMail delivers every message, once per recipient as SMTP does (the same parsed message for each
     * recipient of one transaction). Only SMTP runs here, so no user logs in and nothing else is implemented. Public,
     * as its record: a Quarkus test can load this class and the record in two class loaders, between which only public
     * classes are accessible.
     */
    public static final class Inbox implements GreenMailUser {

        public record Delivered(Instant at, MimeMessage message) {
        }

        private Inbox() {
        }

        private final List<Delivered> delivered = new ArrayList<>();

        @Override
        public synchronized void deliver(MovingMessage message) {
            deliver(message.getMessage());
        }

        @Override
        public synchronized void deliver(MimeMessage message) {
            delivered.add(new Delivered(Instant.now(), message));
            notifyAll();
        }

        public synchronized List<Delivered> all() {
            return List.copyOf(delivered);
        }

        public synchronized int count() {
            return delivered.size();
        }

        public synchronized void clear() {
            delivered.clear();
        }

        public synchronized boolean await(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (delivered.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }

        @Override
        public String getEmail() {
            return "received@tocsin.local";
        }

        @Override
        public String getLogin() {
            return "received";
        }

        @Override
        public String getPassword() {
            return null;
        }

        @Override
        public void setPassword(String password) {
            throw new UnsupportedOperationException("Only SMTP runs: no user logs in");
        }

        @Override
        public void authenticate(String password) throws UserException {
            throw new UserException("Only SMTP runs: no user logs in");
        }

        @Override
        public void create() {
        }

        @Override
        public void delete() {
        }

        @Override
        public String getQualifiedMailboxName() {
            return getLogin();
        }
    }
}
