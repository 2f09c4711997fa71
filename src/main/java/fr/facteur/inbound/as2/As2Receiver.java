package fr.facteur.inbound.as2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.cms.CMSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.facteur.as2.As2Crypto;
import fr.facteur.as2.Disposition;
import fr.facteur.as2.HeaderParameters;
import fr.facteur.as2.Mdn;
import fr.facteur.as2.MimeEntity;
import fr.facteur.as2.MimeFormatException;
import fr.facteur.crypto.OperatorIdentity;
import fr.facteur.inbound.FileNames;

/**
 * Receives one AS2 message (RFC 4130) and decides its MDN. The order of the checks is what makes one port safe for
 * many tenants: the partner is identified by AS2-From (and AS2-To must be us) before any payload is looked at, the
 * signature must verify with <em>that</em> partner's registered certificate (never one the message carries), and
 * only then is the payload delivered.
 *
 * <p>Written on BouncyCastle rather than camel-as2 4.17's server because that server cannot, on the versions served
 * here: check the signer against the AS2-From tenant when several tenants share one path, unwrap
 * compressed-then-signed messages (HTTP 500), or answer the exact RFC 4130 dispositions; it also gives no access to
 * AS2-From/Message-ID as headers and stalls on Expect: 100-continue (see stack.md).
 *
 * <p>A Message-ID already processed for the same partner is answered with the stored MDN and not processed again
 * (RFC 4130bis). Refused messages are recorded too but may be corrected and sent again under the same Message-ID.
 */
public class As2Receiver {

    private static final Logger log = LoggerFactory.getLogger(As2Receiver.class);
    static final String REPORTING_UA = "Facteur AS2";
    private static final String DEFAULT_MIC = "sha-256";

    private final String ourAs2Id;
    private final TradingPartners partners;
    private final As2MessageStore store;
    private final PayloadSink sink;
    private final OperatorIdentity operator;
    private final Path workDir;

    public As2Receiver(String ourAs2Id, TradingPartners partners, As2MessageStore store, PayloadSink sink,
            OperatorIdentity operator, Path workDir) {
        this.ourAs2Id = ourAs2Id;
        this.partners = partners;
        this.store = store;
        this.sink = sink;
        this.operator = operator;
        this.workDir = workDir;
    }

    /**
     * What to answer.
     *
     * @param httpStatus  200, or 400 when no MDN was asked for and the message was refused, or 503 when it could not
     *                    be processed now
     * @param syncMdn     the MDN to return in the HTTP response; null when none (not asked, or asynchronous)
     * @param asyncMdn    the MDN to post to {@code asyncUrl} after the response; null when none
     * @param recordId    the as2_message row, -1 when nothing was recorded (unknown partner)
     * @param partnerAs2Id the AS2-From the MDN is addressed to
     */
    /** Answered when the message could not be processed now (tracking store or broker down): the partner resends. */
    public static final int SERVICE_UNAVAILABLE = 503;

    public record Answer(int httpStatus, Mdn syncMdn, Mdn asyncMdn, URI asyncUrl, long recordId, String partnerAs2Id,
            Disposition disposition, String detail) {
    }

