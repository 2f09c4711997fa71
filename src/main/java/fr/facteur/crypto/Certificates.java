package fr.facteur.crypto;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Keys and certificates with BouncyCastle: key pairs, self-signed certificates, PEM files. For the operator's
 * generated demo identity, and for tests (which generate their keys at run time: no private key is committed).
 *
 * <p>BouncyCastle is used as an explicit provider instance, never registered globally, so nothing here changes the
 * JVM's provider order for other code.
 */
public final class Certificates {

    /** BouncyCastle, passed explicitly where a provider is needed. */
    static final Provider BC = new BouncyCastleProvider();

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** Clocks of the verifying side may lag: a certificate valid from "now" could look not yet valid there. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private Certificates() {
    }

    /** An RSA key pair; {@code bits} of at least 2048 (3072 for anything meant to last past 2030). */
    public static KeyPair rsaKeyPair(int bits) {
        if (bits < 2048) {
            throw new IllegalArgumentException("RSA keys under 2048 bits are refused: " + bits);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    /** An EC key pair on P-256 (secp256r1): fast to generate, for tests. */
    public static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC key", e);
        }
    }

    /** SHA-256 with the key's own algorithm: SHA256withRSA or SHA256withECDSA. */
    public static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            default -> throw new IllegalArgumentException("unsupported key algorithm: " + key.getAlgorithm());
        };
    }

    /**
     * A self-signed X.509 v3 certificate: basicConstraints CA:true (it is its own trust anchor), keyUsage
     * digitalSignature + nonRepudiation + keyCertSign, subject and authority key identifiers, a random 128-bit
     * serial, valid from five minutes ago for {@code validity}.
     *
     * @param distinguishedName RFC 4514, e.g. "CN=Facteur operator AAA999,O=ACME"
     */
    public static X509Certificate selfSigned(KeyPair keys, String distinguishedName, Period validity) {
        try {
            // X500Principal reads the DN as RFC 4514 writes it (most specific RDN first), as openssl and keytool do
            X500Principal name = new X500Principal(distinguishedName);
            Instant notBefore = Instant.now().minus(BACKDATE);
            Instant notAfter = notBefore.atZone(ZoneOffset.UTC).plus(validity).toInstant();
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(128, RANDOM),
                    Date.from(notBefore), Date.from(notAfter), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation | KeyUsage.keyCertSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(keys.getPublic()));
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm(keys.getPrivate())).setProvider(BC)
                    .build(keys.getPrivate());
            return toX509(builder.build(signer));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create a self-signed certificate for " + distinguishedName, e);
        }
    }

    /** Writes a certificate as PEM ("CERTIFICATE"), replacing the file atomically. */
    public static void writeCertificatePem(Path file, X509Certificate certificate) {
        writeAtomically(file, certificate, false);
    }

    /**
     * Writes a private key as unencrypted PKCS#8 PEM ("PRIVATE KEY"), readable by its owner only where the file
     * system has POSIX permissions (600), replacing the file atomically: the key is never readable by others, not
     * even while it is being written.
     */
    public static void writePrivateKeyPem(Path file, PrivateKey key) {
        writeAtomically(file, key, true);
    }

    /** Reads the first certificate of a PEM file. */
    public static X509Certificate readCertificatePem(Path file) {
        Object pem = readPemObject(file);
        if (!(pem instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException(file + " holds no PEM certificate (found " + describe(pem) + ")");
        }
        try {
            return toX509(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + " holds an unreadable certificate", e);
        }
    }

    /** Reads an unencrypted private key from PEM: PKCS#8 ("PRIVATE KEY") or traditional ("RSA/EC PRIVATE KEY"). */
    public static PrivateKey readPrivateKeyPem(Path file) {
        Object pem = readPemObject(file);
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (pem instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " holds an unreadable private key", e);
        }
        if (pem instanceof PKCS8EncryptedPrivateKeyInfo || pem instanceof PEMEncryptedKeyPair) {
            throw new IllegalArgumentException(file + " holds an encrypted private key: Facteur needs it unencrypted "
                    + "(protect the file by its permissions instead)");
        }
        throw new IllegalArgumentException(file + " holds no PEM private key (found " + describe(pem) + ")");
    }

    /** A certificate as PEM text. */
    public static String toPem(X509Certificate certificate) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static X509Certificate toX509(X509CertificateHolder holder) throws CertificateException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static Object readPemObject(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object pem = parser.readObject();
            if (pem == null) {
                throw new IllegalArgumentException(file + " holds no PEM object");
            }
            return pem;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String describe(Object pem) {
        return pem == null ? "nothing" : pem.getClass().getSimpleName();
    }

    private static void writeAtomically(Path file, Object value, boolean secret) {
        Path target = file.toAbsolutePath();
        try {
            Path dir = target.getParent();
            Files.createDirectories(dir);
            boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
            FileAttribute<?>[] attributes = secret && posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                    : new FileAttribute<?>[0];
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part", attributes);
            try {
                try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII);
                        JcaPEMWriter pem = new JcaPEMWriter(out)) {
                    pem.writeObject(secret ? new JcaPKCS8Generator((PrivateKey) value, null) : value);
                }
                if (!secret && posix) {
                    // temporary files are created owner-only; a certificate is public
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
