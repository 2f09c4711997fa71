package fr.facteur.as2.outbound;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.facteur.crypto.Certificates;
import fr.facteur.crypto.OperatorIdentity;

/**
 * Sends one payload by AS2 (RFC 4130): signed by the operator's identity, encrypted for the partner, MDN requested
 * (signed, with our MIC algorithm) and checked by our own code: the MDN's signature against the partner's
 * certificates, its Original-Message-ID against ours, its disposition, and its Received-Content-MIC against the MIC
 * we computed.
 *
 * <p>Retries: a connection failure, a timeout or a 5xx answer is tried again with exponential backoff, with the
 * same Message-ID, up to facteur.as2-outbound.attempts; then a retryable {@link As2DeliveryException} goes to the
 * caller (whose broker redelivers later: the row, found by reference, gives the same Message-ID again). A 4xx
 * answer, a negative MDN, an MDN that fails verification or an expired certificate is final: recorded as FAILED and
 * never sent again.
 *
 * <p>Java's HttpClient over HTTP/1.1 sends no {@code Expect: 100-continue}, so there is none of the 3 s stall seen
 * with camel-as2's client (stack.md).
 */
public class As2Sender {

    private static final Logger log = LoggerFactory.getLogger(As2Sender.class);

    /** What became of a message. */
    public enum Outcome { DELIVERED, AWAITING_MDN }

    private final As2OutboundRepository messages;
    private final OperatorIdentity identity;
    private final As2OutboundProperties properties;
    private final Clock clock;
    private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();

