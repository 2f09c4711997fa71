package fr.facteur.as2.outbound;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientId;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Store;

/**
 * S/MIME for AS2 (RFC 8551 / RFC 4130) with BouncyCastle's CMS API: detached signatures in multipart/signed,
 * enveloped data (AES-CBC) and authenticated-enveloped data (AES-GCM, RFC 5083) in application/pkcs7-mime, and the
 * MIC. Only SHA-256/384/512 are generated or accepted here (RFC 4130bis: no SHA-1/MD5 on the sending side).
 *
 * <p>BouncyCastle is passed as an explicit provider, never registered globally.
 */
final class Smime {

    static final Provider BC = new BouncyCastleProvider();

    private Smime() {
    }

    /** The MIC algorithms we generate, by their RFC 5751 micalg names. */
    enum MicAlgorithm {
        SHA256("sha-256", "SHA-256", NISTObjectIdentifiers.id_sha256),
        SHA384("sha-384", "SHA-384", NISTObjectIdentifiers.id_sha384),
        SHA512("sha-512", "SHA-512", NISTObjectIdentifiers.id_sha512);

        final String micalg;
        final String jca;
        final ASN1ObjectIdentifier oid;

        MicAlgorithm(String micalg, String jca, ASN1ObjectIdentifier oid) {
            this.micalg = micalg;
            this.jca = jca;
            this.oid = oid;
        }

        /** sha-256, sha256, SHA-256 all name SHA256. */
        static MicAlgorithm of(String name) {
            String n = name.trim().toLowerCase(Locale.ROOT).replace("-", "");
            for (MicAlgorithm a : values()) {
                if (a.micalg.replace("-", "").equals(n)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unsupported MIC algorithm " + name + " (sha-256, sha-384, sha-512)");
        }

        String signatureAlgorithm(PrivateKey key) {
            String hash = jca.replace("-", "");
            return switch (key.getAlgorithm()) {
                case "RSA" -> hash + "withRSA";
                case "EC", "ECDSA" -> hash + "withECDSA";
                default -> throw new IllegalArgumentException("unsupported signing key " + key.getAlgorithm());
            };
        }
    }

    /** Content encryption, by the names used in tenant files and facteur.chorus-pro.as2.encryption. */
    enum Encryption {
        AES128_CBC(CMSAlgorithm.AES128_CBC, false),
        AES256_CBC(CMSAlgorithm.AES256_CBC, false),
        AES128_GCM(CMSAlgorithm.AES128_GCM, true),
        AES256_GCM(CMSAlgorithm.AES256_GCM, true);

        final ASN1ObjectIdentifier oid;
        /** GCM is authenticated encryption: CMS AuthEnvelopedData, smime-type=authEnveloped-data. */
        final boolean authenticated;

        Encryption(ASN1ObjectIdentifier oid, boolean authenticated) {
            this.oid = oid;
            this.authenticated = authenticated;
        }

        static Encryption of(String name) {
            return name == null || name.isBlank() ? AES256_CBC : valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** Base64 of the digest of {@code bytes}, followed by the algorithm: the Received-Content-MIC form. */
    static String mic(byte[] bytes, MicAlgorithm algorithm) {
        try {
            byte[] digest = MessageDigest.getInstance(algorithm.jca).digest(bytes);
            return Base64.getEncoder().encodeToString(digest) + ", " + algorithm.micalg;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * multipart/signed over {@code entity} (the complete signed MIME entity, headers and content).
     *
     * @return the whole multipart/signed entity with its own Content-Type header
     */
    static byte[] sign(byte[] entity, PrivateKey key, X509Certificate certificate, MicAlgorithm algorithm) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder().setProvider(BC)
                    .build(algorithm.signatureAlgorithm(key), key, certificate));
            generator.addCertificates(new JcaCertStore(List.of(certificate)));
            byte[] signature = generator.generate(new CMSProcessableByteArray(entity), false).getEncoded();
            String boundary = Mime.newBoundary();
            Map<String, String> signatureHeaders = new LinkedHashMap<>();
            signatureHeaders.put("Content-Type", "application/pkcs7-signature; name=smime.p7s; smime-type=signed-data");
            signatureHeaders.put("Content-Transfer-Encoding", "base64");
            signatureHeaders.put("Content-Disposition", "attachment; filename=\"smime.p7s\"");
            byte[] signaturePart = Mime.entity(signatureHeaders,
                    Base64.getMimeEncoder(76, Mime.CRLF.getBytes(StandardCharsets.US_ASCII)).encode(signature));
            byte[] body = Mime.multipart(boundary, List.of(entity, signaturePart));
            return Mime.entity(Map.of("Content-Type", "multipart/signed; protocol=\"application/pkcs7-signature\"; micalg="
                    + algorithm.micalg + "; boundary=\"" + boundary + "\""), body);
        } catch (GeneralSecurityException | OperatorCreationException | CMSException | IOException e) {
            throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
        }
    }

    /** A verified multipart/signed: the signed entity's exact bytes and the certificate that signed it. */
    record Verified(byte[] signedEntity, X509Certificate signer) {
    }

    /**
     * Verifies a multipart/signed entity against the partner's certificates (current and next): the signature must
     * verify with one of them, whatever certificate the message itself carries.
     *
     * @throws SecurityException when the entity is not signed, or not by one of {@code trusted}
     */
    static Verified verify(Mime.Entity signed, Collection<X509Certificate> trusted) {
        String contentType = signed.contentType();
        if (!Mime.mediaType(contentType).equals("multipart/signed")) {
            throw new SecurityException("not signed: " + Mime.mediaType(contentType));
        }
        String boundary = Mime.parameter(contentType, "boundary")
                .orElseThrow(() -> new SecurityException("multipart/signed without a boundary"));
        List<byte[]> parts = Mime.parts(signed.body(), boundary);
        if (parts.size() != 2) {
            throw new SecurityException("multipart/signed with " + parts.size() + " parts instead of 2");
        }
        byte[] signature = Mime.parse(parts.get(1)).decodedBody();
        try {
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(parts.get(0)), signature);
            for (SignerInformation signer : cms.getSignerInfos().getSigners()) {
                for (X509Certificate certificate : trusted) {
                    if (certificate == null || !signer.getSID().match(new X509CertificateHolder(certificate.getEncoded()))) {
                        continue;
                    }
                    if (signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(certificate))) {
                        return new Verified(parts.get(0), certificate);
                    }
                    throw new SecurityException("signature does not verify (content changed after signing?)");
                }
            }
            throw new SecurityException("signed by a certificate that is not the partner's");
        } catch (CMSException e) {
            throw new SecurityException("signature does not verify: " + e.getMessage(), e);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new SecurityException("cannot check the signature: " + e.getMessage(), e);
        }
    }

