package fr.facteur.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmsSignerTest {

    static TestIdentity rsa;
    static TestIdentity ec;

    @TempDir
    Path dir;

    @BeforeAll
    static void generateKeys() {
        rsa = TestIdentity.rsa("Test operator RSA");
        ec = TestIdentity.ec("Test operator EC");
    }

    @Test
    void aSignatureVerifiesAndNamesItsSigner() throws Exception {
        Path content = Files.writeString(dir.resolve("flow"), "<Invoice>contenu à signer</Invoice>");
        CmsSigner signer = new CmsSigner(rsa);

        byte[] signature = signer.signDetached(content);

        assertThat(signer.verifyDetached(content, signature)).isEqualTo(rsa.certificate());
        CMSSignedData parsed = new CMSSignedData(signature);
        assertThat(parsed.isDetachedSignature()).isTrue();
        assertThat(parsed.getSignerInfos().getSigners()).singleElement()
                .satisfies(s -> assertThat(s.getDigestAlgOID()).isEqualTo("2.16.840.1.101.3.4.2.1"));
        assertThat(parsed.getCertificates().getMatches(null)).hasSize(1);
    }

    @Test
    void anEcKeySignsWithEcdsa() throws Exception {
        Path content = Files.writeString(dir.resolve("flow"), "<Invoice/>");
        CmsSigner signer = new CmsSigner(ec);

        byte[] signature = signer.signDetached(content);

        assertThat(signer.verifyDetached(content, signature)).isEqualTo(ec.certificate());
        assertThat(new CMSSignedData(signature).getSignerInfos().getSigners()).singleElement()
                .satisfies(s -> assertThat(s.getEncryptionAlgOID()).isEqualTo("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256
        Path p7s = Files.write(dir.resolve("flow.p7s"), signature);
        Path ca = dir.resolve("ca.pem");
        Certificates.writeCertificatePem(ca, ec.certificate());
        OpenSsl.Result openssl = OpenSsl.cmsVerify(p7s, content, ca, dir);
        assertThat(openssl.exitCode()).as(openssl.output()).isZero();
    }

    @Test
    void theSignatureIsDerAndDoesNotCarryTheContent() throws Exception {
        Path content = dir.resolve("big");
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) 'x');
        try (OutputStream out = Files.newOutputStream(content)) {
            for (int i = 0; i < 64; i++) { // 4 MB
                out.write(block);
            }
        }

        byte[] signature = new CmsSigner(rsa).signDetached(content);

        assertThat(signature.length).isLessThan(4096);
        assertThat(ASN1Primitive.fromByteArray(signature).getEncoded(ASN1Encoding.DER)).isEqualTo(signature);
    }

    @Test
    void alteredContentIsDetected() throws Exception {
        Path content = Files.writeString(dir.resolve("flow"), "<PayableAmount>582.00</PayableAmount>");
        CmsSigner signer = new CmsSigner(rsa);
        byte[] signature = signer.signDetached(content);

        Files.writeString(content, "<PayableAmount>982.00</PayableAmount>");

        assertThatThrownBy(() -> signer.verifyDetached(content, signature))
                .isInstanceOf(SignatureVerificationException.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void anAlteredOrForeignSignatureIsDetected() throws Exception {
        Path content = Files.writeString(dir.resolve("flow"), "<Invoice/>", StandardCharsets.UTF_8);
        CmsSigner signer = new CmsSigner(rsa);
        byte[] signature = signer.signDetached(content);

        byte[] flipped = signature.clone();
        flipped[flipped.length - 10] ^= 0x01; // inside the RSA signature value, at the end of the structure

        assertThatThrownBy(() -> signer.verifyDetached(content, flipped))
                .isInstanceOf(SignatureVerificationException.class);
        assertThatThrownBy(() -> signer.verifyDetached(content, "not CMS".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(SignatureVerificationException.class);
        assertThat(new CmsSigner(ec).verifyDetached(content, signature)).as("verification does not decide trust")
                .isEqualTo(rsa.certificate());
    }
}