    public As2Sender(As2OutboundRepository messages, OperatorIdentity identity, As2OutboundProperties properties,
            Clock clock) {
        this.messages = messages;
        this.identity = identity;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Sends {@code content} as {@code fileName} unless the message of this {@code reference} was already delivered
     * (or awaits its async MDN).
     *
     * @param reference the caller's idempotence key (flow name, relay delivery key): one Message-ID per reference
     * @throws As2DeliveryException when not delivered; see {@link As2DeliveryException#retryable()}
     */
    public Outcome send(As2Destination to, String reference, String fileName, String contentType, byte[] content) {
        Smime.MicAlgorithm micAlgorithm = Smime.MicAlgorithm.of(properties.micAlgorithm());
        Smime.Encryption encryption = Smime.Encryption.of(to.encryption());
        boolean async = to.asyncMdn();
        if (async && properties.mdnUrl() == null) {
            throw new IllegalStateException(to.partnerAs2Id() + ": async MDN asked but facteur.as2-outbound.mdn-url is not set");
        }
        byte[] entity = payloadEntity(fileName, contentType, content);
        String mic = Smime.mic(entity, micAlgorithm);
        String certificates = pem(to);

        As2OutboundRepository.Row row = messages.create(reference, newMessageId(), to.purpose(), to.tenantId(),
                properties.as2Id(), to.partnerAs2Id(), to.url().toString(), fileName, mic, async ? "ASYNC" : "SYNC",
                certificates);
        switch (row.status()) {
            case "DELIVERED" -> {
                log.info("AS2 {} to {}: {} already delivered ({}), not sent again", row.messageId(), to.partnerAs2Id(),
                        reference, row.mdnDisposition());
                return Outcome.DELIVERED;
            }
            case "AWAITING_MDN", "MDN_RECEIVED" -> {
                log.info("AS2 {} to {}: {} already sent, its MDN is awaited", row.messageId(), to.partnerAs2Id(), reference);
                return Outcome.AWAITING_MDN;
            }
            case "FAILED" -> throw new As2DeliveryException("AS2 " + row.messageId() + " to " + to.partnerAs2Id()
                    + " failed finally before: " + row.lastError(), false, null);
            default -> { }
        }

        X509Certificate recipient;
        try {
            recipient = encryptionCertificate(to);
        } catch (As2DeliveryException e) {
            messages.failed(row.id(), e.getMessage(), null, null);
            throw e;
        }
        byte[] signed = Smime.sign(entity, identity.privateKey(), identity.certificate(), micAlgorithm);
        byte[] body = Smime.encrypt(signed, recipient, encryption);
        HttpRequest request = request(to, row.messageId(), fileName, body, encryption, micAlgorithm, async);

        Duration wait = properties.backoff();
        for (int attempt = 1; ; attempt++) {
            messages.attempt(row.id(), async ? "AWAITING_MDN" : "SENDING", mic, certificates);
            String problem;
            try {
                HttpResponse<byte[]> response = client(to.timeout()).send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    if (async) {
                        log.info("AS2 {} to {}: {} sent (attempt {}), async MDN awaited", row.messageId(),
                                to.partnerAs2Id(), fileName, attempt);
                        return Outcome.AWAITING_MDN;
                    }
                    String type = response.headers().firstValue("Content-Type").orElse("");
                    checkMdn(row.id(), row.messageId(), mic, type, response.body(), trusted(to));
                    log.info("AS2 {} to {}: {} delivered (attempt {})", row.messageId(), to.partnerAs2Id(), fileName,
                            attempt);
                    return Outcome.DELIVERED;
                }
                problem = "HTTP " + status + " from " + to.url();
                if (status >= 400 && status < 500) {
                    messages.failed(row.id(), problem, null, null);
                    throw new As2DeliveryException("AS2 " + row.messageId() + " to " + to.partnerAs2Id() + " refused: "
                            + problem + " (not retried)", false, null);
                }
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + ": " + e.getMessage() + " (" + to.url() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                messages.retrying(row.id(), "interrupted");
                throw new As2DeliveryException("AS2 " + row.messageId() + " interrupted", true, e);
            }
            messages.retrying(row.id(), problem);
            if (attempt >= properties.attempts()) {
                throw new As2DeliveryException("AS2 " + row.messageId() + " to " + to.partnerAs2Id() + " not delivered after "
                        + attempt + " attempts: " + problem, true, null);
            }
            log.warn("AS2 {} to {}: attempt {} failed ({}), next in {} ms", row.messageId(), to.partnerAs2Id(), attempt,
                    problem, wait.toMillis());
            sleep(wait);
            wait = min(wait.multipliedBy(2), properties.maxBackoff());
        }
    }

    /**
     * Matches an asynchronous MDN with its pending message (any instance may have sent it) and records the outcome.
     *
     * @return the message's Message-ID
     * @throws IllegalArgumentException when it matches no pending message or cannot be read
     * @throws SecurityException when its signature is not the partner's
     */
    public String receiveAsyncMdn(String contentType, byte[] body) {
        Mdn unverified = Mdn.read(contentType, body, null);
        String original = unverified.original().orElseThrow(() -> new IllegalArgumentException("MDN without Original-Message-ID"));
        As2OutboundRepository.Row row = messages.findByMessageId(original)
                .orElseThrow(() -> new IllegalArgumentException("no message " + original + " was sent"));
        if (!"AWAITING_MDN".equals(row.status())) {
            throw new IllegalArgumentException("message " + original + " awaits no MDN (" + row.status() + ")");
        }
        List<X509Certificate> trusted = readPem(row.partnerCertificates());
        Mdn mdn = Mdn.read(contentType, body, trusted); // throws before anything is recorded: a forged MDN changes nothing
        if (!messages.claimAwaiting(row.id())) {
            throw new IllegalArgumentException("message " + original + " was matched by another MDN meanwhile");
        }
        try {
            checkMdn(row.id(), row.messageId(), row.mic(), mdn);
        } catch (As2DeliveryException e) {
            log.warn("{}", e.getMessage());
        }
        return row.messageId();
    }

    private void checkMdn(long id, String messageId, String mic, String contentType, byte[] body,
            List<X509Certificate> trusted) {
        Mdn mdn;
        try {
            mdn = Mdn.read(contentType, body, trusted);
        } catch (SecurityException | IllegalArgumentException e) {
            messages.failed(id, "MDN rejected: " + e.getMessage(), null, null);
            throw new As2DeliveryException("AS2 " + messageId + ": MDN rejected: " + e.getMessage(), false, e);
        }
        checkMdn(id, messageId, mic, mdn);
    }

    private void checkMdn(long id, String messageId, String mic, Mdn mdn) {
        String problem = null;
        if (!messageId.equals(mdn.original().orElse(""))) {
            problem = "MDN answers " + mdn.originalMessageId() + ", not " + messageId;
        } else if (!mdn.positive()) {
            problem = "negative MDN: " + mdn.disposition();
        } else if (!sameMic(mic, mdn.receivedMic())) {
            problem = "MIC mismatch: we computed " + mic + ", the partner received " + mdn.receivedMic();
        }
        if (problem != null) {
            messages.failed(id, problem, mdn.disposition(), mdn.receivedMic());
            throw new As2DeliveryException("AS2 " + messageId + ": " + problem, false, null);
        }
        messages.delivered(id, mdn.disposition(), mdn.receivedMic());
    }

    /** "b64, sha-256" equals "b64,SHA256": digests exact, algorithm names normalised. */
    static boolean sameMic(String ours, String theirs) {
        if (theirs == null) {
            return false;
        }
        String[] a = ours.split(",");
        String[] b = theirs.split(",");
        if (a.length != 2 || b.length != 2) {
            return false;
        }
        return a[0].trim().equals(b[0].trim()) && a[1].trim().toLowerCase(Locale.ROOT).replace("-", "")
                .equals(b[1].trim().toLowerCase(Locale.ROOT).replace("-", ""));
    }

    private X509Certificate encryptionCertificate(As2Destination to) {
        java.util.Date now = java.util.Date.from(clock.instant());
        X509Certificate current = Objects.requireNonNull(to.certificate(), to.partnerAs2Id() + ": no certificate");
        if (!current.getNotAfter().before(now)) {
            return current;
        }
        X509Certificate next = to.nextCertificate();
        if (next != null && !next.getNotAfter().before(now) && !next.getNotBefore().after(now)) {
            return next;
        }
        if (to.allowExpiredCertificate()) {
            log.warn("AS2 to {}: certificate expired on {}, used anyway (allow-expired-certificate)", to.partnerAs2Id(),
                    current.getNotAfter().toInstant());
            return current;
        }
        throw new As2DeliveryException("AS2 to " + to.partnerAs2Id() + ": certificate " + current.getSubjectX500Principal()
                + " expired on " + current.getNotAfter().toInstant() + " (set allow-expired-certificate to send anyway)",
                false, null);
    }

    private HttpRequest request(As2Destination to, String messageId, String fileName, byte[] body,
            Smime.Encryption encryption, Smime.MicAlgorithm micAlgorithm, boolean async) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("AS2-Version", "1.2");
        headers.put("AS2-From", quoted(properties.as2Id()));
        headers.put("AS2-To", quoted(to.partnerAs2Id()));
        headers.put("Message-ID", messageId);
        headers.put("Subject", fileName.replaceAll("[^\\x20-\\x7E]", "_"));
        headers.put("MIME-Version", "1.0");
        headers.put("Content-Type", Smime.encryptedContentType(encryption));
        headers.put("Content-Transfer-Encoding", "binary");
        headers.put("Disposition-Notification-To", properties.as2Id());
        headers.put("Disposition-Notification-Options",
                "signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, " + micAlgorithm.micalg);
        if (async) {
            headers.put("Receipt-Delivery-Option", properties.mdnUrl().toString());
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(to.url()).timeout(to.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return builder.build();
    }

    /** AS2 ids with spaces or quotes are sent quoted (RFC 4130 §6.2). */
    private static String quoted(String as2Id) {
        return as2Id.matches("[\\x21-\\x7E&&[^\"\\\\]]+") ? as2Id : "\"" + as2Id.replace("\"", "\\\"") + "\"";
    }

    private HttpClient client(Duration timeout) {
        return clients.computeIfAbsent(timeout, t -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(t).followRedirects(HttpClient.Redirect.NEVER).build());
    }

    /** The inner MIME entity: what is signed and what the MIC covers. */
    static byte[] payloadEntity(String fileName, String contentType, byte[] content) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("Content-Transfer-Encoding", "binary");
        headers.put("Content-Disposition", "attachment; filename=\"" + fileName.replaceAll("[\"\\\\\\r\\n]", "_") + "\"");
        return Mime.entity(headers, content);
    }

    private String newMessageId() {
        return "<" + UUID.randomUUID() + "@" + properties.as2Id().replaceAll("[^A-Za-z0-9.-]", "_") + ">";
    }

    private static List<X509Certificate> trusted(As2Destination to) {
        List<X509Certificate> trusted = new ArrayList<>();
        trusted.add(to.certificate());
        if (to.nextCertificate() != null) {
            trusted.add(to.nextCertificate());
        }
        return trusted;
    }

    private static String pem(As2Destination to) {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : trusted(to)) {
            pem.append(Certificates.toPem(certificate));
        }
        return pem.toString();
    }

    static List<X509Certificate> readPem(String pem) {
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var c : java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificates(new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))) {
                certificates.add((X509Certificate) c);
            }
            return certificates;
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException("unreadable partner certificates", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new As2DeliveryException("interrupted while waiting to retry", true, e);
        }
    }
}
