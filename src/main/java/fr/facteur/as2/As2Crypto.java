package fr.facteur.as2;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSCompressedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientInformationStore;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.ZlibExpanderProvider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The cryptography of AS2 (RFC 4130) on BouncyCastle's CMS API: MICs, detached signatures (S/MIME
 * multipart/signed), decryption of enveloped data, decompression (RFC 5402). Shared by the receiving side and,
 * after the merge, the sending side. SHA-1 and MD5 are never produced; SHA-1 is only verified when the caller says
 * a partner may use it.
 */
public final class As2Crypto {

    /** BouncyCastle as an explicit provider instance, never registered globally. */
    public static final Provider BC = new BouncyCastleProvider();

    /** AS2 micalg names (RFC 5751 §3.4.3.2, and the hyphenless forms seen in the field) to JCA digests. */
    private static final Map<String, String> DIGESTS = Map.of("sha-256", "SHA-256", "sha256", "SHA-256",
            "sha-384", "SHA-384", "sha384", "SHA-384", "sha-512", "SHA-512", "sha512", "SHA-512", "sha-1", "SHA-1",
            "sha1", "SHA-1");
    private static final Map<ASN1ObjectIdentifier, String> DIGEST_OIDS = Map.of(NISTObjectIdentifiers.id_sha256,
            "sha-256", NISTObjectIdentifiers.id_sha384, "sha-384", NISTObjectIdentifiers.id_sha512, "sha-512",
            OIWObjectIdentifiers.idSHA1, "sha-1");

    private As2Crypto() {
    }

    /** The canonical micalg name (sha-256, sha-384, sha-512, sha-1) of a name a partner sent, if we know it. */
    public static Optional<String> micAlgorithm(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String key = name.trim().toLowerCase(Locale.ROOT);
        String jca = DIGESTS.get(key);
        return jca == null ? Optional.empty() : Optional.of("sha-" + jca.substring(4));
    }

    /** A Received-Content-MIC value: "base64digest, sha-256". */
    public static String mic(byte[] content, String micAlgorithm) {
        try {
            MessageDigest digest = MessageDigest.getInstance(DIGESTS.get(micAlgorithm));
            return Base64.getEncoder().encodeToString(digest.digest(content)) + ", " + micAlgorithm;
        } catch (NoSuchAlgorithmException | NullPointerException e) {
            throw new IllegalArgumentException("unsupported MIC algorithm " + micAlgorithm, e);
        }
    }

    /** The JCA signature algorithm for a key and an AS2 micalg: SHA256withRSA, SHA384withECDSA... */
    public static String signatureAlgorithm(PrivateKey key, String micAlgorithm) {
        String digest = DIGESTS.get(micAlgorithm).replace("-", "");
        return digest + "with" + ("EC".equals(key.getAlgorithm()) ? "ECDSA" : key.getAlgorithm());
    }

