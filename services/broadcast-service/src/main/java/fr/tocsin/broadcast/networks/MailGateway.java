package fr.tocsin.broadcast.networks;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.runtime.LaunchMode;
import io.vertx.core.MultiMap;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.mailencoder.MailEncoder;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The e-mail channel: one message, plain text and HTML, through the SMTP relay ({@code quarkus.mailer.*}). Headers
 * are set by the caller from values it built itself (Message-ID, List-Unsubscribe): never from what a subscriber
 * typed, which {@code Destinations} reduced to a plain address.
 *
 * <p>The message is encoded by Vert.x's {@link MailEncoder} (quarkus-mailer's encoding: quoted-printable where the text
 * needs it, RFC 2047 subjects) and sent by {@link SmtpRelay}, Jakarta Mail's SMTP transport on pooled connections, in
 * one write: quarkus-mailer's Vert.x client writes a mail a line at a time (#20, bench/results/subscriptions.txt).
 * The message is our own rather than quarkus-mailer's {@code Mail}: that one always carries a Cc list, empty for us,
 * which Vert.x writes as an empty {@code Cc:} header (RFC 5322 asks for at least one address, and spam filters notice).
 * In dev and test mode, unless {@code quarkus.mailer.mock=false}, quarkus-mailer's mock mailbox keeps the mail.
 */
@ApplicationScoped
public class MailGateway {

    /** One e-mail; {@code headers} such as Message-ID, List-Unsubscribe, List-Unsubscribe-Post. */
    public record Email(String to, String subject, String text, String html, Map<String, String> headers) {
    }

    /** Used only when quarkus-mailer mocks the relay (dev and test mode unless set): its mock mailbox keeps the mail. */
    @Inject
    Mailer mockable;

    @ConfigProperty(name = "quarkus.mailer.from")
    String from;

    @ConfigProperty(name = "quarkus.mailer.bounce-address")
    Optional<String> bounceAddress;

    /** The longest the relay may take to answer one step of a mail (the connection, each reply). */
    @ConfigProperty(name = "quarkus.mailer.timeout", defaultValue = "60s")
    Duration timeout;

    @ConfigProperty(name = "quarkus.mailer.mock")
    Optional<Boolean> mock;

    @ConfigProperty(name = "quarkus.mailer.host", defaultValue = "localhost")
    String host;

    @ConfigProperty(name = "quarkus.mailer.port")
    Optional<Integer> port;

    /** Implicit TLS (SMTPS, usually port 465). */
    @ConfigProperty(name = "quarkus.mailer.tls", defaultValue = "false")
    boolean tls;

    /** STARTTLS: DISABLED, OPTIONAL (when the relay offers it) or REQUIRED (production, k8s/base). */
    @ConfigProperty(name = "quarkus.mailer.start-tls", defaultValue = "OPTIONAL")
    String startTls;

    @ConfigProperty(name = "quarkus.mailer.trust-all", defaultValue = "false")
    boolean trustAll;

    @ConfigProperty(name = "quarkus.mailer.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.mailer.password")
    Optional<String> password;

    @ConfigProperty(name = "quarkus.mailer.max-pool-size", defaultValue = "10")
    int poolSize;

    @ConfigProperty(name = "quarkus.mailer.own-host-name")
    Optional<String> ownHostName;

    /** quarkus-mailer's DKIM signing applies to its own client only, which this gateway does not send through. */
    @ConfigProperty(name = "quarkus.mailer.dkim.enabled", defaultValue = "false")
    boolean dkim;

    private boolean mocked;
    private SmtpRelay relay;
    private String hostname;

    @jakarta.annotation.PostConstruct
    void readMode() {
        mocked = mock.orElse(LaunchMode.current().isDevOrTest());
        hostname = ownHostName.orElse("tocsin.local");
        if (!mocked) {
            if (dkim) {
                throw new IllegalStateException("quarkus.mailer.dkim.* is not applied to Tocsin's mail: let the relay"
                        + " sign it (DKIM), and unset quarkus.mailer.dkim.enabled");
            }
            String envelope;
            try {
                envelope = new InternetAddress(bounceAddress.orElse(from)).getAddress();
            } catch (AddressException e) {
                throw new IllegalStateException("quarkus.mailer.from or bounce-address is not an address", e);
            }
            relay = new SmtpRelay(new SmtpRelay.Settings(host, port.orElse(tls ? 465 : 25), tls, startTls, trustAll,
                    username, password, envelope, timeout, poolSize, ownHostName));
        }
    }

    @jakarta.annotation.PreDestroy
    void close() {
        if (relay != null) {
            relay.close();
        }
    }

