package fr.tocsin.broadcast.networks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook signature against the Standard Webhooks reference libraries' own published vector (their
 * TestWebhookSign: secret, message id, timestamp and body → signature), not against our own code: a partner
 * verifying with any Standard Webhooks library must accept what we send.
 */
class WebhookSignatureVectorTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String BODY = "{\"test\": 2432232314}";

    @Test
    void signsAsTheStandardWebhooksReferenceVector() {
        assertThat("v1," + WebhookAdapter.sign(SECRET, MESSAGE_ID + "." + TIMESTAMP + "." + BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void theSecretWithoutItsPrefixSignsTheSame() {
        assertThat(WebhookAdapter.sign(SECRET.substring("whsec_".length()), MESSAGE_ID + "." + TIMESTAMP + "." + BODY))
                .isEqualTo("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
