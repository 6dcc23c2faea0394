package fr.tocsin.broadcast.networks;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Retry;

import java.util.Map;

/**
 * The e-mail channel: one message, plain text and HTML, through the SMTP relay ({@code quarkus.mailer.*}). Headers
 * are set by the caller from values it built itself (Message-ID, List-Unsubscribe): never from what a subscriber
 * typed, which {@code Destinations} reduced to a plain address.
 */
@ApplicationScoped
public class MailGateway {

    /** One e-mail; {@code headers} such as Message-ID, List-Unsubscribe, List-Unsubscribe-Post. */
    public record Email(String to, String subject, String text, String html, Map<String, String> headers) {
    }

    @Inject
    Mailer mailer;

    /**
     * @throws DestinationUnreachable the relay refused the recipient for good (a 5xx reply: unknown user, domain...)
     * @throws DeliveryFailure retryable: the relay did not take it (it may be down or slow, or answered 4xx)
     */
    public void send(Email email) {
        // The sender is quarkus.mailer.from.
        Mail mail = Mail.withText(email.to(), email.subject(), email.text()).setHtml(email.html());
        email.headers().forEach(mail::addHeader);
        try {
            mailer.send(mail);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SMTPException smtp && smtp.isPermanent()) {
                    throw new DestinationUnreachable("SMTP relay refused the message: " + smtp.getReplyCode());
                }
            }
            throw DeliveryFailure.retryable("SMTP relay did not take the message: " + causes(e));
        }
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

    /** The chain of exception classes, never their messages (an SMTP reply can quote the recipient's address). */
    private static String causes(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable cause = e; cause != null && chain.length() < 200; cause = cause.getCause()) {
            chain.append(chain.isEmpty() ? "" : " ← ").append(cause.getClass().getSimpleName());
        }
        return chain.toString();
    }
}