    /** @param headers the HTTP request headers, names in any case */
    public Answer receive(Map<String, String> headers, byte[] body) {
        Map<String, String> h = lowerCase(headers);
        String messageId = h.get("message-id");
        String as2From = unquote(h.get("as2-from"));
        String as2To = unquote(h.get("as2-to"));
        MdnRequest request = MdnRequest.of(h);

        Optional<TradingPartner> found = ourAs2Id.equals(as2To) ? partners.find(as2From) : Optional.empty();
        if (found.isEmpty()) {
            String detail = ourAs2Id.equals(as2To) ? "AS2-From " + as2From + " is no partner of this gateway"
                    : "AS2-To " + as2To + " is not this gateway (" + ourAs2Id + ")";
            log.warn("AS2 message {} refused: {}", messageId, detail);
            // no asynchronous MDN to a partner we do not know: nothing tells us its host is legitimate
            Mdn mdn = request.wanted() && !request.async()
                    ? mdn(as2To, messageId, null, Disposition.UNKNOWN_TRADING_PARTNER, detail, request, DEFAULT_MIC)
                    : null;
            return new Answer(mdn == null ? 400 : 200, mdn, null, null, -1, as2From,
                    Disposition.UNKNOWN_TRADING_PARTNER, detail);
        }
        TradingPartner partner = found.get();
        if (messageId == null || messageId.isBlank()) {
            return refuseWithoutRecord(partner, as2To, request, "the message has no Message-ID");
        }

        Optional<As2MessageStore.Received> earlier = store.find(partner.as2Id(), messageId);
        if (earlier.isPresent() && earlier.get().disposition().isSuccess() && earlier.get().mdn() != null) {
            return again(partner, earlier.get(), request);
        }
        if (earlier.isPresent() && earlier.get().disposition().isSuccess()) {
            log.info("{}: AS2 message {} was already processed (no MDN was asked then): not processed again",
                    partner.label(), messageId);
            return new Answer(200, null, null, null, earlier.get().id(), partner.as2Id(), Disposition.PROCESSED,
                    "already processed");
        }

        String micAlgorithm = request.micAlgorithm(partner.allowSha1());
        Unwrapped unwrapped = new Unwrapped();
        Disposition disposition;
        String detail;
        String outcome = null;
        String fileName = null;
        try {
            unwrap(MimeEntity.of(h, body), partner, unwrapped);
            if (partner.requireEncryption() && !unwrapped.encrypted) {
                throw new Refusal(Disposition.INSUFFICIENT_MESSAGE_SECURITY, "the partner must encrypt its messages");
            }
            if (partner.requireSignature() && !unwrapped.signed) {
                throw new Refusal(Disposition.INSUFFICIENT_MESSAGE_SECURITY, "the partner must sign its messages");
            }
            MimeEntity payload = unwrapped.payload;
            fileName = fileName(payload, h, messageId);
            outcome = deliver(partner, fileName, payload.decodedBody(), messageId);
            disposition = Disposition.PROCESSED;
            detail = "delivered: " + outcome;
        } catch (Refusal r) {
            disposition = r.disposition;
            detail = r.getMessage();
        } catch (MimeFormatException | IllegalArgumentException e) {
            disposition = Disposition.UNEXPECTED_PROCESSING_ERROR;
            detail = "unreadable MIME structure: " + e.getMessage();
        } catch (RuntimeException e) {
            // database or broker down: nothing is recorded and no MDN is given, because an MDN is a final answer to
            // most AS2 software (a negative one would make the supplier's operator resend by hand, or lose the
            // invoice: found by the crash suite with the broker killed); HTTP 503 is a transport failure, which
            // every AS2 client retries with the same Message-ID
            log.error("{}: AS2 message {} could not be processed now, answered 503", partner.label(), messageId, e);
            return new Answer(SERVICE_UNAVAILABLE, null, null, null, -1, partner.as2Id(),
                    Disposition.UNEXPECTED_PROCESSING_ERROR, "temporarily unavailable, send it again later ("
                            + e.getClass().getSimpleName() + ")");
        }
        String mic = micOf(unwrapped, micAlgorithm);
        if (disposition.isSuccess()) {
            log.info("{}: AS2 message {} ({}{}{}) processed: {} {}", partner.label(), messageId,
                    unwrapped.signed ? "signed " : "", unwrapped.encrypted ? "encrypted " : "",
                    unwrapped.compressed ? "compressed" : "", fileName, outcome);
        } else {
            log.warn("{}: AS2 message {} refused ({}): {}", partner.label(), messageId, disposition.text(), detail);
        }
        Mdn mdn = request.wanted() ? mdn(as2To, messageId, mic, disposition, explanation(disposition, detail),
                request, micAlgorithm) : null;

        URI asyncUrl = null;
        String delivery = mdn == null ? "NONE" : "SYNC";
        if (mdn != null && request.async()) {
            asyncUrl = allowedAsyncUrl(partner, request.receiptDeliveryOption());
            delivery = asyncUrl == null ? "ASYNC_REFUSED" : "ASYNC_PENDING";
        }
        long id = store.record(new As2MessageStore.Received(0, partner.as2Id(), messageId,
                partner.tenant() == null ? null : partner.tenant().id(), disposition, detail, unwrapped.signed,
                unwrapped.encrypted, unwrapped.compressed, mic, fileName == null ? null : FileNames.sanitize(fileName),
                outcome, mdn == null ? null : mdn.messageId(), mdn == null ? null : mdn.contentType(),
                mdn == null ? null : mdn.body(), delivery, request.receiptDeliveryOption()));
        int status = mdn == null && !disposition.isSuccess() ? 400 : 200;
        if (request.async()) {
            return new Answer(status, null, asyncUrl == null ? null : mdn, asyncUrl, id, partner.as2Id(), disposition,
                    detail);
        }
        return new Answer(status, mdn, null, null, id, partner.as2Id(), disposition, detail);
    }

