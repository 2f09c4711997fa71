package fr.facteur.relay;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;

import fr.facteur.tenant.Tenant;

/**
 * Delivers a rendered return to a {@code webhook} tenant: one HTTPS POST of the document as is, with
 * <ul>
 * <li>{@value #SIGNATURE}: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." followed by the body bytes>},
 * keyed with the secret of the environment variable the tenant file names (never logged, never stored);</li>
 * <li>{@value #IDEMPOTENCY_KEY}: the delivery key, the same on every attempt of one delivery, so the receiver can
 * drop a duplicate (an attempt whose answer was lost, a resend after a crash);</li>
 * <li>{@value #FILE_NAME} and {@value #TENANT}: the document's file name and the tenant id.</li>
 * </ul>
 * Any 2xx is a delivery. 408, 429, 5xx, timeouts and connection errors are {@link EndpointUnavailableException}
 * (the dispatcher waits with backoff, then tries again); any other status is {@link DeliveryRefusedException}
 * (final). Redirects are not followed: a signed body goes where it was configured to go, nowhere else.
 */
public class WebhookSender {

    public static final String SIGNATURE = "X-Facteur-Signature";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String FILE_NAME = "X-Facteur-File-Name";
    public static final String TENANT = "X-Facteur-Tenant";

    private final HttpClient client;
    private final Function<String, String> environment;
    private final Clock clock;

    /**
     * @param sslContext  null for the JVM's default trust (production); a test's own trust otherwise
     * @param environment reads the secret's environment variable (System::getenv in production)
     */
    public WebhookSender(SSLContext sslContext, Function<String, String> environment, Clock clock) {
        HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10));
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.client = builder.build();
        this.environment = environment;
        this.clock = clock;
    }

    public void post(Tenant tenant, String deliveryKey, String fileName, byte[] body) {
        Tenant.Webhook webhook = tenant.returns() == null ? null : tenant.returns().webhook();
        if (webhook == null) {
            throw new IllegalStateException(tenant.id() + ": returns.channel is webhook but returns.webhook is not set");
        }
        String secret = environment.apply(webhook.secretEnv());
        if (secret == null || secret.isEmpty()) {
            // a deployment problem, not the document's: wait for the operator to set it, and keep the deliveries
            throw new EndpointUnavailableException(tenant.id() + ": the webhook secret variable " + webhook.secretEnv()
                    + " is not set", null);
        }
        long t = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(webhook.url())
                .timeout(webhook.timeout())
                .header("Content-Type", contentType(fileName))
                .header(SIGNATURE, "t=" + t + ",v1=" + sign(secret, t, body))
                .header(IDEMPOTENCY_KEY, deliveryKey)
                .header(FILE_NAME, fileName)
                .header(TENANT, tenant.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EndpointUnavailableException(tenant.id() + ": webhook " + webhook.url() + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EndpointUnavailableException(tenant.id() + ": interrupted while posting to the webhook", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String answer = abbreviate(response.body());
        if (status == 408 || status == 429 || status >= 500) {
            throw new EndpointUnavailableException(tenant.id() + ": webhook " + webhook.url() + " answered " + status
                    + " " + answer, null);
        }
        throw new DeliveryRefusedException(tenant.id() + ": webhook " + webhook.url() + " refused " + fileName
                + " with " + status + " " + answer);
    }

    /** The v1 signature: hex HMAC-SHA256 over {@code "<t>."} followed by the body bytes. */
    public static String sign(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static String contentType(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return "application/json";
        }
        if (name.endsWith(".csv")) {
            return "text/csv; charset=utf-8; header=present";
        }
        return "application/xml";
    }

    private static String abbreviate(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return "(" + (oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine) + ")";
    }
}
