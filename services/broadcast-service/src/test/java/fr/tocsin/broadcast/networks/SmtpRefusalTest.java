package fr.tocsin.broadcast.networks;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which SMTP replies suspend a subscriber's address: only those refusing the recipient itself. A relay's protocol error
 * (CI once saw GreenMail answer 500 mid-fan-out) suspended a citizen's address for good and failed the message.
 */
class SmtpRefusalTest {

    @Test
    void anAddressingOrMailboxRefusalSuspendsTheDestination() {
        assertThat(refusesRecipient("550 5.1.1 <x@example.org>: Recipient address rejected"))
                .isTrue();
        assertThat(refusesRecipient("552 5.2.2 Mailbox full")).isTrue();
        assertThat(refusesRecipient("550 No such user here")).isTrue();
        assertThat(refusesRecipient("553 Mailbox name not allowed")).isTrue();
    }

    @Test
    void aProtocolErrorAPolicyRefusalOrATemporaryReplyDoesNot() {
        assertThat(refusesRecipient("500 Command not recognized")).isFalse();
        assertThat(refusesRecipient("501 Required syntax")).isFalse();
        assertThat(refusesRecipient("503 5.5.1 MAIL command required")).isFalse();
        assertThat(refusesRecipient("554 5.7.1 Message refused by policy")).isFalse();
        assertThat(refusesRecipient("550 5.7.1 Spam detected")).isFalse();
        assertThat(refusesRecipient("450 4.2.1 Mailbox busy")).isFalse();
        assertThat(refusesRecipient("421 Service shutting down")).isFalse();
    }

    @Test
    void aRecipientRefusedAtRcptIsUnreachableAsJakartaMailReportsIt() throws Exception {
        // Angus answers a refused RCPT with "Invalid Addresses", the relay's reply chained behind it.
        SendFailedException invalid = new SendFailedException("Invalid Addresses", new SMTPAddressFailedException(
                new InternetAddress("x@example.org"), "RCPT TO:<x@example.org>", 550,
                "550 5.1.1 <x@example.org>: Recipient address rejected"));
        assertThat(MailGateway.failure(invalid)).isInstanceOf(DestinationUnreachable.class)
                .hasMessage("SMTP relay refused the recipient: 550").hasMessageNotContaining("example.org");
        SendFailedException busy = new SendFailedException("Invalid Addresses", new SMTPAddressFailedException(
                new InternetAddress("x@example.org"), "RCPT TO:<x@example.org>", 450, "450 4.2.1 Mailbox busy"));
        assertThat(MailGateway.failure(busy)).isNotInstanceOf(DestinationUnreachable.class)
                .satisfies(failure -> assertThat(failure.retryable()).isTrue());
    }

    @Test
    void aRefusedTransactionASilentRelayAndAnUnreachableOneAreRetried() {
        SMTPSendFailedException dataRefused = new SMTPSendFailedException(".", 554, "554 5.7.1 Message refused by policy",
                null, null, null, null);
        assertThat(MailGateway.failure(dataRefused)).isNotInstanceOf(DestinationUnreachable.class)
                .hasMessage("SMTP relay did not take the message: 554")
                .satisfies(failure -> assertThat(failure.retryable()).isTrue());
        assertThat(MailGateway.failure(new MessagingException("Exception reading response",
                new SocketTimeoutException("Read timed out")))).hasMessage("SMTP relay did not answer in time")
                .satisfies(failure -> assertThat(failure.retryable()).isTrue());
        assertThat(MailGateway.failure(new MessagingException("Couldn't connect to host",
                new ConnectException("Connection refused")))).hasMessageStartingWith("SMTP relay unreachable")
                .satisfies(failure -> assertThat(failure.retryable()).isTrue());
    }

    /** A reply as the relay wrote it, with or without an RFC 3463 enhanced status. */
    private static boolean refusesRecipient(String line) {
        return MailGateway.refusesRecipient(Integer.parseInt(line.substring(0, 3)), line);
    }
}
