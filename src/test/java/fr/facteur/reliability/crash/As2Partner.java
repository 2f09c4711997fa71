package fr.facteur.reliability.crash;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import fr.facteur.as2.As2TestClient;

/**
 * A supplier's AS2 software as a real partner runs it: the message is signed and encrypted once, and sent again
 * with the same Message-ID (and the same bytes) until a synchronous MDN comes back, whether the connection was
 * refused (the gateway is down), cut (killed mid-request) or answered with a server error (503 while the gateway's
 * broker is down). Any MDN is final, as for most AS2 software, negative ones included: a gateway that gave an error
 * MDN for a transient failure would lose the invoice here. A gateway that already took the message answers the
 * stored MDN, so retrying is safe.
 */
public final class As2Partner {

    private final String as2Id;
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final X509Certificate gateway;
    private final URI url;
    private final AtomicInteger retries = new AtomicInteger();

    public As2Partner(String as2Id, KeyPair keys, X509Certificate certificate, X509Certificate gateway, URI url) {
        this.as2Id = as2Id;
        this.keys = keys;
        this.certificate = certificate;
        this.gateway = gateway;
        this.url = url;
    }

    /** Sends until an MDN is read (or {@code giveUpAfter}); returns its disposition. */
    public String send(String fileName, byte[] content, String messageId, Duration giveUpAfter) throws Exception {
        As2TestClient.Entity message = As2TestClient.encrypt(As2TestClient.sign(As2TestClient.payload(content,
                "attachment; filename=\"" + fileName + "\""), keys.getPrivate(), certificate, "sha-256"), gateway);
        Map<String, String> headers = As2TestClient.headers(as2Id, "FACTEUR", messageId);
        headers.put("Disposition-Notification-To", "mdn@" + as2Id.toLowerCase() + ".test");
        headers.put("Disposition-Notification-Options",
                "signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha-256");
        Instant deadline = Instant.now().plus(giveUpAfter);
        long backoff = 200;
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<byte[]> response = As2TestClient.send(url, message, headers);
                if (response.statusCode() == 200) {
                    // an MDN is final, whatever its disposition: a partner does not resend after one
                    return As2TestClient.readMdn(response.headers().firstValue("Content-Type").orElseThrow(),
                            response.body(), gateway).disposition();
                } else {
                    // 503 while the gateway's broker or database is down, 5xx, cut connections: resent, same Message-ID
                    last = new IOException("HTTP " + response.statusCode());
                }
            } catch (IOException e) {
                last = e;
            }
            retries.incrementAndGet();
            // a partner's retry interval, with backoff; the wait is the partner's, not the test's
            synchronized (this) {
                wait(backoff);
            }
            backoff = Math.min(backoff * 2, 2000);
        }
        throw new IllegalStateException(messageId + " not acknowledged after " + giveUpAfter, last);
    }

    public int retries() {
        return retries.get();
    }
}
