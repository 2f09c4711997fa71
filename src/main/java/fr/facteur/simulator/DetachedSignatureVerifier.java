package fr.facteur.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableFile;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Checks the detached CMS (PKCS#7) signature that comes with a flow ({@code <name>.p7s}, DER or PEM), as Chorus Pro
 * checks the operator's signature: every signer's signature matches the content, with a SHA-2 digest, by a
 * certificate included in the signature, valid at reception and, when trusted signers are configured, one of them.
 *
 * <p>The flow is streamed through the digest, never held in memory.
 */
final class DetachedSignatureVerifier {

    private static final Provider BC = new BouncyCastleProvider();
    private static final Map<String, String> ACCEPTED_DIGESTS = Map.of(
            NISTObjectIdentifiers.id_sha256.getId(), "SHA-256",
            NISTObjectIdentifiers.id_sha384.getId(), "SHA-384",
            NISTObjectIdentifiers.id_sha512.getId(), "SHA-512");

    private final List<byte[]> trustedCertificates;

    /** @param trustedCertificates accepted signers; empty = any signer whose signature verifies */
    DetachedSignatureVerifier(List<X509Certificate> trustedCertificates) {
        List<byte[]> encoded = new ArrayList<>();
        for (X509Certificate certificate : trustedCertificates) {
            try {
                encoded.add(certificate.getEncoded());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalArgumentException("unusable trusted certificate " + certificate.getSubjectX500Principal(), e);
            }
        }
        this.trustedCertificates = List.copyOf(encoded);
    }

    /** Reads PEM certificate files (each may hold several certificates). */
    static List<X509Certificate> readCertificates(List<Path> pemFiles) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Path file : pemFiles) {
            try (InputStream in = Files.newInputStream(file)) {
                for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    certificates.add((X509Certificate) certificate);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read trusted signer certificate " + file, e);
            } catch (CertificateException e) {
                throw new IllegalArgumentException("not a PEM certificate: " + file, e);
            }
        }
        return certificates;
    }

    /**
     * @param flowName the flow's name, for the messages
     * @return the reason the signature is refused, or empty when it is good
     */
    Optional<FlowError> check(String flowName, Path content, Path signatureFile, Instant receivedAt) {
        byte[] signature;
        try {
            signature = derOf(Files.readAllBytes(signatureFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + signatureFile, e);
        }
        CMSSignedData signed;
        try {
            signed = new CMSSignedData(new CMSProcessableFile(content.toFile()), signature);
        } catch (CMSException | RuntimeException notCms) {
            // BouncyCastle reports garbage as CMSException or as one of several runtime exceptions of its ASN.1 parser
            return refuse(FlowErrorCode.SIGNATURE_ILLISIBLE, flowName,
                    "le fichier " + signatureFile.getFileName() + " n'est pas une signature CMS (PKCS#7) détachée",
                    notCms.getMessage());
        }
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.isEmpty()) {
            return refuse(FlowErrorCode.SIGNATURE_INVALIDE, flowName, "la signature ne contient aucun signataire", null);
        }
        for (SignerInformation signer : signers) {
            Optional<FlowError> refused = checkSigner(flowName, signed, signer, receivedAt);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    private Optional<FlowError> checkSigner(String flowName, CMSSignedData signed, SignerInformation signer,
            Instant receivedAt) {
        if (!ACCEPTED_DIGESTS.containsKey(signer.getDigestAlgOID())) {
            return refuse(FlowErrorCode.SIGNATURE_ALGORITHME, flowName,
                    "algorithme de condensé refusé : SHA-256 ou plus fort requis",
                    "algorithme de condensé de la signature : " + signer.getDigestAlgOID());
        }
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> candidates = signed.getCertificates().getMatches(signer.getSID());
        if (candidates.isEmpty()) {
            return refuse(FlowErrorCode.SIGNATURE_INVALIDE, flowName,
                    "le certificat du signataire n'est pas inclus dans la signature", null);
        }
        X509CertificateHolder certificate = candidates.iterator().next();
        String subject = certificate.getSubject().toString();
        if (!certificate.isValidOn(Date.from(receivedAt))) {
            return refuse(FlowErrorCode.CERTIFICAT_INVALIDE, flowName,
                    "le certificat du signataire n'est pas valide à la date de réception",
                    subject + " valide du " + certificate.getNotBefore().toInstant() + " au "
                            + certificate.getNotAfter().toInstant());
        }
        if (!trustedCertificates.isEmpty() && !isTrusted(certificate)) {
            return refuse(FlowErrorCode.SIGNATAIRE_NON_RECONNU, flowName,
                    "le signataire n'est pas le certificat enregistré pour ce raccordement", subject);
        }
        try {
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(certificate))) {
                return refuse(FlowErrorCode.SIGNATURE_INVALIDE, flowName,
                        "la signature ne correspond pas au contenu du flux", subject);
            }
        } catch (CMSException digestMismatch) {
            // a content changed after signing shows up here as a message-digest mismatch
            return refuse(FlowErrorCode.SIGNATURE_INVALIDE, flowName,
                    "la signature ne correspond pas au contenu du flux", digestMismatch.getMessage());
        } catch (OperatorCreationException | CertificateException e) {
            return refuse(FlowErrorCode.SIGNATURE_INVALIDE, flowName,
                    "la signature ne peut pas être vérifiée avec le certificat fourni", e.getMessage());
        }
        return Optional.empty();
    }

    private boolean isTrusted(X509CertificateHolder certificate) {
        try {
            byte[] encoded = certificate.getEncoded();
            return trustedCertificates.stream().anyMatch(trusted -> Arrays.equals(trusted, encoded));
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<FlowError> refuse(FlowErrorCode code, String flowName, String why, String detail) {
        return Optional.of(FlowError.ofFlow(code, "Flux " + flowName + " : " + why, detail));
    }

    /** A .p7s may be DER (what openssl cms -outform DER and BouncyCastle write) or PEM. */
    private static byte[] derOf(byte[] signature) {
        String head = new String(signature, 0, Math.min(signature.length, 11), StandardCharsets.US_ASCII);
        if (!head.startsWith("-----BEGIN")) {
            return signature;
        }
        StringBuilder base64 = new StringBuilder();
        new String(signature, StandardCharsets.US_ASCII).lines()
                .filter(line -> !line.startsWith("-----")).forEach(base64::append);
        try {
            return Base64.getMimeDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            return signature;
        }
    }
}
