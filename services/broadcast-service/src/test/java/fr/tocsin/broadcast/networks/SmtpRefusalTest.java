package fr.tocsin.broadcast.networks;

import io.vertx.ext.mail.SMTPException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which SMTP replies suspend a subscriber's address: only those refusing the recipient itself. A relay's protocol error
 * (CI once saw GreenMail answer 500 mid-fan-out) suspended a citizen's address for good and failed the message.
 */
class SmtpRefusalTest {

    @Test
    void anAddressingOrMailboxRefusalSuspendsTheDestination() {
        assertThat(MailGateway.refusesRecipient(reply("550 5.1.1 <x@example.org>: Recipient address rejected", true)))
                .isTrue();
        assertThat(MailGateway.refusesRecipient(reply("552 5.2.2 Mailbox full", true))).isTrue();
        assertThat(MailGateway.refusesRecipient(reply("550 No such user here", false))).isTrue();
        assertThat(MailGateway.refusesRecipient(reply("553 Mailbox name not allowed", false))).isTrue();
    }

    @Test
    void aProtocolErrorAPolicyRefusalOrATemporaryReplyDoesNot() {
        assertThat(MailGateway.refusesRecipient(reply("500 Command not recognized", false))).isFalse();
        assertThat(MailGateway.refusesRecipient(reply("501 Required syntax", false))).isFalse();
        assertThat(MailGateway.refusesRecipient(reply("503 5.5.1 MAIL command required", true))).isFalse();
        assertThat(MailGateway.refusesRecipient(reply("554 5.7.1 Message refused by policy", true))).isFalse();
        assertThat(MailGateway.refusesRecipient(reply("550 5.7.1 Spam detected", true))).isFalse();
        assertThat(MailGateway.refusesRecipient(reply("450 4.2.1 Mailbox busy", true))).isFalse();
        assertThat(MailGateway.refusesRecipient(reply("421 Service shutting down", false))).isFalse();
    }

    /** A reply as the Vert.x client reports it; {@code enhanced} when the relay announced ENHANCEDSTATUSCODES. */
    private static SMTPException reply(String line, boolean enhanced) {
        return new SMTPException("sending failed", Integer.parseInt(line.substring(0, 3)), List.of(line), enhanced);
    }
}
