package fr.facteur.as2;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.UUID;

/**
 * A Message Disposition Notification (RFC 4130 §7.4, RFC 3798) as sent: its Message-ID, the Content-Type for the
 * HTTP header and the body bytes. Built by {@link #build}; signed (multipart/signed over the multipart/report
 * entity) when the partner asked for a signed receipt.
 *
 * @param micAlgorithm the micalg of the signature, null when unsigned
 */
public record Mdn(String messageId, String contentType, byte[] body, Disposition disposition, String micAlgorithm) {

    private static final String CRLF = "\r\n";

    /**
     * @param reportingUa       our product name
     * @param recipientAs2Id    our AS2 id as the sender addressed it (Original/Final-Recipient)
     * @param originalMessageId the Message-ID of the message answered, with its angle brackets
     * @param receivedMic       Received-Content-MIC ("base64, sha-256"), null when none could be computed
     * @param explanation       the human-readable first part (no secret, no stack trace)
     * @param signer            null for an unsigned MDN
     * @param micAlgorithm      digest of the signature (sha-256/384/512), ignored when unsigned
     */
    public static Mdn build(String reportingUa, String ourAs2Id, String recipientAs2Id, String originalMessageId,
            String receivedMic, Disposition disposition, String explanation, Signer signer, String micAlgorithm) {
        String boundary = "----=_report_" + UUID.randomUUID().toString().replace("-", "");
        StringBuilder report = new StringBuilder();
        report.append("--").append(boundary).append(CRLF)
                .append("Content-Type: text/plain; charset=us-ascii").append(CRLF)
                .append("Content-Transfer-Encoding: 7bit").append(CRLF).append(CRLF)
                .append(ascii(explanation)).append(CRLF)
                .append("--").append(boundary).append(CRLF)
                .append("Content-Type: message/disposition-notification").append(CRLF)
                .append("Content-Transfer-Encoding: 7bit").append(CRLF).append(CRLF)
                .append("Reporting-UA: ").append(reportingUa).append(CRLF)
                .append("Original-Recipient: rfc822; ").append(recipientAs2Id).append(CRLF)
                .append("Final-Recipient: rfc822; ").append(ourAs2Id).append(CRLF)
                .append("Original-Message-ID: ").append(originalMessageId == null ? "" : originalMessageId).append(CRLF);
        if (receivedMic != null) {
            report.append("Received-Content-MIC: ").append(receivedMic).append(CRLF);
        }
        report.append("Disposition: ").append(disposition.headerValue()).append(CRLF).append(CRLF)
                .append("--").append(boundary).append("--").append(CRLF);
        String reportType = "multipart/report; report-type=disposition-notification; boundary=\"" + boundary + "\"";
        byte[] reportBody = report.toString().getBytes(StandardCharsets.US_ASCII);
        String messageId = "<" + UUID.randomUUID() + "@" + ourAs2Id.replaceAll("[^A-Za-z0-9.-]", "_") + ">";
        if (signer == null) {
            return new Mdn(messageId, reportType, reportBody, disposition, null);
        }
        // the signed entity is the report with its own Content-Type header, as the receiver will see it
        ByteArrayOutputStream entity = new ByteArrayOutputStream();
        entity.writeBytes(("Content-Type: " + reportType + CRLF + CRLF).getBytes(StandardCharsets.US_ASCII));
        entity.writeBytes(reportBody);
        byte[] signedEntity = entity.toByteArray();
        byte[] signature = As2Crypto.signDetached(signedEntity, signer.key(), signer.certificate(), micAlgorithm);
        String outer = "----=_signed_" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + outer + CRLF).getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(signedEntity);
        body.writeBytes((CRLF + "--" + outer + CRLF
                + "Content-Type: application/pkcs7-signature; name=smime.p7s" + CRLF
                + "Content-Transfer-Encoding: base64" + CRLF
                + "Content-Disposition: attachment; filename=smime.p7s" + CRLF + CRLF
                + Base64.getMimeEncoder(76, CRLF.getBytes(StandardCharsets.US_ASCII)).encodeToString(signature) + CRLF
                + "--" + outer + "--" + CRLF).getBytes(StandardCharsets.US_ASCII));
        String contentType = "multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=" + micAlgorithm
                + "; boundary=\"" + outer + "\"";
        return new Mdn(messageId, contentType, body.toByteArray(), disposition, micAlgorithm);
    }

    /** The key and certificate an MDN is signed with: the operator's one AS2 identity. */
    public record Signer(PrivateKey key, X509Certificate certificate) {
    }

    private static String ascii(String text) {
        return text.replaceAll("[^\\x20-\\x7E\\r\\n]", "?");
    }
}
