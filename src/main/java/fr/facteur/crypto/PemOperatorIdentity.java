package fr.facteur.crypto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import fr.facteur.platform.FacteurProperties;

/**
 * The operator's signing identity read from {@code <certsDir>/operator/signing-key.pem} (unencrypted PKCS#8) and
 * {@code signing-cert.pem}, loaded once at start-up so that a missing or broken identity stops the gateway at once
 * rather than at the first flow.
 *
 * <p>When neither file exists and {@code facteur.operator.generate-if-missing} is true (demo, tests), an RSA-3072
 * key and a self-signed certificate "CN=Facteur operator &lt;partnerCode&gt;" valid two years are generated and
 * written there (the key readable by its owner only). A real operator puts the key and the certificate it
 * registered with Chorus Pro there instead, and sets generate-if-missing to false.
 */
@Component
public class PemOperatorIdentity implements OperatorIdentity {

    public static final String KEY_FILE = "signing-key.pem";
    public static final String CERTIFICATE_FILE = "signing-cert.pem";

    private static final Logger log = LoggerFactory.getLogger(PemOperatorIdentity.class);
    private static final int GENERATED_RSA_BITS = 3072;
    private static final Period GENERATED_VALIDITY = Period.ofYears(2);
    private static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private final Path keyFile;
    private final Path certificateFile;
    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    @Autowired
    public PemOperatorIdentity(FacteurProperties properties) {
        this(properties.certsDir().resolve("operator"), properties.operator().partnerCode(),
                properties.operator().generateIfMissing());
    }

    /**
     * @param operatorDir       where signing-key.pem and signing-cert.pem are (created if generating)
     * @param partnerCode       the operator's Chorus Pro partner code, named in a generated certificate
     * @param generateIfMissing generate a self-signed identity when neither file exists
     * @throws IllegalStateException when the identity is missing (and may not be generated), half present, or the
     *                               key does not belong to the certificate
     */
    public PemOperatorIdentity(Path operatorDir, String partnerCode, boolean generateIfMissing) {
        this.keyFile = operatorDir.resolve(KEY_FILE).toAbsolutePath();
        this.certificateFile = operatorDir.resolve(CERTIFICATE_FILE).toAbsolutePath();
        boolean hasKey = Files.exists(keyFile);
        boolean hasCertificate = Files.exists(certificateFile);
        if (!hasKey && !hasCertificate) {
            if (!generateIfMissing) {
                throw new IllegalStateException("The operator's signing identity is missing: neither " + keyFile
                        + " nor " + certificateFile + " exists. Put there the operator's private key (PEM, PKCS#8, "
                        + "unencrypted) and its X.509 certificate (PEM), or set facteur.operator.generate-if-missing="
                        + "true to generate a self-signed pair (demo and tests only).");
            }
            generate(partnerCode);
        } else if (!hasKey || !hasCertificate) {
            // never generate over half an identity: the present file may be the only copy of a real key
            Path present = hasKey ? keyFile : certificateFile;
            Path missing = hasKey ? certificateFile : keyFile;
            throw new IllegalStateException("The operator's signing identity is incomplete: " + present
                    + " exists but " + missing + " is missing. Restore " + missing + ", or remove " + present
                    + " to have a new self-signed identity generated (demo only).");
        }
        try {
            this.privateKey = Certificates.readPrivateKeyPem(keyFile);
            this.certificate = Certificates.readCertificatePem(certificateFile);
        } catch (RuntimeException e) {
            throw new IllegalStateException("The operator's signing identity cannot be read from " + keyFile
                    + " and " + certificateFile + ": " + e.getMessage(), e);
        }
        requireMatchingPair();
        warnIfExpiring();
        log.info("Operator signing identity: {} (serial {}, valid until {}) from {}",
                certificate.getSubjectX500Principal().getName(), certificate.getSerialNumber().toString(16),
                certificate.getNotAfter().toInstant(), certificateFile.getParent());
    }

    @Override
    public PrivateKey privateKey() {
        return privateKey;
    }

    @Override
    public X509Certificate certificate() {
        return certificate;
    }

    public Path keyFile() {
        return keyFile;
    }

    public Path certificateFile() {
        return certificateFile;
    }

    private void generate(String partnerCode) {
        log.warn("No operator signing identity in {}: generating a self-signed RSA-{} one for partner {} "
                + "(demo only: Chorus Pro knows the operator by the certificate registered with it)",
                keyFile.getParent(), GENERATED_RSA_BITS, partnerCode);
        KeyPair keys = Certificates.rsaKeyPair(GENERATED_RSA_BITS);
        X509Certificate generated = Certificates.selfSigned(keys, "CN=Facteur operator " + partnerCode,
                GENERATED_VALIDITY);
        // the key first: a crash in between leaves "key without certificate", which start-up reports clearly
        Certificates.writePrivateKeyPem(keyFile, keys.getPrivate());
        Certificates.writeCertificatePem(certificateFile, generated);
    }

    /** Signs and verifies a probe: a key from another pair would only be noticed by Chorus Pro otherwise. */
    private void requireMatchingPair() {
        try {
            byte[] probe = "facteur operator identity probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            String algorithm = Certificates.signatureAlgorithm(privateKey);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalStateException("The operator's private key " + keyFile
                        + " does not belong to the certificate " + certificateFile);
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The operator's private key " + keyFile
                    + " cannot be used with the certificate " + certificateFile + ": " + e.getMessage(), e);
        }
    }

    private void warnIfExpiring() {
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (notAfter.isBefore(Instant.now())) {
            log.error("The operator's signing certificate {} EXPIRED on {}: Chorus Pro will refuse the flows",
                    certificateFile, notAfter);
        } else if (notAfter.isBefore(Instant.now().plus(EXPIRY_WARNING))) {
            log.warn("The operator's signing certificate {} expires on {}: renew it and register the new one "
                    + "with Chorus Pro", certificateFile, notAfter);
        }
    }
}
