package fr.tocsin.broadcast.delivery;

import fr.tocsin.broadcast.networks.ChannelAdapter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a stored or logged delivery error keeps: the class, the status, the host; never a path, a query or a secret. */
class RedactionTest {

    @Test
    void pathsQueriesAuthorizationAndTheAccountsSecretsAreRemoved() {
        ChannelAdapter.Credentials credentials = new ChannelAdapter.Credentials("123456:AAH-secret-bot-token", "prefet59",
                "app-password-secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                new ChannelAdapter.OAuthRefresh("prefet59-x", "refresh-token-secret", "client-59", "client-secret-59"));
        String raw = "Telegram: NoStackTraceTimeoutException The timeout period of 1000ms has been exceeded while executing "
                + "POST /bot123456:AAH-secret-bot-token/sendMessage for server api.telegram.org:443; "
                + "see https://api.telegram.org/bot123456:AAH-secret-bot-token/sendMessage?x=1 with Authorization: Bearer eyJ.abc.def "
                + "and Basic Y2xpZW50OnNlY3JldA== access_token=facebook-page-token-value password=app-password-secret "
                + "refresh-token-secret client-secret-59 whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String safe = Redaction.redact(raw, credentials);
        assertThat(safe).contains("NoStackTraceTimeoutException").contains("api.telegram.org").contains("https://api.telegram.org")
                .doesNotContain("AAH-secret-bot-token").doesNotContain("sendMessage?").doesNotContain("eyJ.abc.def")
                .doesNotContain("Y2xpZW50OnNlY3JldA==").doesNotContain("facebook-page-token-value")
                .doesNotContain("app-password-secret").doesNotContain("refresh-token-secret").doesNotContain("client-secret-59")
                .doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(Redaction.redact("Webhook: ConnectException https://partner:hook-password@partner.example/hooks/abc?sig=1", null))
                .isEqualTo("Webhook: ConnectException https://partner.example");
        assertThat(Redaction.redact("Mastodon answered 502: Bad gateway", credentials)).isEqualTo("Mastodon answered 502: Bad gateway");
        assertThat(Redaction.redact("X refused to refresh the access token of credentials 'test-x-refresh' (400 invalid_grant): "
                + "put in tocsin.social.credentials.test-x-refresh.refresh-token", null))
                .contains("tocsin.social.credentials.test-x-refresh.refresh-token");
    }
}