    /** The stored MDN, sent the way this request asks (sync or async): nothing is processed. */
    private Answer again(TradingPartner partner, As2MessageStore.Received earlier, MdnRequest request) {
        log.info("{}: AS2 message {} received again: answered with the stored MDN, not processed again",
                partner.label(), earlier.messageId());
        Mdn stored = new Mdn(earlier.mdnMessageId(), earlier.mdnContentType(), earlier.mdn(), earlier.disposition(),
                null);
        if (request.async()) {
            URI url = allowedAsyncUrl(partner, request.receiptDeliveryOption());
            return new Answer(200, null, url == null ? null : stored, url, earlier.id(), partner.as2Id(),
                    earlier.disposition(), "duplicate");
        }
        return new Answer(200, stored, null, null, earlier.id(), partner.as2Id(), earlier.disposition(), "duplicate");
    }

    private Answer refuseWithoutRecord(TradingPartner partner, String as2To, MdnRequest request, String detail) {
        log.warn("{}: AS2 message refused: {}", partner.label(), detail);
        Mdn mdn = request.wanted() && !request.async() ? mdn(as2To, null, null,
                Disposition.UNEXPECTED_PROCESSING_ERROR, detail, request, DEFAULT_MIC) : null;
        return new Answer(mdn == null ? 400 : 200, mdn, null, null, -1, partner.as2Id(),
                Disposition.UNEXPECTED_PROCESSING_ERROR, detail);
    }

    /**
     * Peels encryption, compression and signature layers in whatever order the partner applied them, recording
     * which it found and what the MIC is computed over (RFC 4130 §7.3.1: the signed entity with its headers; for an
     * encrypted unsigned message, the decrypted entity with its headers; otherwise the content alone).
     */
    private void unwrap(MimeEntity entity, TradingPartner partner, Unwrapped state) {
        for (int depth = 0; depth < 8; depth++) {
            String type = entity.mediaType();
            if (type.equals("application/pkcs7-mime") || type.equals("application/x-pkcs7-mime")) {
                String smimeType = String.valueOf(entity.contentTypeParameter("smime-type")).toLowerCase(Locale.ROOT);
                byte[] der = entity.decodedBody();
                if (smimeType.equals("compressed-data")) {
                    try {
                        entity = MimeEntity.parse(As2Crypto.decompress(der));
                    } catch (CMSException | RuntimeException e) {
                        throw new Refusal(Disposition.DECOMPRESSION_FAILED, "cannot decompress: " + e.getMessage());
                    }
                    state.compressed = true;
                    continue;
                }
                if (state.encrypted || state.signed) {
                    // encryption inside a signature or twice: not an AS2 structure we accept
                    throw new Refusal(Disposition.UNEXPECTED_PROCESSING_ERROR, "unexpected enveloped data inside");
                }
                try {
                    entity = MimeEntity.parse(As2Crypto.decrypt(der, operator.privateKey()));
                } catch (CMSException | RuntimeException e) {
                    throw new Refusal(Disposition.DECRYPTION_FAILED,
                            "cannot decrypt with the operator's key: " + e.getMessage());
                }
                state.encrypted = true;
                state.micContent = entity.raw();
                continue;
            }
            if (type.equals("multipart/signed")) {
                if (state.signed) {
                    throw new Refusal(Disposition.UNEXPECTED_PROCESSING_ERROR, "signed twice");
                }
                List<MimeEntity> parts = entity.parts();
                if (parts.size() != 2) {
                    throw new Refusal(Disposition.AUTHENTICATION_FAILED,
                            "multipart/signed with " + parts.size() + " parts instead of 2");
                }
                verify(parts.get(0).raw(), parts.get(1).decodedBody(), partner);
                state.signed = true;
                state.micContent = parts.get(0).raw();
                entity = parts.get(0);
                continue;
            }
            state.payload = entity;
            if (state.micContent == null) {
                state.micContent = entity.decodedBody();
            }
            return;
        }
        throw new Refusal(Disposition.UNEXPECTED_PROCESSING_ERROR, "too many nested layers");
    }

