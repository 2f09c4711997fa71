package fr.facteur.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Period;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import fr.facteur.as2.As2Crypto;
import fr.facteur.as2.outbound.As2HttpEndpoint;
import fr.facteur.as2.outbound.As2OutboundProperties;
import fr.facteur.as2.outbound.As2Receiver;
import fr.facteur.inbound.as2.As2Properties;
import fr.facteur.crypto.Certificates;
import fr.facteur.crypto.OperatorIdentity;
import fr.facteur.platform.FacteurProperties;
import fr.facteur.tenant.TenantPrerequisite;

/**
 * The demo supplier "martin" sending over AS2: its key and certificate are generated on first run
 * (certs/martin/as2-key.pem, certs/martin/as2.pem, which config/tenants/martin.yaml registers), and every file
 * dropped in {@code <data>/demo-as2/martin/outbox/} is sent to the gateway's AS2 endpoint as a signed (sha-256) and
 * encrypted (AES-256-CBC) AS2 message asking for a signed MDN. The MDN is written to {@code mdn/}, the file moved to
 * {@code sent/}. Its receiving side ({@link Inbox}, on facteur.demo.as2-port, 4082) takes the answers and return
 * flows the gateway sends it (martin.yaml: returns.channel as2): it decrypts them, verifies the gateway's signature,
 * stores the payload in {@code inbox/} and answers a signed MDN. Stands for the supplier's ERP; nothing here runs
 * in production.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = {"facteur.demo.enabled", "facteur.as2.enabled"}, havingValue = "true")
class DemoAs2Partner {

    static final String TENANT = "martin";
    static final String AS2_ID = "MARTIN";

    /** Martin's AS2 certificate exists before the tenant registry reads martin.yaml. */
    @Bean
    TenantPrerequisite demoAs2CertificateReady(FacteurProperties properties) {
        Path certs = properties.certsDir().toAbsolutePath().resolve(TENANT);
        Path key = certs.resolve("as2-key.pem");
        Path certificate = certs.resolve("as2.pem");
        if (!Files.exists(key) || !Files.exists(certificate)) {
            KeyPair keys = Certificates.rsaKeyPair(2048);
            Certificates.writePrivateKeyPem(key, keys.getPrivate());
            Certificates.writeCertificatePem(certificate,
                    Certificates.selfSigned(keys, "CN=Martin demo AS2,O=Martin Imprimerie", Period.ofYears(2)));
        }
        return new TenantPrerequisite() {
        };
    }

    @Bean
    Sender demoAs2Sender(FacteurProperties properties, As2Properties as2, OperatorIdentity operator,
            TenantPrerequisite demoAs2CertificateReady) {
        Path certs = properties.certsDir().toAbsolutePath().resolve(TENANT);
        return new Sender(properties.dataDir().toAbsolutePath().resolve("demo-as2").resolve(TENANT),
                Certificates.readPrivateKeyPem(certs.resolve("as2-key.pem")),
                Certificates.readCertificatePem(certs.resolve("as2.pem")), operator.certificate(), as2);
    }

    @Bean(destroyMethod = "close")
    Inbox demoAs2Inbox(DemoProperties demo, FacteurProperties properties, OperatorIdentity operator,
            As2OutboundProperties outbound, TenantPrerequisite demoAs2CertificateReady) {
        Path certs = properties.certsDir().toAbsolutePath().resolve(TENANT);
        return Inbox.start(demo.bindHost(), demo.as2Port(),
                properties.dataDir().toAbsolutePath().resolve("demo-as2").resolve(TENANT),
                Certificates.readPrivateKeyPem(certs.resolve("as2-key.pem")),
                Certificates.readCertificatePem(certs.resolve("as2.pem")), outbound.as2Id(), operator.certificate());
    }

    /**
     * Martin's AS2 receiving endpoint ({@code POST /as2}). Only the gateway (its AS2 id, signed with the operator's
     * certificate) is trusted; the payload lands in {@code <home>/inbox/<file name>}. The crypto and the MDN are
     * the as2.outbound receiving side, a different implementation from the gateway's inbound server.
     */
    static final class Inbox implements AutoCloseable {

        private static final Logger log = LoggerFactory.getLogger(Inbox.class);

        private final As2HttpEndpoint endpoint;
        private final Path inbox;

        private Inbox(As2HttpEndpoint endpoint, Path inbox) {
            this.endpoint = endpoint;
            this.inbox = inbox;
        }

        /** @param port 0 for any free port (tests) */
        static Inbox start(String host, int port, Path home, PrivateKey key, X509Certificate certificate,
                String gatewayAs2Id, X509Certificate gateway) {
            Path inbox = home.resolve("inbox");
            try {
                Files.createDirectories(inbox);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            As2Receiver receiver = new As2Receiver(AS2_ID, key, certificate,
                    from -> gatewayAs2Id.equals(from) ? List.of(gateway) : List.of(),
                    (from, messageId, fileName, content) -> store(inbox, fileName, content));
            As2HttpEndpoint endpoint = As2HttpEndpoint.start(host, port, "/as2", receiver);
            log.info("Demo AS2 partner {} receives on http://{}:{}/as2 into {}", TENANT, host, endpoint.port(), inbox);
            return new Inbox(endpoint, inbox);
        }

        /** The sender names the file; only its last segment is kept, so a name cannot write outside the inbox. */
        private static void store(Path inbox, String fileName, byte[] content) throws IOException {
            Path last = Path.of(fileName.replace('\\', '/')).getFileName();
            String name = last == null ? "" : last.toString();
            if (name.isBlank() || name.startsWith(".")) {
                name = "received-" + UUID.randomUUID();
            }
            Path temp = Files.createTempFile(inbox, ".part-", "");
            Files.write(temp, content);
            // written under a hidden name then moved, so whoever reads the inbox never sees half a file
            Files.move(temp, inbox.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }

        int port() {
            return endpoint.port();
        }

        Path inbox() {
            return inbox;
        }

        @Override
        public void close() {
            endpoint.close();
        }
    }

    /** Polls the outbox and sends each file over AS2. */
    static class Sender {

        private static final Logger log = LoggerFactory.getLogger(Sender.class);
        private static final String CRLF = "\r\n";

        private final Path home;
        private final PrivateKey key;
        private final X509Certificate certificate;
        private final X509Certificate gateway;
        private final As2Properties as2;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        Sender(Path home, PrivateKey key, X509Certificate certificate, X509Certificate gateway, As2Properties as2) {
            this.home = home;
            this.key = key;
            this.certificate = certificate;
            this.gateway = gateway;
            this.as2 = as2;
            try {
                for (String folder : List.of("outbox", "sent", "mdn")) {
                    Files.createDirectories(home.resolve(folder));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Scheduled(fixedDelay = 2000, initialDelay = 5000)
        void sendOutbox() {
            try (Stream<Path> files = Files.list(home.resolve("outbox"))) {
                for (Path file : files.filter(Files::isRegularFile)
                        .filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                    send(file);
                }
            } catch (IOException | RuntimeException e) {
                log.warn("demo AS2 partner {}: {}", TENANT, e.toString());
            }
        }

        private void send(Path file) throws IOException {
            String name = file.getFileName().toString();
            byte[] entity = entity("Content-Type: application/xml" + CRLF + "Content-Transfer-Encoding: binary" + CRLF
                    + "Content-Disposition: attachment; filename=\"" + name + "\"" + CRLF, Files.readAllBytes(file));
            String boundary = "demo-" + UUID.randomUUID();
            byte[] signature = As2Crypto.signDetached(entity, key, certificate, "sha-256");
            ByteArrayOutputStream signed = new ByteArrayOutputStream();
            signed.writeBytes(("--" + boundary + CRLF).getBytes(StandardCharsets.US_ASCII));
            signed.writeBytes(entity);
            signed.writeBytes((CRLF + "--" + boundary + CRLF + "Content-Type: application/pkcs7-signature" + CRLF
                    + "Content-Transfer-Encoding: base64" + CRLF + CRLF
                    + Base64.getMimeEncoder().encodeToString(signature) + CRLF + "--" + boundary + "--" + CRLF)
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] signedEntity = entity("Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; "
                    + "micalg=sha-256; boundary=\"" + boundary + "\"" + CRLF, signed.toByteArray());
            byte[] encrypted = As2Crypto.encrypt(signedEntity, gateway, "AES256_CBC");
            URI url = URI.create("http://127.0.0.1:" + as2.port() + as2.path());
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                        .header("AS2-Version", "1.2").header("AS2-From", AS2_ID).header("AS2-To", as2.as2Id())
                        .header("Message-ID", "<" + UUID.randomUUID() + "@martin.demo>")
                        .header("Disposition-Notification-To", "as2@martin.demo")
                        .header("Disposition-Notification-Options",
                                "signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha-256")
                        .header("Content-Type", "application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(encrypted)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                Files.write(home.resolve("mdn").resolve(name + ".mdn"), response.body());
                Files.move(file, home.resolve("sent").resolve(name), StandardCopyOption.REPLACE_EXISTING);
                log.info("demo AS2 partner {} sent {}: HTTP {}", TENANT, name, response.statusCode());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static byte[] entity(String headers, byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes((headers + CRLF).getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(body);
            return out.toByteArray();
        }
    }
}
