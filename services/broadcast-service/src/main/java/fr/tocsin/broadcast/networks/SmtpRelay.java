package fr.tocsin.broadcast.networks;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPSSLTransport;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * Connections to the SMTP relay, kept open between mails (#20), through Jakarta Mail's SMTP transport (Eclipse Angus):
 * each mail is MAIL FROM, RCPT TO, DATA and its data in one write. The Vert.x client of quarkus-mailer wrote a mail
 * line by line, a system call and a TCP segment per line, and sent RSET before each mail on a pooled connection: in
 * the subscriber benchmark, two thirds of its event loop's CPU and of the local SMTP server's were the kernel's
 * (bench/results/subscriptions.txt). Configured with quarkus-mailer's own settings ({@code quarkus.mailer.*}), which
 * stay the one place to name the relay.
 *
 * <p>A connection idle for a while is checked (NOOP) before it is used again: the relay may have closed it. Any failure
 * closes the connection; the caller decides whether to try again.
 */
final class SmtpRelay implements AutoCloseable {

    /** How the relay is reached, from {@code quarkus.mailer.*}. */
    record Settings(String host, int port, boolean tls, String startTls, boolean trustAll,
                    Optional<String> username, Optional<String> password, String envelopeFrom, Duration timeout,
                    int poolSize, Optional<String> ownHostName) {
    }

    /** A pooled connection idle longer than this is checked with a NOOP before its next mail. */
    private static final long CHECK_AFTER_NANOS = Duration.ofSeconds(1).toNanos();

    private record Idle(SMTPTransport transport, long since) {
    }

    private final Settings settings;
    private final Session session;
    private final BlockingDeque<Idle> idle = new LinkedBlockingDeque<>();
    private volatile boolean closed;
    /**
     * The connections' I/O, one platform thread per pooled connection: a blocking read there is one system call, where
     * a virtual thread's is a try, a poller registration and a wake-up (the subscriber senders are virtual threads).
     */
    private final ExecutorService io;

    SmtpRelay(Settings settings) {
        this.settings = settings;
        Properties properties = new Properties();
        String protocol = settings.tls() ? "smtps" : "smtp";
        String prefix = "mail." + protocol + ".";
        String millis = String.valueOf(settings.timeout().toMillis());
        properties.put(prefix + "connectiontimeout", millis);
        properties.put(prefix + "timeout", millis); // each reply, DATA's included
        properties.put(prefix + "from", settings.envelopeFrom());
        properties.put(prefix + "auth", String.valueOf(settings.username().isPresent()));
        settings.ownHostName().ifPresent(name -> properties.put(prefix + "localhost", name));
        if (!settings.tls() && !"DISABLED".equalsIgnoreCase(settings.startTls())) {
            properties.put(prefix + "starttls.enable", "true");
            properties.put(prefix + "starttls.required", String.valueOf("REQUIRED".equalsIgnoreCase(settings.startTls())));
        }
        if (settings.trustAll()) {
            properties.put(prefix + "ssl.trust", "*");
        } else {
            properties.put(prefix + "ssl.checkserveridentity", "true");
        }
        session = Session.getInstance(properties);
        io = Executors.newFixedThreadPool(settings.poolSize(), Thread.ofPlatform().name("smtp-relay-", 0).daemon()
                .factory());
    }

    /**
     * Sends one encoded message (RFC 5322 text, lines ending in LF or CRLF) to one recipient.
     *
     * @throws MessagingException as Jakarta Mail reports the relay's refusals and the connection's failures
     */
    void send(byte[] message, String recipient) throws MessagingException {
        Future<?> sent = io.submit(() -> {
            sendHere(message, recipient);
            return null;
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    sent.get();
                    return;
                } catch (InterruptedException e) {
                    // The mail may be on its way: its outcome is waited for, never guessed (its timeouts bound it).
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof MessagingException failed) {
                        throw failed;
                    }
                    if (e.getCause() instanceof RuntimeException failed) {
                        throw failed;
                    }
                    throw new MessagingException("SMTP send failed", (Exception) e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void sendHere(byte[] message, String recipient) throws MessagingException {
        SMTPTransport transport = borrow();
        boolean ok = false;
        try {
            transport.sendMessage(new Encoded(session, message), new InternetAddress[] {new InternetAddress(recipient)});
            ok = true;
        } finally {
            if (ok) {
                giveBack(transport);
            } else {
                closeQuietly(transport);
            }
        }
    }

    private SMTPTransport borrow() throws MessagingException {
        for (Idle pooled; (pooled = idle.pollFirst()) != null; ) {
            if (System.nanoTime() - pooled.since() < CHECK_AFTER_NANOS || pooled.transport().isConnected()) {
                return pooled.transport();
            }
            closeQuietly(pooled.transport());
        }
        URLName url = new URLName(settings.tls() ? "smtps" : "smtp", settings.host(), settings.port(), null,
                settings.username().orElse(null), settings.password().orElse(null));
        SMTPTransport transport = settings.tls() ? new SMTPSSLTransport(session, url) : new SMTPTransport(session, url);
        transport.connect(settings.host(), settings.port(), settings.username().orElse(null),
                settings.password().orElse(null));
        return transport;
    }

    private void giveBack(SMTPTransport transport) {
        // Most recently used first: under a light load the same few connections stay warm and the rest age out.
        if (closed || idle.size() >= settings.poolSize()) {
            closeQuietly(transport);
            return;
        }
        idle.offerFirst(new Idle(transport, System.nanoTime()));
    }

    private static void closeQuietly(SMTPTransport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException ignored) {
            // the connection is gone either way
        }
    }

    @Override
    public void close() {
        closed = true;
        io.shutdown();
        for (Idle pooled; (pooled = idle.pollFirst()) != null; ) {
            closeQuietly(pooled.transport());
        }
    }

    /** A message encoded already (by Vert.x's MailEncoder): written as it is, with nothing parsed or encoded again. */
    private static final class Encoded extends MimeMessage {

        private final byte[] bytes;

        Encoded(Session session, byte[] bytes) {
            super(session);
            this.bytes = bytes;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(bytes);
        }

        @Override
        public void writeTo(OutputStream out, String[] ignoreList) throws IOException {
            out.write(bytes);
        }

        @Override
        public int getSize() {
            return bytes.length;
        }
    }
}
