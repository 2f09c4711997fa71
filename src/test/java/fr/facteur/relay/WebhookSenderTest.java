package fr.facteur.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import fr.facteur.tenant.Tenant;

/** The webhook signature scheme and what the sender does without its secret. */
class WebhookSenderTest {

    @Test
    void theSignatureIsHexHmacSha256OfTimestampDotBodyAsTheReadmeShowsInPython() {
        // computed independently with Python: hmac.new(secret, b"1795947300." + body, hashlib.sha256).hexdigest()
        assertThat(WebhookSender.sign("secret-0123456789abcdef", 1795947300L,
                "[{\"code\":\"01\"}]".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("89c505a2204d68c452ac1459d51a45418523b79c4c049db360e744e6ee947a30");
    }

    @Test
    void aMissingSecretMakesTheDeliveriesWaitAndNamesTheVariableOnly() {
        WebhookSender sender = new WebhookSender(null, Map.<String, String>of()::get, Clock.systemUTC());
        Tenant tenant = new Tenant("durand", "Durand", "44306184100047", new Tenant.Inbound(null, null), Set.of("UBL"),
                new Tenant.Returns("webhook", null, "json", Set.of(), new Tenant.Webhook(
                        URI.create("https://127.0.0.1:1/facteur"), "DURAND_SECRET", Duration.ofSeconds(1)),
                        Tenant.Returns.IMMEDIATE, null));

        assertThatThrownBy(() -> sender.post(tenant, "answer:1", "x.ack.json", new byte[0]))
                .isInstanceOf(EndpointUnavailableException.class)
                .hasMessage("durand: the webhook secret variable DURAND_SECRET is not set");
    }

    @Test
    void anUnreachableWebhookIsAnOutageNotAFinalFailure() {
        WebhookSender sender = new WebhookSender(null, Map.of("S", "0123456789abcdef0")::get, Clock.systemUTC());
        Tenant tenant = new Tenant("durand", "Durand", "44306184100047", new Tenant.Inbound(null, null), Set.of("UBL"),
                new Tenant.Returns("webhook", null, "json", Set.of(), new Tenant.Webhook(
                        URI.create("https://127.0.0.1:1/facteur"), "S", Duration.ofSeconds(2)),
                        Tenant.Returns.IMMEDIATE, null));

        assertThatThrownBy(() -> sender.post(tenant, "answer:1", "x.ack.json", new byte[0]))
                .isInstanceOf(EndpointUnavailableException.class)
                .hasMessageContaining("unreachable")
                .hasMessageNotContaining("0123456789abcdef0");
    }
}