    private void verify(byte[] content, byte[] signature, TradingPartner partner) {
        Optional<As2Crypto.VerifiedSigner> signer;
        try {
            signer = As2Crypto.verifyDetached(content, signature, partner.certificates());
        } catch (CMSException | RuntimeException e) {
            throw new Refusal(Disposition.AUTHENTICATION_FAILED, "unreadable signature: " + e.getMessage());
        }
        if (signer.isEmpty()) {
            throw new Refusal(Disposition.AUTHENTICATION_FAILED, "the signature does not verify with the certificate"
                    + (partner.certificates().size() > 1 ? "s" : "") + " registered for " + partner.as2Id()
                    + " (another key, or content changed after signing)");
        }
        X509Certificate certificate = signer.get().certificate();
        Date now = Date.from(Instant.now());
        if (!partner.allowExpiredCertificate()
                && (now.after(certificate.getNotAfter()) || now.before(certificate.getNotBefore()))) {
            throw new Refusal(Disposition.AUTHENTICATION_FAILED, "signed with a certificate valid only from "
                    + certificate.getNotBefore().toInstant() + " to " + certificate.getNotAfter().toInstant());
        }
        String digest = signer.get().digest();
        boolean strong = digest.equals("sha-256") || digest.equals("sha-384") || digest.equals("sha-512");
        if (!strong && !(digest.equals("sha-1") && partner.allowSha1())) {
            throw new Refusal(Disposition.INSUFFICIENT_MESSAGE_SECURITY, "signature digest " + digest + " refused");
        }
    }