    /** A detached CMS signature (DER) of {@code content}, carrying the signer's certificate. */
    public static byte[] signDetached(byte[] content, PrivateKey key, X509Certificate certificate, String micAlgorithm) {
        if (micAlgorithm.equals("sha-1")) {
            throw new IllegalArgumentException("SHA-1 signatures are never produced");
        }
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(BC).build())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm(key, micAlgorithm)).setProvider(BC).build(key),
                            certificate));
            generator.addCertificates(new JcaCertStore(List.of(certificate)));
            return generator.generate(new CMSProcessableByteArray(content), false).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
        }
    }

    /**
     * Which of the {@code candidates} signed {@code content} with this detached signature. Certificates carried in
     * the signature itself are ignored: only the partner's registered certificates can prove who signed.
     *
     * @return the verified signer and the digest it used, or empty when none of the candidates verifies
     * @throws CMSException when the signature is not CMS at all
     */
    public static Optional<VerifiedSigner> verifyDetached(byte[] content, byte[] signature,
            Collection<X509Certificate> candidates) throws CMSException {
        CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(content), signature);
        for (SignerInformation signer : signed.getSignerInfos().getSigners()) {
            for (X509Certificate candidate : candidates) {
                try {
                    // by the public key: BouncyCastle's certificate-based verifier also refuses a certificate not
                    // valid at the signing time, and whether an expired certificate is acceptable is the partner's
                    // setting (allow-expired-certificate), decided by the caller
                    if (signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC)
                            .build(candidate.getPublicKey()))) {
                        String digest = DIGEST_OIDS.getOrDefault(new ASN1ObjectIdentifier(signer.getDigestAlgOID()),
                                signer.getDigestAlgOID());
                        return Optional.of(new VerifiedSigner(candidate, digest));
                    }
                } catch (Exception e) {
                    // not this candidate (wrong key, or content changed): try the next one
                }
            }
        }
        return Optional.empty();
    }

    /** A signature that verified: by which registered certificate, with which digest (sha-256...). */
    public record VerifiedSigner(X509Certificate certificate, String digest) {
    }

    /**
     * Encrypts a MIME entity for a recipient (CMS enveloped data, RSA key transport).
     *
     * @param algorithm AES128_CBC, AES256_CBC, AES128_GCM or AES256_GCM (never 3DES or RC2)
     */
    public static byte[] encrypt(byte[] entity, X509Certificate recipient, String algorithm) {
        ASN1ObjectIdentifier oid = switch (algorithm) {
            case "AES128_CBC" -> CMSAlgorithm.AES128_CBC;
            case "AES256_CBC" -> CMSAlgorithm.AES256_CBC;
            case "AES128_GCM" -> CMSAlgorithm.AES128_GCM;
            case "AES256_GCM" -> CMSAlgorithm.AES256_GCM;
            default -> throw new IllegalArgumentException("unsupported content encryption " + algorithm);
        };
        try {
            if (algorithm.endsWith("_GCM")) {
                // authenticated encryption has its own CMS type (RFC 5083 AuthEnvelopedData, RFC 5084)
                CMSAuthEnvelopedDataGenerator generator = new CMSAuthEnvelopedDataGenerator();
                generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient).setProvider(BC));
                return generator.generate(new CMSProcessableByteArray(entity),
                        (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(oid).setProvider(BC).build())
                        .getEncoded();
            }
            CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
            generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient).setProvider(BC));
            return generator.generate(new CMSProcessableByteArray(entity),
                    new JceCMSContentEncryptorBuilder(oid).setProvider(BC).build()).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("cannot encrypt: " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts CMS enveloped data (AES-CBC...) or auth-enveloped data (AES-GCM) addressed to {@code key}: the content
     * is a MIME entity.
     */
    public static byte[] decrypt(byte[] envelopedDer, PrivateKey key) throws CMSException {
        ContentInfo info;
        try {
            info = ContentInfo.getInstance(envelopedDer);
        } catch (RuntimeException e) {
            throw new CMSException("not CMS: " + e.getMessage(), e);
        }
        RecipientInformationStore recipients = CMSObjectIdentifiers.authEnvelopedData.equals(info.getContentType())
                ? new CMSAuthEnvelopedData(info).getRecipientInfos()
                : new CMSEnvelopedData(info).getRecipientInfos();
        CMSException last = null;
        for (RecipientInformation recipient : recipients.getRecipients()) {
            try {
                return recipient.getContent(new JceKeyTransEnvelopedRecipient(key).setProvider(BC));
            } catch (CMSException e) {
                last = e;
            }
        }
        throw last != null ? last : new CMSException("no recipient in the enveloped data");
    }

    /** Expands CMS compressed data (RFC 3274, zlib): the content is a MIME entity. */
    public static byte[] decompress(byte[] compressedDer) throws CMSException {
        return new CMSCompressedData(compressedDer).getContent(new ZlibExpanderProvider());
    }
}
