package fr.facteur.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemOperatorIdentityTest {

    @TempDir
    Path dir;

    @Test
    void aMissingIdentityIsGeneratedThenReloadedIdentical() throws Exception {
        Path operator = dir.resolve("certs/operator");

        PemOperatorIdentity generated = new PemOperatorIdentity(operator, "AAA999", true);
        PemOperatorIdentity reloaded = new PemOperatorIdentity(operator, "AAA999", false);

        assertThat(reloaded.certificate()).isEqualTo(generated.certificate());
        // the same RSA key (compared by value: the PKCS#8 bytes may differ between security providers)
        var reloadedKey = (java.security.interfaces.RSAPrivateKey) reloaded.privateKey();
        var generatedKey = (java.security.interfaces.RSAPrivateKey) generated.privateKey();
        assertThat(reloadedKey.getModulus()).isEqualTo(generatedKey.getModulus());
        assertThat(reloadedKey.getPrivateExponent()).isEqualTo(generatedKey.getPrivateExponent());
        assertThat(generated.keyFile()).isEqualTo(operator.resolve("signing-key.pem").toAbsolutePath());
        assertThat(generated.certificateFile()).isEqualTo(operator.resolve("signing-cert.pem").toAbsolutePath());
        assertThat(Files.readString(generated.keyFile())).startsWith("-----BEGIN PRIVATE KEY-----");
        if (Files.getFileStore(operator).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(generated.keyFile())))
                    .isEqualTo("rw-------");
        }

        X509Certificate cert = generated.certificate();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=Facteur operator AAA999");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(cert.getKeyUsage()).startsWith(true, true, false, false, false, true);
        assertThat(ChronoUnit.DAYS.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
                .isBetween(729L, 731L);
    }

    @Test
    void aMissingIdentityThatMayNotBeGeneratedStopsStartUpNamingBothFiles() {
        Path operator = dir.resolve("operator");

        assertThatThrownBy(() -> new PemOperatorIdentity(operator, "AAA999", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(operator.resolve("signing-key.pem").toAbsolutePath().toString())
                .hasMessageContaining(operator.resolve("signing-cert.pem").toAbsolutePath().toString())
                .hasMessageContaining("facteur.operator.generate-if-missing");
        assertThat(operator).doesNotExist();
    }

    @Test
    void halfAnIdentityIsNeverCompletedByGeneration() throws Exception {
        Path operator = dir.resolve("operator");
        Certificates.writePrivateKeyPem(operator.resolve("signing-key.pem"), Certificates.ecKeyPair().getPrivate());
        byte[] keyBefore = Files.readAllBytes(operator.resolve("signing-key.pem"));

        assertThatThrownBy(() -> new PemOperatorIdentity(operator, "AAA999", true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("incomplete")
                .hasMessageContaining(operator.resolve("signing-cert.pem").toAbsolutePath() + " is missing");
        assertThat(Files.readAllBytes(operator.resolve("signing-key.pem"))).isEqualTo(keyBefore);
    }

    @Test
    void aKeyFromAnotherPairIsRefused() {
        Path operator = dir.resolve("operator");
        Certificates.writePrivateKeyPem(operator.resolve("signing-key.pem"), Certificates.ecKeyPair().getPrivate());
        Certificates.writeCertificatePem(operator.resolve("signing-cert.pem"),
                Certificates.selfSigned(Certificates.ecKeyPair(), "CN=someone else", Period.ofDays(1)));

        assertThatThrownBy(() -> new PemOperatorIdentity(operator, "AAA999", true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void anUnreadableFileIsNamed() throws Exception {
        Path operator = Files.createDirectories(dir.resolve("operator"));
        Files.writeString(operator.resolve("signing-key.pem"), "not a key");
        Files.writeString(operator.resolve("signing-cert.pem"), "not a certificate");

        assertThatThrownBy(() -> new PemOperatorIdentity(operator, "AAA999", true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be read")
                .hasMessageContaining("signing-key.pem");
    }
}