    private String deliver(TradingPartner partner, String fileName, byte[] content, String messageId) {
        try {
            Files.createDirectories(workDir);
            Path file = Files.createTempFile(workDir, "as2-", ".part");
            try {
                Files.write(file, content);
                return sink.deliver(partner, fileName, file, messageId);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fileName(MimeEntity payload, Map<String, String> httpHeaders, String messageId) {
        String name = HeaderParameters.parameter(payload.header("content-disposition"), "filename");
        if (name == null) {
            name = HeaderParameters.parameter(httpHeaders.get("content-disposition"), "filename");
        }
        if (name == null) {
            // no name given: one derived from the Message-ID, so the supplier can still recognise it
            name = "as2-" + messageId.replaceAll("[<>]", "");
        }
        return name;
    }

    private static String micOf(Unwrapped unwrapped, String micAlgorithm) {
        return unwrapped.micContent == null ? null : As2Crypto.mic(unwrapped.micContent, micAlgorithm);
    }

    private Mdn mdn(String as2To, String messageId, String mic, Disposition disposition, String explanation,
            MdnRequest request, String micAlgorithm) {
        Mdn.Signer signer = request.signed() ? new Mdn.Signer(operator.privateKey(), operator.certificate()) : null;
        // our own signature never uses SHA-1, even when the partner's MIC may
        String signatureDigest = micAlgorithm.equals("sha-1") ? DEFAULT_MIC : micAlgorithm;
        return Mdn.build(REPORTING_UA, ourAs2Id, as2To == null ? ourAs2Id : as2To, messageId, mic, disposition,
                explanation, signer, signatureDigest);
    }

    private static String explanation(Disposition disposition, String detail) {
        if (disposition.isSuccess()) {
            return "The AS2 message was received and its content handed to the gateway (" + detail + ").";
        }
        return "The AS2 message was refused: " + disposition.text() + " (" + detail + ").";
    }

    /** The Receipt-Delivery-Option URL when its host is one the partner registered; null (and logged) otherwise. */
    private static URI allowedAsyncUrl(TradingPartner partner, String option) {
        try {
            URI url = new URI(option.trim());
            String host = url.getHost() == null ? null : url.getHost().toLowerCase(Locale.ROOT);
            boolean http = "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
            if (http && host != null && partner.asyncMdnHosts().contains(host)) {
                return url;
            }
            log.warn("{}: asynchronous MDN NOT sent to {}: host not among the partner's async-mdn-hosts {}",
                    partner.label(), option, partner.asyncMdnHosts());
        } catch (java.net.URISyntaxException e) {
            log.warn("{}: asynchronous MDN NOT sent: unreadable Receipt-Delivery-Option {}", partner.label(), option);
        }
        return null;
    }

    private static Map<String, String> lowerCase(Map<String, String> headers) {
        Map<String, String> lower = new java.util.LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return lower;
    }

    /** AS2 ids may be quoted (RFC 4130 §6.2). */
    static String unquote(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static final class Unwrapped {
        boolean signed;
        boolean encrypted;
        boolean compressed;
        byte[] micContent;
        MimeEntity payload;
    }

    /** A refusal with its disposition. */
    private static final class Refusal extends RuntimeException {
        final Disposition disposition;

        Refusal(Disposition disposition, String message) {
            super(message, null, false, false);
            this.disposition = disposition;
        }
    }

    /**
     * What the sender asked for in Disposition-Notification-To / -Options and Receipt-Delivery-Option.
     *
     * @param micAlgorithms requested, in the sender's order of preference
     */
    record MdnRequest(boolean wanted, boolean signed, List<String> micAlgorithms, String receiptDeliveryOption) {

        static MdnRequest of(Map<String, String> h) {
            boolean wanted = h.get("disposition-notification-to") != null;
            String options = h.getOrDefault("disposition-notification-options", "");
            boolean signed = false;
            List<String> algorithms = new ArrayList<>();
            for (String option : options.split(";")) {
                int eq = option.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = option.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String[] values = option.substring(eq + 1).split(",");
                if (name.equals("signed-receipt-protocol")) {
                    for (int i = 1; i < values.length; i++) {
                        signed |= values[i].trim().equalsIgnoreCase("pkcs7-signature");
                    }
                } else if (name.equals("signed-receipt-micalg")) {
                    for (int i = 1; i < values.length; i++) {
                        algorithms.add(values[i].trim().toLowerCase(Locale.ROOT));
                    }
                }
            }
            String rdo = h.get("receipt-delivery-option");
            return new MdnRequest(wanted, signed, algorithms, rdo == null || rdo.isBlank() ? null : rdo.trim());
        }

        boolean async() {
            return receiptDeliveryOption != null;
        }

        /** The first requested MIC algorithm we accept (sha-1 only when the partner may use it), else sha-256. */
        String micAlgorithm(boolean allowSha1) {
            for (String requested : micAlgorithms) {
                Optional<String> known = As2Crypto.micAlgorithm(requested);
                if (known.isPresent() && (!known.get().equals("sha-1") || allowSha1)) {
                    return known.get();
                }
            }
            return DEFAULT_MIC;
        }
    }
}
