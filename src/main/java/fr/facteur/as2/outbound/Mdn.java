package fr.facteur.as2.outbound;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A message disposition notification (RFC 3798 / RFC 4130 §7): read and checked on the sending side, written on
 * the receiving side (simulator, test peers).
 *
 * @param originalMessageId the Message-ID it answers, angle brackets kept
 * @param disposition       e.g. {@code automatic-action/MDN-sent-automatically; processed/error: decryption-failed}
 * @param receivedMic       the Received-Content-MIC ({@code base64, sha-256}), null when absent
 * @param signer            the certificate whose signature verified, null for an unsigned MDN
 */
public record Mdn(String originalMessageId, String disposition, String receivedMic, X509Certificate signer) {

    /** "processed" without an error or failure modifier (a warning is still a success, RFC 4130 §7.4.3). */
    public boolean positive() {
        int semicolon = disposition.indexOf(';');
        String type = (semicolon < 0 ? "" : disposition.substring(semicolon + 1)).trim().toLowerCase(Locale.ROOT);
        return type.equals("processed") || type.startsWith("processed/warning");
    }

    /**
     * Reads an MDN answered to us. When {@code trusted} is not empty the MDN must be signed by one of those
     * certificates (the partner's current or next one); null only peeks, verifying nothing.
     *
     * @throws SecurityException when the signature is missing, foreign or broken
     * @throws IllegalArgumentException when it is not an MDN
     */
    static Mdn read(String contentType, byte[] body, Collection<X509Certificate> trusted) {
        Mime.Entity entity = Mime.of(contentType, body);
        X509Certificate signer = null;
        if (Mime.mediaType(contentType).equals("multipart/signed") && trusted == null) {
            // only peeking (which message does it answer?): the caller verifies it next, with the right certificates
            String boundary = Mime.parameter(contentType, "boundary").orElseThrow(
                    () -> new IllegalArgumentException("multipart/signed without a boundary"));
            entity = Mime.parse(Mime.parts(body, boundary).get(0));
        } else if (Mime.mediaType(contentType).equals("multipart/signed")) {
            Smime.Verified verified = Smime.verify(entity, trusted);
            signer = verified.signer();
            entity = Mime.parse(verified.signedEntity());
        } else if (trusted != null && !trusted.isEmpty()) {
            throw new SecurityException("unsigned MDN (" + Mime.mediaType(contentType) + ") where a signed one was asked");
        }
        if (!Mime.mediaType(entity.contentType()).equals("multipart/report")) {
            throw new IllegalArgumentException("not an MDN: " + Mime.mediaType(entity.contentType()));
        }
        String boundary = Mime.parameter(entity.contentType(), "boundary")
                .orElseThrow(() -> new IllegalArgumentException("multipart/report without a boundary"));
        for (byte[] part : Mime.parts(entity.body(), boundary)) {
            Mime.Entity report = Mime.parse(part);
            if (Mime.mediaType(report.contentType()).equals("message/disposition-notification")) {
                Map<String, String> fields = Mime.headers(new String(report.decodedBody(), StandardCharsets.ISO_8859_1));
                String disposition = fields.get("disposition");
                if (disposition == null) {
                    throw new IllegalArgumentException("MDN without a Disposition field");
                }
                return new Mdn(fields.get("original-message-id"), disposition, fields.get("received-content-mic"), signer);
            }
        }
        throw new IllegalArgumentException("multipart/report without a message/disposition-notification part");
    }

    /** The MDN as a receiver writes it, signed when a key is given. */
    record Written(String contentType, byte[] body) {
    }

    /**
     * Writes an MDN.
     *
     * @param dispositionType {@code processed}, {@code processed/error: decryption-failed}, ...
     * @param mic             the Received-Content-MIC, or null
     * @param signingKey      null for an unsigned MDN
     */
    static Written write(String reportingUa, String originalRecipient, String originalMessageId,
            String dispositionType, String mic, String text, PrivateKey signingKey, X509Certificate certificate,
            Smime.MicAlgorithm micalg) {
        StringBuilder fields = new StringBuilder();
        fields.append("Reporting-UA: ").append(reportingUa).append(Mime.CRLF);
        fields.append("Original-Recipient: rfc822; ").append(originalRecipient).append(Mime.CRLF);
        fields.append("Final-Recipient: rfc822; ").append(originalRecipient).append(Mime.CRLF);
        fields.append("Original-Message-ID: ").append(originalMessageId).append(Mime.CRLF);
        if (mic != null) {
            fields.append("Received-Content-MIC: ").append(mic).append(Mime.CRLF);
        }
        fields.append("Disposition: automatic-action/MDN-sent-automatically; ").append(dispositionType).append(Mime.CRLF);
        byte[] textPart = Mime.entity(Map.of("Content-Type", "text/plain; charset=us-ascii",
                "Content-Transfer-Encoding", "7bit"), (text + Mime.CRLF).getBytes(StandardCharsets.US_ASCII));
        byte[] notificationPart = Mime.entity(Map.of("Content-Type", "message/disposition-notification",
                "Content-Transfer-Encoding", "7bit"), fields.toString().getBytes(StandardCharsets.US_ASCII));
        String boundary = Mime.newBoundary();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "multipart/report; report-type=disposition-notification; boundary=\"" + boundary + "\"");
        byte[] report = Mime.entity(headers, Mime.multipart(boundary, List.of(textPart, notificationPart)));
        if (signingKey == null) {
            Mime.Entity parsed = Mime.parse(report);
            return new Written(parsed.contentType(), parsed.body());
        }
        Mime.Entity signed = Mime.parse(Smime.sign(report, signingKey, certificate, micalg));
        return new Written(signed.contentType(), signed.body());
    }

    /** The value of Original-Message-ID without surrounding spaces; empty when absent. */
    Optional<String> original() {
        return Optional.ofNullable(originalMessageId).map(String::trim);
    }
}
