package fr.facteur.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Period;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificatesTest {

    @TempDir
    Path dir;

    @Test
    void aSelfSignedCertificateIsAnX509v3TrustAnchorForSigning() throws Exception {
        KeyPair keys = Certificates.ecKeyPair();

        X509Certificate cert = Certificates.selfSigned(keys, "CN=Test signer,O=Facteur", Period.ofYears(2));

        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=Test signer,O=Facteur");
        cert.verify(keys.getPublic());
        assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        // digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement, keyCertSign, ...
        assertThat(cert.getKeyUsage()).startsWith(true, true, false, false, false, true, false);
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(ChronoUnit.DAYS.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
                .isBetween(729L, 731L);
        cert.checkValidity();
    }

    @Test
    void rsaKeysUnder2048BitsAreRefused() {
        assertThatThrownBy(() -> Certificates.rsaKeyPair(1024)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2048");
    }

    @Test
    void keysAndCertificatesRoundTripThroughPem() throws Exception {
        KeyPair keys = Certificates.ecKeyPair();
        X509Certificate cert = Certificates.selfSigned(keys, "CN=Round trip", Period.ofDays(1));
        Path keyFile = dir.resolve("sub/key.pem");
        Path certFile = dir.resolve("sub/cert.pem");

        Certificates.writePrivateKeyPem(keyFile, keys.getPrivate());
        Certificates.writeCertificatePem(certFile, cert);

        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(certFile)).startsWith("-----BEGIN CERTIFICATE-----");
        PrivateKey read = Certificates.readPrivateKeyPem(keyFile);
        assertThat(read).isInstanceOf(ECPrivateKey.class);
        // same secret (the PKCS#8 bytes may differ by provider: BouncyCastle adds the optional public key)
        assertThat(((ECPrivateKey) read).getS()).isEqualTo(((ECPrivateKey) keys.getPrivate()).getS());
        java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
        signer.initSign(read);
        signer.update("round trip".getBytes());
        byte[] signature = signer.sign();
        java.security.Signature verifier = java.security.Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(keys.getPublic());
        verifier.update("round trip".getBytes());
        assertThat(verifier.verify(signature)).isTrue();
        assertThat(Certificates.readCertificatePem(certFile)).isEqualTo(cert);
        assertThat(Certificates.toPem(cert)).isEqualTo(Files.readString(certFile));
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certFile))).isEqualTo("rw-r--r--");
        }
        assertThat(Files.list(dir.resolve("sub"))).hasSize(2);
    }

    @Test
    void opensslReadsTheWrittenKey() {
        KeyPair keys = Certificates.rsaKeyPair(2048);
        Path keyFile = dir.resolve("key.pem");
        Certificates.writePrivateKeyPem(keyFile, keys.getPrivate());

        OpenSsl.Result result = OpenSsl.run(java.util.List.of("openssl", "pkey", "-in", keyFile.toString(), "-noout"));

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void aFileWithoutTheExpectedPemObjectIsNamed() throws Exception {
        X509Certificate cert = Certificates.selfSigned(Certificates.ecKeyPair(), "CN=x", Period.ofDays(1));
        Path certFile = dir.resolve("cert.pem");
        Certificates.writeCertificatePem(certFile, cert);
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");

        assertThatThrownBy(() -> Certificates.readPrivateKeyPem(certFile))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cert.pem holds no PEM private key");
        assertThatThrownBy(() -> Certificates.readCertificatePem(empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty.pem holds no PEM object");
    }
}
