package fr.facteur.as2;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSCompressedDataGenerator;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.ZlibCompressor;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * An AS2 sender that is not camel-as2 and shares no code with the server's message handling: MIME assembled by
 * hand, S/MIME layers made directly with BouncyCastle's CMS generators, sent with the JDK's HttpClient. It computes
 * the MIC it expects on its own and checks the MDN's signature against the operator's certificate it was given.
 */
public final class As2TestClient {

    static final String CRLF = "\r\n";
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** A MIME entity being assembled: its header lines and body. */
    public record Entity(String headers, byte[] body) {

        public byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes((headers + CRLF).getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(body);
            return out.toByteArray();
        }

        String contentType() {
            for (String line : headers.split(CRLF)) {
                if (line.regionMatches(true, 0, "Content-Type:", 0, 13)) {
                    return line.substring(13).trim();
                }
            }
            return "text/plain";
        }
    }

    private As2TestClient() {
    }

    public static Entity payload(byte[] content, String contentDisposition) {
        return new Entity("Content-Type: application/xml" + CRLF + "Content-Transfer-Encoding: binary" + CRLF
                + "Content-Disposition: " + contentDisposition + CRLF, content);
    }

    public static Entity sign(Entity content, PrivateKey key, X509Certificate certificate, String micalg) throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        String jca = switch (micalg) {
            case "sha-384" -> "SHA384withRSA";
            case "sha-512" -> "SHA512withRSA";
            case "sha-1" -> "SHA1withRSA";
            default -> "SHA256withRSA";
        };
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                new JcaDigestCalculatorProviderBuilder().setProvider(BC).build())
                .build(new JcaContentSignerBuilder(jca).setProvider(BC).build(key), certificate));
        generator.addCertificates(new JcaCertStore(List.of(certificate)));
        byte[] signature = generator.generate(new CMSProcessableByteArray(content.bytes()), false).getEncoded();
        String boundary = "b-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + CRLF).getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(content.bytes());
        body.writeBytes((CRLF + "--" + boundary + CRLF + "Content-Type: application/pkcs7-signature; name=smime.p7s"
                + CRLF + "Content-Transfer-Encoding: base64" + CRLF + CRLF
                + Base64.getMimeEncoder().encodeToString(signature) + CRLF + "--" + boundary + "--" + CRLF)
                .getBytes(StandardCharsets.US_ASCII));
        return new Entity("Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=" + micalg
                + "; boundary=\"" + boundary + "\"" + CRLF, body.toByteArray());
    }

    public static Entity encrypt(Entity content, X509Certificate recipient) throws Exception {
        CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
        generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient).setProvider(BC));
        byte[] der = generator.generate(new CMSProcessableByteArray(content.bytes()),
                new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).setProvider(BC).build()).getEncoded();
        return new Entity("Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m" + CRLF
                + "Content-Transfer-Encoding: binary" + CRLF, der);
    }

    public static Entity compress(Entity content) throws Exception {
        byte[] der = new CMSCompressedDataGenerator().generate(new CMSProcessableByteArray(content.bytes()),
                new ZlibCompressor()).getEncoded();
        return new Entity("Content-Type: application/pkcs7-mime; smime-type=compressed-data; name=smime.p7z" + CRLF
                + "Content-Transfer-Encoding: base64" + CRLF,
                Base64.getMimeEncoder().encodeToString(der).getBytes(StandardCharsets.US_ASCII));
    }

    public static String mic(byte[] content, String micalg) throws Exception {
        String jca = "SHA-" + micalg.substring(4);
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance(jca).digest(content)) + ", " + micalg;
    }

    /** The HTTP request of an AS2 message: the outermost entity's headers become HTTP headers. */
    public static HttpResponse<byte[]> send(URI url, Entity message, Map<String, String> as2Headers) throws Exception {
        return send(url, message, as2Headers, Duration.ofSeconds(30));
    }

    /** As {@link #send(URI, Entity, Map)}, waiting up to {@code timeout} for the answer (long runs on a busy machine). */
    public static HttpResponse<byte[]> send(URI url, Entity message, Map<String, String> as2Headers, Duration timeout)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", message.contentType());
        for (String line : message.headers().split(CRLF)) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim();
            if (!name.equalsIgnoreCase("Content-Type")) {
                request.header(name, line.substring(colon + 1).trim());
            }
        }
        as2Headers.forEach(request::header);
        return HTTP.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(message.body())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    public static Map<String, String> headers(String from, String to, String messageId) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("AS2-Version", "1.2");
        h.put("AS2-From", from);
        h.put("AS2-To", to);
        h.put("Message-ID", messageId);
        h.put("MIME-Version", "1.0");
        return h;
    }

    /** What an MDN says, after its signature (if any) was checked against the expected signer. */
    public record ReadMdn(boolean signed, X509Certificate signerChecked, String disposition, String mic,
            String originalMessageId) {
    }

    /**
     * Reads an MDN. A signed one must verify with {@code expectedSigner}, else AssertionError: the client trusts
     * only the certificate the operator gave it, not the one the MDN carries.
     */
    public static ReadMdn readMdn(String contentType, byte[] body, X509Certificate expectedSigner) throws Exception {
        MimeEntity entity = MimeEntity.of(Map.of("Content-Type", contentType), body);
        boolean signed = false;
        if (entity.mediaType().equals("multipart/signed")) {
            List<MimeEntity> parts = entity.parts();
            CMSSignedData data = new CMSSignedData(new CMSProcessableByteArray(parts.get(0).raw()),
                    parts.get(1).decodedBody());
            boolean ok = false;
            for (SignerInformation signer : data.getSignerInfos().getSigners()) {
                ok |= signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(expectedSigner));
            }
            if (!ok) {
                throw new AssertionError("MDN signature does not verify with the expected certificate");
            }
            signed = true;
            entity = parts.get(0);
        }
        String text = null;
        for (MimeEntity part : entity.parts()) {
            if (part.mediaType().equals("message/disposition-notification")) {
                text = new String(part.decodedBody(), StandardCharsets.US_ASCII);
            }
        }
        if (text == null) {
            throw new AssertionError("no message/disposition-notification part");
        }
        return new ReadMdn(signed, signed ? expectedSigner : null, field(text, "Disposition"),
                field(text, "Received-Content-MIC"), field(text, "Original-Message-ID"));
    }

    private static String field(String text, String name) {
        for (String line : text.split("\r?\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }
}
