package fr.facteur.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableFile;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.springframework.stereotype.Component;

/**
 * Detached CMS (PKCS#7) signatures of flow files, as Chorus Pro flows leave over SFTP: SignedData over the file,
 * SHA-256 with RSA or ECDSA according to the key, the signer's certificate included, DER-encoded, so that
 * {@code openssl cms -verify -binary -inform DER -in flow.p7s -content flow} checks it.
 *
 * <p>The content is streamed through the digest (BouncyCastle's {@link CMSProcessableFile} reads it in blocks),
 * never held in memory: flows may be large. The signature itself is a few kilobytes.
 */
@Component
public class CmsSigner {

    /** Digests a signature may use: SHA-1 and MD5 are refused. */
    private static final Set<String> ACCEPTED_DIGESTS = Set.of(NISTObjectIdentifiers.id_sha256.getId(),
            NISTObjectIdentifiers.id_sha384.getId(), NISTObjectIdentifiers.id_sha512.getId());

    private final OperatorIdentity identity;

    public CmsSigner(OperatorIdentity identity) {
        this.identity = identity;
    }

    /** The operator's detached signature of {@code content}, DER. */
    public byte[] signDetached(Path content) {
        return signDetached(content, identity.privateKey(), identity.certificate());
    }

    /** A detached signature of {@code content} by any key (tests, the simulator's own identity), DER. */
    public static byte[] signDetached(Path content, PrivateKey key, X509Certificate certificate) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(Certificates.BC).build())
                    .build(new JcaContentSignerBuilder(Certificates.signatureAlgorithm(key))
                            .setProvider(Certificates.BC).build(key), certificate));
            generator.addCertificate(new JcaX509CertificateHolder(certificate));
            // encapsulate=false: detached, the content is only digested (streamed), not copied into the signature
            CMSSignedData signed = generator.generate(new CMSProcessableFile(content.toFile()), false);
            return signed.getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | CertificateException | CMSException e) {
            throw new IllegalStateException("cannot sign " + content + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot sign " + content, e);
        }
    }

    /**
     * Checks a detached signature of {@code content}: exactly one signer, its certificate included, a SHA-2 digest,
     * the content's digest and the signature both matching, the certificate valid at the signing time.
     * It does <em>not</em> decide whether the signer is trusted: compare the returned certificate with the expected one.
     *
     * @return the signer's certificate
     * @throws SignatureVerificationException when any of those checks fails
     */
    public X509Certificate verifyDetached(Path content, byte[] signature) {
        try {
            CMSSignedData signed = new CMSSignedData(new CMSProcessableFile(content.toFile()), signature);
            Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                throw new SignatureVerificationException("expected one signer, found " + signers.size());
            }
            SignerInformation signer = signers.iterator().next();
            if (!ACCEPTED_DIGESTS.contains(signer.getDigestAlgOID())) {
                throw new SignatureVerificationException("weak or unknown digest algorithm " + signer.getDigestAlgOID()
                        + ": SHA-256 or stronger required");
            }
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> candidates = signed.getCertificates().getMatches(signer.getSID());
            if (candidates.isEmpty()) {
                throw new SignatureVerificationException("the signer's certificate is not included in the signature");
            }
            X509CertificateHolder holder = candidates.iterator().next();
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Certificates.BC).build(holder))) {
                throw new SignatureVerificationException("the signature does not match the content");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CMSException e) {
            throw new SignatureVerificationException("signature of " + content.getFileName() + " does not verify: "
                    + e.getMessage(), e);
        } catch (OperatorCreationException | CertificateException e) {
            throw new SignatureVerificationException("signature of " + content.getFileName() + " cannot be checked: "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new SignatureVerificationException("not a CMS signature: " + e.getMessage(), e);
        }
    }
}
