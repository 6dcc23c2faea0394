package fr.tocsin.localstack;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.subethamail.smtp.helper.SimpleMessageListener;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.SessionHandler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real SMTP server, SubEthaSMTP, for development and tests: it accepts any sender and recipient without
 * authentication and keeps every message as received (one per recipient, as SMTP delivers them), which
 * {@link #received()} reads back parsed (headers, plain text, HTML). It keeps the bytes and parses only when asked: the
 * subscriber benchmark counts 90,000 mails and reads none, and GreenMail, before it, parsed each one on arrival after
 * reading its DATA a byte at a time — 0.3 ms of CPU per mail, a quarter of the machine the fan-out was measured on.
 */
public final class MailServer implements AutoCloseable {

    /**
     * Jakarta Mail looks its stream provider up through ServiceLoader, scanning the class path, on every message it
     * builds or parses (jakartaee/mail-api#699). A JVM that runs this server under load (a benchmark) names the provider
     * at its start, which skips the scan. Not set here for every JVM: in a Quarkus test, the class named and the
     * interface can come from two class loaders.
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

    /** As relays do (Postfix's smtpd_timeout is 300 s; GreenMail's, here before, 30 s). */
    private static final Duration DEFAULT_IDLE = Duration.ofSeconds(30);

    private final SMTPServer server;
    private final Inbox inbox;
    private final ExecutorService sessions;
    /** Applied to each connection as it is accepted (SubEthaSMTP's own timeout is fixed at its start). */
    private volatile int idleMillis = Math.toIntExact(DEFAULT_IDLE.toMillis());

    private MailServer(int port, Inbox inbox) {
        this.inbox = inbox;
        // One virtual thread per connection, as many as the clients open (the benchmark's reference opens 32).
        this.sessions = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("smtp-", 0).factory());
        this.server = SMTPServer.port(port).bindAddress(InetAddress.getLoopbackAddress()).hostName("tocsin.local")
                .softwareName("Tocsin local SMTP").simpleMessageListener(inbox).executorService(sessions)
                .maxConnections(1_000).connectionTimeoutMs(Math.toIntExact(DEFAULT_IDLE.toMillis()))
                .sessionHandler(new IdleTimeout())
                .build();
    }

    /** @param port 0 for any free port */
    public static MailServer start(int port) {
        MailServer mail = new MailServer(port == 0 ? Ports.freePort() : port, new Inbox());
        try {
            mail.server.start();
        } catch (RuntimeException e) {
            mail.sessions.shutdownNow();
            throw new StackException("Cannot start the SMTP server on port " + port + ": " + e.getMessage(), e);
        }
        return mail;
    }

    public int port() {
        return server.getPortAllocated();
    }

    /**
     * Closes a client connection that sent nothing for {@code idle} (30 s unless set), as relays do with idle
     * connections: for connections accepted from now on. A test of a pooling client sets it short.
     */
    public void closeIdleConnectionsAfter(Duration idle) {
        idleMillis = Math.toIntExact(idle.toMillis());
    }

    /** Sets each accepted connection's read timeout to the idle time of the moment. */
    private final class IdleTimeout implements SessionHandler {

        @Override
        public SessionAcceptance accept(org.subethamail.smtp.server.Session session) {
            try {
                session.getSocket().setSoTimeout(idleMillis);
            } catch (IOException e) {
                return SessionAcceptance.failure(421, "Cannot set up the connection: " + e.getMessage());
            }
            return SessionAcceptance.success();
        }

        @Override
        public void onSessionEnd(org.subethamail.smtp.server.Session session) {
        }
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
        server.stop();
        sessions.shutdownNow();
    }

    /** Jakarta Mail's session for parsing only: nothing here connects anywhere. */
    private static final Session PARSING = Session.getInstance(new Properties());

    private static Mail parse(Inbox.Delivered delivered) {
        try {
            MimeMessage message = new MimeMessage(PARSING, new ByteArrayInputStream(delivered.raw()));
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header header : Collections.list(message.getAllHeaders())) {
                headers.putIfAbsent(header.getName(), header.getValue());
            }
            String[] content = new String[2];
            collect(message, content);
            return new Mail(delivered.at(), message.getFrom() == null ? null : message.getFrom()[0].toString(),
                    message.getAllRecipients() == null ? List.of()
                            : Arrays.stream(message.getAllRecipients()).map(Object::toString).toList(),
                    message.getSubject(), message.getMessageID(), headers, content[0], content[1],
                    new String(delivered.raw(), StandardCharsets.UTF_8));
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
     * Where every message received goes, once per recipient, as its bytes. Public, as its record: a Quarkus test can
     * load this class and the record in two class loaders, between which only public classes are accessible.
     */
    public static final class Inbox implements SimpleMessageListener {

        /** One message as it came in the DATA, for one recipient of the envelope. */
        public record Delivered(Instant at, String envelopeFrom, String recipient, byte[] raw) {
        }

        private Inbox() {
        }

        private final List<Delivered> delivered = new ArrayList<>();

        @Override
        public boolean accept(String from, String recipient) {
            return true;
        }

        @Override
        public void deliver(String from, String recipient, InputStream data) throws IOException {
            byte[] raw = data.readAllBytes();
            synchronized (this) {
                delivered.add(new Delivered(Instant.now(), from, recipient, raw));
                notifyAll();
            }
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
    }
}