    /** The certificates a signed entity carries (to learn who signed when no partner certificate is configured). */
    static List<X509Certificate> embeddedCertificates(Mime.Entity signed) {
        String boundary = Mime.parameter(signed.contentType(), "boundary").orElseThrow();
        List<byte[]> parts = Mime.parts(signed.body(), boundary);
        try {
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(parts.get(0)),
                    Mime.parse(parts.get(1)).decodedBody());
            Store<X509CertificateHolder> store = cms.getCertificates();
            List<X509Certificate> certificates = new ArrayList<>();
            for (X509CertificateHolder holder : store.getMatches(null)) {
                certificates.add(new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().setProvider(BC)
                        .getCertificate(holder));
            }
            return certificates;
        } catch (CMSException | GeneralSecurityException e) {
            throw new SecurityException("unreadable signature: " + e.getMessage(), e);
        }
    }

    /**
     * Encrypts a MIME entity for the recipient's certificate.
     *
     * @return the DER CMS structure; send it as {@link #encryptedContentType(Encryption)}
     */
    static byte[] encrypt(byte[] entity, X509Certificate recipient, Encryption encryption) {
        try {
            CMSTypedData content = new CMSProcessableByteArray(entity);
            JceKeyTransRecipientInfoGenerator recipientInfo = new JceKeyTransRecipientInfoGenerator(recipient)
                    .setProvider(BC);
            JceCMSContentEncryptorBuilder encryptor = new JceCMSContentEncryptorBuilder(encryption.oid).setProvider(BC);
            if (encryption.authenticated) {
                CMSAuthEnvelopedDataGenerator generator = new CMSAuthEnvelopedDataGenerator();
                generator.addRecipientInfoGenerator(recipientInfo);
                return generator.generate(content, (org.bouncycastle.operator.OutputAEADEncryptor) encryptor.build())
                        .getEncoded();
            }
            CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
            generator.addRecipientInfoGenerator(recipientInfo);
            return generator.generate(content, encryptor.build()).getEncoded();
        } catch (GeneralSecurityException | CMSException | IOException e) {
            throw new IllegalStateException("cannot encrypt for " + recipient.getSubjectX500Principal() + ": "
                    + e.getMessage(), e);
        }
    }

    static String encryptedContentType(Encryption encryption) {
        return "application/pkcs7-mime; smime-type=" + (encryption.authenticated ? "authEnveloped-data" : "enveloped-data")
                + "; name=smime.p7m";
    }

    /** Decrypts enveloped-data (CBC) or authEnveloped-data (GCM) addressed to our certificate. */
    static byte[] decrypt(byte[] der, PrivateKey key, X509Certificate certificate) {
        try {
            ContentInfo info = ContentInfo.getInstance(der);
            JceKeyTransEnvelopedRecipient recipient = new JceKeyTransEnvelopedRecipient(key);
            recipient.setProvider(BC);
            RecipientInformation ours;
            if (CMSObjectIdentifiers.authEnvelopedData.equals(info.getContentType())) {
                ours = new CMSAuthEnvelopedData(info).getRecipientInfos().get(new JceKeyTransRecipientId(certificate));
            } else {
                ours = new CMSEnvelopedData(info).getRecipientInfos().get(new JceKeyTransRecipientId(certificate));
            }
            if (ours == null) {
                throw new SecurityException("not encrypted for our certificate " + certificate.getSubjectX500Principal());
            }
            return ours.getContent(recipient);
        } catch (CMSException | IllegalArgumentException e) {
            throw new SecurityException("decryption failed: " + e.getMessage(), e);
        }
    }
}
