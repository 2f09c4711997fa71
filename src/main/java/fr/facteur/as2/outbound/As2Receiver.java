package fr.facteur.as2.outbound;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small AS2 receiving side, for the peers of our outbound messages that live in this code base: the Chorus Pro
 * simulator's AS2 endpoint, and test partners. It decrypts, checks the signature against the sender's registered
 * certificates, hands the payload over and answers with a signed MDN (sync, or async to Receipt-Delivery-Option).
 * It is deliberately independent of camel-as2, so the sender is tested against another implementation. (The
 * gateway's own inbound AS2 server, for suppliers, is fr.facteur.as2.)
 */
public final class As2Receiver {

    private static final Logger log = LoggerFactory.getLogger(As2Receiver.class);
    private static final Pattern MICALG = Pattern.compile("signed-receipt-micalg\\s*=\\s*(?:optional|required)\\s*,\\s*([^;]+)",
            Pattern.CASE_INSENSITIVE);

    /** Takes a received payload; an exception makes the MDN say unexpected-processing-error. */
    @FunctionalInterface
    public interface PayloadHandler {
        void accept(String as2From, String messageId, String fileName, byte[] content) throws Exception;
    }

    /** An HTTP answer. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    private final String as2Id;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final Function<String, List<X509Certificate>> partnerCertificates;
    private final PayloadHandler handler;
    private final HttpClient mdnClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Executor asyncMdns = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "as2-async-mdn");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param partnerCertificates AS2-From → the certificates its signatures must verify with; an empty list refuses
     *                            the sender
     */
    public As2Receiver(String as2Id, PrivateKey key, X509Certificate certificate,
            Function<String, List<X509Certificate>> partnerCertificates, PayloadHandler handler) {
        this.as2Id = as2Id;
        this.key = key;
        this.certificate = certificate;
        this.partnerCertificates = partnerCertificates;
        this.handler = handler;
    }

    /** @param headers HTTP request headers, names in any case */
    public Answer receive(Map<String, String> headers, byte[] body) {
        Map<String, String> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
        String messageId = h.getOrDefault("message-id", "");
        String from = unquote(h.getOrDefault("as2-from", ""));
        String to = unquote(h.getOrDefault("as2-to", ""));
        String options = h.getOrDefault("disposition-notification-options", "");
        Smime.MicAlgorithm micalg = micAlgorithm(options);
        boolean signedMdn = options.toLowerCase(Locale.ROOT).contains("pkcs7-signature");
        String mic = null;
        String disposition;
        String text;
        try {
            if (!as2Id.equals(to)) {
                throw new Refused("processed/error: unknown-trading-partner", "unknown AS2-To " + to);
            }
            List<X509Certificate> trusted = partnerCertificates.apply(from);
            if (trusted == null || trusted.isEmpty()) {
                throw new Refused("processed/error: unknown-trading-partner", "unknown AS2-From " + from);
            }
            Mime.Entity entity = Mime.of(h.getOrDefault("content-type", "application/octet-stream"), body);
            if (Mime.mediaType(entity.contentType()).equals("application/pkcs7-mime")) {
                try {
                    entity = Mime.parse(Smime.decrypt(body, key, certificate));
                } catch (SecurityException e) {
                    throw new Refused("processed/error: decryption-failed", e.getMessage());
                }
            } else {
                throw new Refused("processed/error: insufficient-message-security", "not encrypted");
            }
            if (!Mime.mediaType(entity.contentType()).equals("multipart/signed")) {
                throw new Refused("processed/error: insufficient-message-security", "not signed");
            }
            Smime.Verified verified;
            try {
                verified = Smime.verify(entity, trusted);
            } catch (SecurityException e) {
                throw new Refused("processed/error: authentication-failed", e.getMessage());
            }
            mic = Smime.mic(verified.signedEntity(), micalg);
            Mime.Entity payload = Mime.parse(verified.signedEntity());
            String fileName = payload.header("content-disposition").flatMap(d -> Mime.parameter(d, "filename"))
                    .orElse(messageId.replaceAll("[^A-Za-z0-9]", "_"));
            try {
                handler.accept(from, messageId, fileName, payload.decodedBody());
            } catch (Exception e) {
                log.warn("AS2 {} from {}: processing failed", messageId, from, e);
                throw new Refused("processed/error: unexpected-processing-error", "processing failed");
            }
            disposition = "processed";
            text = "The message " + messageId + " was received and verified.";
        } catch (Refused e) {
            disposition = e.disposition;
            text = "The message " + messageId + " was not processed: " + e.getMessage();
            log.warn("AS2 {} from {} to {}: {}", messageId, from, to, text);
        }
        Mdn.Written mdn = Mdn.write(as2Id, as2Id, messageId, disposition, mic, text, signedMdn ? key : null, certificate,
                micalg);
        Map<String, String> answerHeaders = new LinkedHashMap<>();
        answerHeaders.put("AS2-Version", "1.2");
        answerHeaders.put("AS2-From", as2Id);
        answerHeaders.put("AS2-To", from);
        answerHeaders.put("Message-ID", "<" + java.util.UUID.randomUUID() + "@" + as2Id + ">");
        answerHeaders.put("Content-Type", mdn.contentType());
        answerHeaders.put("MIME-Version", "1.0");
        Optional<String> receiptUrl = Optional.ofNullable(h.get("receipt-delivery-option")).map(String::trim);
        if (receiptUrl.isPresent()) {
            asyncMdns.execute(() -> deliverAsync(receiptUrl.get(), answerHeaders, mdn.body()));
            return new Answer(200, Map.of(), new byte[0]);
        }
        return new Answer(200, answerHeaders, mdn.body());
    }

    private void deliverAsync(String url, Map<String, String> headers, byte[] mdn) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(mdn));
            headers.forEach(request::header);
            HttpResponse<String> response = mdnClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
            log.info("AS2 async MDN to {}: HTTP {}", url, response.statusCode());
        } catch (Exception e) {
            log.warn("AS2 async MDN to {} failed: {}", url, e.toString());
        }
    }

    private static Smime.MicAlgorithm micAlgorithm(String options) {
        Matcher m = MICALG.matcher(options);
        if (m.find()) {
            for (String name : m.group(1).split(",")) {
                try {
                    return Smime.MicAlgorithm.of(name);
                } catch (IllegalArgumentException e) {
                    // not one we compute: try the next one the sender accepts
                }
            }
        }
        return Smime.MicAlgorithm.SHA256;
    }

    private static String unquote(String value) {
        String v = value.trim();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static final class Refused extends Exception {
        final String disposition;

        Refused(String disposition, String message) {
            super(message);
            this.disposition = disposition;
        }
    }
}
