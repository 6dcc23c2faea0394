package fr.tocsin.broadcast.networks;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.mutiny.TimeoutException;
import io.vertx.core.MultiMap;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.mutiny.ext.mail.MailClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The e-mail channel: one message, plain text and HTML, through the SMTP relay ({@code quarkus.mailer.*}). Headers
 * are set by the caller from values it built itself (Message-ID, List-Unsubscribe): never from what a subscriber
 * typed, which {@code Destinations} reduced to a plain address.
 *
 * <p>Sent through the Vert.x mail client that quarkus-mailer configures (its pool, keep-alive, TLS, DKIM and
 * {@code quarkus.mailer.timeout}), with a message of our own rather than quarkus-mailer's {@code Mail}: that one always
 * carries a Cc list, empty for us, which Vert.x writes as an empty {@code Cc:} header (RFC 5322 asks for at least one
 * address, and spam filters notice), and parses every address once more before Vert.x does.
 */
@ApplicationScoped
public class MailGateway {

    /** One e-mail; {@code headers} such as Message-ID, List-Unsubscribe, List-Unsubscribe-Post. */
    public record Email(String to, String subject, String text, String html, Map<String, String> headers) {
    }

    @Inject
    MailClient client;

    /** Used only when quarkus-mailer mocks the relay (dev and test mode unless set): its mock mailbox keeps the mail. */
    @Inject
    Mailer mockable;

    @ConfigProperty(name = "quarkus.mailer.from")
    String from;

    @ConfigProperty(name = "quarkus.mailer.bounce-address")
    Optional<String> bounceAddress;

    /** The longest one mail may wait on the relay, as quarkus-mailer's own {@code Mailer} would. */
    @ConfigProperty(name = "quarkus.mailer.timeout", defaultValue = "60s")
    Duration timeout;

    @ConfigProperty(name = "quarkus.mailer.mock")
    Optional<Boolean> mock;

    private boolean mocked;

    @jakarta.annotation.PostConstruct
    void readMode() {
        mocked = mock.orElse(LaunchMode.current().isDevOrTest());
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
        bounceAddress.ifPresent(message::setBounceAddress);
        try {
            client.sendMail(message).await().atMost(timeout);
        } catch (TimeoutException e) {
            throw DeliveryFailure.retryable("SMTP relay did not answer within " + timeout.toSeconds() + " s");
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SMTPException smtp && refusesRecipient(smtp)) {
                    throw new DestinationUnreachable("SMTP relay refused the recipient: " + smtp.getReplyCode());
                }
                if (cause instanceof SMTPException smtp) {
                    throw DeliveryFailure.retryable("SMTP relay did not take the message: " + smtp.getReplyCode());
                }
            }
            throw DeliveryFailure.retryable("SMTP relay did not take the message: " + causes(e));
        }
    }

    /**
     * Whether a reply refuses the recipient itself, for good: an addressing or mailbox status (RFC 3463 5.1.x, 5.2.x),
     * or without enhanced status 550, 551 or 553 (RFC 5321). Only then is the destination suspended. Other permanent
     * replies say nothing of the address — 500 to 504 are protocol errors (a connection out of step), 554 a transaction
     * or policy refusal — and are retried like a 4xx, up to the attempts allowed, without suspending anyone.
     */
    static boolean refusesRecipient(SMTPException smtp) {
        if (!smtp.isPermanent()) {
            return false;
        }
        return switch (smtp.getEnhancedStatus()) {
            case OTHER_ADDRESS, OTHER_MAILBOX -> true;
            case OTHER_UNDEFINED, OTHER_UNKNOWN -> Set.of(550, 551, 553).contains(smtp.getReplyCode());
            default -> false;
        };
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