    /**
     * @throws DestinationUnreachable the relay refused the recipient for good ({@link #refusesRecipient}: unknown
     *                                 user, domain...)
     * @throws DeliveryFailure retryable: the relay did not take it (it may be down or slow, or answered 4xx or
     *                         another 5xx)
     */
    public void send(Email email) {
        if (mocked) {
            Mail mail = Mail.withText(email.to(), email.subject(), email.text()).setHtml(email.html());
            email.headers().forEach(mail::addHeader);
            mockable.send(mail);
            return;
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        email.headers().forEach(headers::add);
        MailMessage message = new MailMessage().setFrom(from).setTo(List.of(email.to())).setSubject(email.subject())
                .setText(email.text()).setHtml(asciiHtml(email.html())).setHeaders(headers);
        byte[] encoded = new MailEncoder(message, hostname).encode().getBytes(StandardCharsets.UTF_8);
        try {
            relay.send(encoded, email.to());
        } catch (MessagingException e) {
            throw failure(e);
        }
    }

    /** What a failed send means: a refusal of the recipient, a refusal of something else, or no answer. */
    static DeliveryFailure failure(MessagingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SMTPAddressFailedException refused) {
                return refusal(refused.getReturnCode(), refused.getMessage());
            }
            if (cause instanceof SMTPSendFailedException refused && refused.getReturnCode() > 0) {
                return refusal(refused.getReturnCode(), refused.getMessage());
            }
            if (cause instanceof java.net.SocketTimeoutException) {
                return DeliveryFailure.retryable("SMTP relay did not answer in time");
            }
        }
        if (RestClients.neverSent(e)) { // no connection, no route, no address: the mail cannot have left
            return DeliveryFailure.unsent("SMTP relay unreachable: " + causes(e));
        }
        return DeliveryFailure.retryable("SMTP relay did not take the message: " + causes(e));
    }

    private static DeliveryFailure refusal(int code, String reply) {
        if (refusesRecipient(code, reply)) {
            return new DestinationUnreachable("SMTP relay refused the recipient: " + code);
        }
        return DeliveryFailure.retryable("SMTP relay did not take the message: " + code);
    }

    /** An RFC 3463 enhanced status code after the reply code: class, subject, detail. */
    private static final Pattern ENHANCED = Pattern.compile("^\\d{3}[ -]([245])\\.(\\d{1,3})\\.\\d{1,3}\\b");

    /**
     * Whether a reply refuses the recipient itself, for good: an addressing or mailbox status (RFC 3463 5.1.x, 5.2.x),
     * or without enhanced status 550, 551 or 553 (RFC 5321). Only then is the destination suspended. Other permanent
     * replies say nothing of the address — 500 to 504 are protocol errors (a connection out of step), 554 a transaction
     * or policy refusal — and are retried like a 4xx, up to the attempts allowed, without suspending anyone.
     *
     * @param reply the relay's reply as it came ("550 5.1.1 &lt;…&gt;: Recipient address rejected")
     */
    static boolean refusesRecipient(int code, String reply) {
        if (code < 500 || code > 599) {
            return false;
        }
        Matcher enhanced = ENHANCED.matcher(reply == null ? "" : reply.strip());
        if (enhanced.find()) {
            return enhanced.group(1).equals("5") && Set.of("1", "2").contains(enhanced.group(2));
        }
        return Set.of(550, 551, 553).contains(code);
    }

    /**
     * A mail a person is waiting for on a page (a confirmation, a management link): one more try at once when the
     * relay did not take it, which the pool makes on another connection (the failed one is closed). A connection the
     * relay left hanging costs at most {@code quarkus.mailer.timeout} per try.
     */
    @Retry(maxRetries = 1, delay = 0, retryOn = DeliveryFailure.class, abortOn = DestinationUnreachable.class)
    public void sendNow(Email email) {
        send(email);
    }

    /**
     * The HTML part in ASCII, every other character as a numeric character reference ({@code &#233;}), in lines of a
     * few blocks: the SMTP client then sends it as it is (7bit), where non-ASCII text makes it encode the part
     * quoted-printable and write it at 76 characters a line, one socket write per line (#20: that encoding and those
     * writes were about a tenth of broadcast-service's CPU per subscriber e-mail). Lines break after a block past
     * {@value #LINE} characters, under SMTP's 998; a longer one (a very long title) still goes quoted-printable: the
     * client decides.
     */
    static String asciiHtml(CharSequence html) {
        StringBuilder ascii = new StringBuilder(html.length() + 64);
        int[] lineStart = {0};
        html.codePoints().forEach(c -> {
            if (c < 0x80) {
                ascii.append((char) c);
            } else {
                ascii.append("&#").append(c).append(';');
            }
            if (c == '>' && ascii.length() - lineStart[0] > LINE && (endsWith(ascii, "</p>") || endsWith(ascii, "</li>")
                    || endsWith(ascii, "<ul>") || endsWith(ascii, "<body>"))) {
                ascii.append('\n');
                lineStart[0] = ascii.length();
            }
        });
        return ascii.toString();
    }

    private static final int LINE = 500;

    private static boolean endsWith(StringBuilder text, String end) {
        int from = text.length() - end.length();
        return from >= 0 && text.indexOf(end, from) == from;
    }

    /** The chain of exception classes, never their messages (an SMTP reply can quote the recipient's address). */
    private static String causes(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable cause = e; cause != null && chain.length() < 200; cause = cause.getCause()) {
            chain.append(chain.isEmpty() ? "" : " ← ").append(cause.getClass().getSimpleName());
        }
        return chain.toString();
    }
}
