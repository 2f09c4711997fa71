package fr.facteur.inbound.as2;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.facteur.as2.Mdn;

/**
 * Posts asynchronous MDNs (RFC 4130 §7.3) after the HTTP exchange of the message is over, only ever to URLs the
 * receiver has checked against the partner's async-mdn-hosts. Redirects are not followed: a redirect could lead
 * anywhere, which is exactly what the host list prevents.
 */
public class AsyncMdnSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AsyncMdnSender.class);

    private final As2MessageStore store;
    private final String ourAs2Id;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "as2-async-mdn");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http;

    public AsyncMdnSender(As2MessageStore store, String ourAs2Id, Duration timeout) {
        this.store = store;
        this.ourAs2Id = ourAs2Id;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    public void send(long recordId, String partnerAs2Id, URI url, Mdn mdn) {
        executor.execute(() -> {
            String delivery;
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(timeout)
                        .header("AS2-Version", "1.2")
                        .header("AS2-From", quoted(ourAs2Id))
                        .header("AS2-To", quoted(partnerAs2Id))
                        .header("Message-ID", mdn.messageId())
                        .header("MIME-Version", "1.0")
                        .header("Content-Type", mdn.contentType())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(mdn.body())).build(),
                        HttpResponse.BodyHandlers.discarding());
                delivery = response.statusCode() / 100 == 2 ? "ASYNC_SENT" : "ASYNC_FAILED";
                log.info("asynchronous MDN {} to {}: HTTP {}", mdn.messageId(), url, response.statusCode());
            } catch (Exception e) {
                delivery = "ASYNC_FAILED";
                log.warn("asynchronous MDN {} to {} failed: {}", mdn.messageId(), url, e.toString());
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
            if (recordId > 0) {
                store.markDelivery(recordId, delivery);
            }
        });
    }

    static String quoted(String as2Id) {
        return as2Id.matches("[!#-~]+") ? as2Id : "\"" + as2Id + "\"";
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
