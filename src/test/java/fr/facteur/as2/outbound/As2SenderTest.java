package fr.facteur.as2.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import fr.facteur.crypto.TestIdentity;
import fr.facteur.testsupport.TestDatabase;

/**
 * The AS2 sender against a real receiving peer over real HTTP (As2Receiver on a JDK HttpServer, not camel-as2),
 * real crypto with RSA-2048 keys generated here, and the outcome recorded in a real PostgreSQL.
 */
class As2SenderTest {

    static final String PARTNER = "PARTNER-1";
    static TestIdentity operator;
    static TestIdentity partner;
    static TestIdentity mallory;
    static JdbcTemplate jdbc;
    static As2OutboundRepository messages;

    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<As2HttpEndpoint> servers = new CopyOnWriteArrayList<>();

    record Received(String messageId, String fileName, byte[] content, Instant at) {
    }

    @BeforeAll
    static void keysAndDatabase() {
        operator = TestIdentity.rsa("facteur-operator");
        partner = TestIdentity.rsa("partner-1");
        mallory = TestIdentity.rsa("mallory");
        DriverManagerDataSource ds = new DriverManagerDataSource(TestDatabase.newDatabase("as2_out"), TestDatabase.user(), "");
        Flyway.configure().dataSource(ds).load().migrate();
        jdbc = new JdbcTemplate(ds);
        messages = new As2OutboundRepository(jdbc);
    }

    @AfterEach
    void stop() {
        servers.forEach(As2HttpEndpoint::close);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"AES128_CBC, sha-256", "AES256_CBC, sha-384", "AES128_GCM, sha-512", "AES256_GCM, sha-256"})
    void roundTripWithTheMdnVerified(String encryption, String micAlgorithm) {
        URI url = serve(partnerReceiver()::receive);
        As2Sender sender = sender(micAlgorithm, null, Clock.systemUTC());
        byte[] content = ("<Invoice>" + encryption + "</Invoice>").getBytes(StandardCharsets.UTF_8);

        String reference = "rt-" + encryption + "-" + micAlgorithm;
        assertThat(sender.send(destination(url, encryption, false), reference, "FSO1100A_AAA999_1.xml",
                "application/xml", content)).isEqualTo(As2Sender.Outcome.DELIVERED);

        assertThat(received).hasSize(1);
        assertThat(received.get(0).content()).isEqualTo(content);
        assertThat(received.get(0).fileName()).isEqualTo("FSO1100A_AAA999_1.xml");
        As2OutboundRepository.Row row = messages.findByReference(reference).orElseThrow();
        assertThat(row.status()).isEqualTo("DELIVERED");
        assertThat(row.messageId()).isEqualTo(received.get(0).messageId());
        assertThat(row.mdnDisposition()).endsWith("; processed");
        assertThat(row.mic()).endsWith(", " + micAlgorithm);
        assertThat(As2Sender.sameMic(row.mic(), row.mdnMic())).isTrue();
        assertThat(row.attempts()).isEqualTo(1);
    }

    @Test
    void aMicThatDiffersIsAFinalFailure() {
        URI url = serve((headers, body) -> forgedMdn(headers, "processed", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=, sha-256", partner));
        As2Sender sender = sender("sha-256", null, Clock.systemUTC());

        assertThatThrownBy(() -> sender.send(destination(url, "AES256_CBC", false), "mic-mismatch", "f.xml",
                "application/xml", "<x/>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(As2DeliveryException.class).hasMessageContaining("MIC mismatch")
                .matches(e -> !((As2DeliveryException) e).retryable());
        As2OutboundRepository.Row row = messages.findByReference("mic-mismatch").orElseThrow();
        assertThat(row.status()).isEqualTo("FAILED");
        assertThat(row.lastError()).contains("MIC mismatch");
        assertThat(row.attempts()).isEqualTo(1);
    }

    @Test
    void anMdnSignedBySomeoneElseIsAFinalFailure() {
        URI url = serve((headers, body) -> forgedMdn(headers, "processed", null, mallory));
        As2Sender sender = sender("sha-256", null, Clock.systemUTC());

        assertThatThrownBy(() -> sender.send(destination(url, "AES256_CBC", false), "wrong-signer", "f.xml",
                "application/xml", "<x/>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(As2DeliveryException.class).hasMessageContaining("not the partner's");
        assertThat(messages.findByReference("wrong-signer").orElseThrow().status()).isEqualTo("FAILED");
    }

    @Test
    void aNegativeMdnIsAFinalFailureWithItsDisposition() {
        URI url = serve((headers, body) -> forgedMdn(headers, "processed/error: decryption-failed", null, partner));
        As2Sender sender = sender("sha-256", null, Clock.systemUTC());

        assertThatThrownBy(() -> sender.send(destination(url, "AES256_CBC", false), "negative", "f.xml",
                "application/xml", "<x/>".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("negative MDN");
        assertThat(messages.findByReference("negative").orElseThrow().mdnDisposition())
                .endsWith("processed/error: decryption-failed");
    }

    @Test
    void a503IsRetriedWithTheSameMessageIdAfterABackoff() {
        AtomicInteger calls = new AtomicInteger();
        List<String> ids = new CopyOnWriteArrayList<>();
        List<Instant> times = new CopyOnWriteArrayList<>();
        As2Receiver real = partnerReceiver();
        URI url = serve((headers, body) -> {
            ids.add(header(headers, "Message-ID"));
            times.add(Instant.now());
            if (calls.incrementAndGet() == 1) {
                return new As2Receiver.Answer(503, Map.of(), "busy".getBytes(StandardCharsets.US_ASCII));
            }
            return real.receive(headers, body);
        });
        As2Sender sender = sender("sha-256", null, Clock.systemUTC());

        assertThat(sender.send(destination(url, "AES256_CBC", false), "retry-503", "f.xml", "application/xml",
                "<x/>".getBytes(StandardCharsets.UTF_8))).isEqualTo(As2Sender.Outcome.DELIVERED);

        assertThat(ids).hasSize(2);
        assertThat(ids.get(1)).isEqualTo(ids.get(0));
        assertThat(Duration.between(times.get(0), times.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        As2OutboundRepository.Row row = messages.findByReference("retry-503").orElseThrow();
        assertThat(row.attempts()).isEqualTo(2);
        assertThat(row.messageId()).isEqualTo(ids.get(0));
        assertThat(row.status()).isEqualTo("DELIVERED");
    }

    @Test
    void aPartnerThatStaysDownGivesARetryableFailureAndTheNextTryKeepsTheMessageId() {
        List<String> ids = new CopyOnWriteArrayList<>();
        URI url = serve((headers, body) -> {
            ids.add(header(headers, "Message-ID"));
            return new As2Receiver.Answer(502, Map.of(), new byte[0]);
        });
        As2Sender sender = sender("sha-256", null, Clock.systemUTC());
        As2Destination to = destination(url, "AES256_CBC", false);

        assertThatThrownBy(() -> sender.send(to, "down", "f.xml", "application/xml", new byte[] {1}))
                .matches(e -> ((As2DeliveryException) e).retryable());
        // the broker's redelivery calls again: same reference, same Message-ID
        assertThatThrownBy(() -> sender.send(to, "down", "f.xml", "application/xml", new byte[] {1}))
                .matches(e -> ((As2DeliveryException) e).retryable());

        assertThat(ids).hasSize(4).containsOnly(ids.get(0));
        assertThat(messages.findByReference("down").orElseThrow().status()).isEqualTo("RETRYING");
    }

    @Test
    void a4xxIsNotRetriedNorSentAgain() {
        AtomicInteger calls = new AtomicInteger();
        URI url = serve((headers, body) -> {
            calls.incrementAndGet();
            return new As2Receiver.Answer(403, Map.of(), new byte[0]);
        });
        As2Sender sender = sender("sha-256", null, Clock.systemUTC());
        As2Destination to = destination(url, "AES256_CBC", false);

        assertThatThrownBy(() -> sender.send(to, "forbidden", "f.xml", "application/xml", new byte[] {1}))
                .hasMessageContaining("HTTP 403").matches(e -> !((As2DeliveryException) e).retryable());
        assertThatThrownBy(() -> sender.send(to, "forbidden", "f.xml", "application/xml", new byte[] {1}))
                .hasMessageContaining("failed finally");

        assertThat(calls).hasValue(1);
        As2OutboundRepository.Row row = messages.findByReference("forbidden").orElseThrow();
        assertThat(row.status()).isEqualTo("FAILED");
        assertThat(row.attempts()).isEqualTo(1);
    }

    @Test
    void anAsyncMdnIsMatchedFromTheDatabaseByAnotherInstance() {
        // instance B receives the MDNs; instance A sends. They share nothing but the database.
        As2Sender instanceB = sender("sha-256", null, Clock.systemUTC());
        URI mdnUrl = serve((headers, body) -> {
            instanceB.receiveAsyncMdn(header(headers, "Content-Type"), body);
            return new As2Receiver.Answer(200, Map.of(), new byte[0]);
        });
        URI url = serve(partnerReceiver()::receive);
        As2Sender instanceA = sender("sha-384", mdnUrl, Clock.systemUTC());

        assertThat(instanceA.send(destination(url, "AES128_GCM", true), "async-1", "f.xml", "application/xml",
                "<async/>".getBytes(StandardCharsets.UTF_8))).isEqualTo(As2Sender.Outcome.AWAITING_MDN);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> messages.findByReference("async-1").orElseThrow().status().equals("DELIVERED"));
        As2OutboundRepository.Row row = messages.findByReference("async-1").orElseThrow();
        assertThat(row.mdnMode()).isEqualTo("ASYNC");
        assertThat(As2Sender.sameMic(row.mic(), row.mdnMic())).isTrue();
        assertThat(received).hasSize(1);
    }

    @Test
    void aForgedAsyncMdnChangesNothing() {
        As2Sender sender = sender("sha-256", URI.create("http://127.0.0.1:1/mdn"), Clock.systemUTC());
        URI url = serve((headers, body) -> new As2Receiver.Answer(200, Map.of(), new byte[0]));
        sender.send(destination(url, "AES256_CBC", true), "async-forged", "f.xml", "application/xml", new byte[] {1});
        String messageId = messages.findByReference("async-forged").orElseThrow().messageId();

        Mdn.Written forged = Mdn.write("MALLORY", PARTNER, messageId, "processed", null, "x", mallory.privateKey(),
                mallory.certificate(), Smime.MicAlgorithm.SHA256);
        assertThatThrownBy(() -> sender.receiveAsyncMdn(forged.contentType(), forged.body()))
                .isInstanceOf(SecurityException.class);
        assertThat(messages.findByReference("async-forged").orElseThrow().status()).isEqualTo("AWAITING_MDN");
    }

    @Test
    void anExpiredCertificateIsRefusedUnlessAllowed() {
        AtomicInteger calls = new AtomicInteger();
        As2Receiver real = partnerReceiver();
        URI url = serve((headers, body) -> {
            calls.incrementAndGet();
            return real.receive(headers, body);
        });
        // the test certificates are valid 30 days: 60 days from now they have expired
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(60)), ZoneOffset.UTC);
        As2Sender sender = sender("sha-256", null, later);

        assertThatThrownBy(() -> sender.send(destination(url, "AES256_CBC", false), "expired", "f.xml",
                "application/xml", new byte[] {1})).hasMessageContaining("expired");
        assertThat(calls).hasValue(0);
        assertThat(messages.findByReference("expired").orElseThrow().status()).isEqualTo("FAILED");

        As2Destination allowed = new As2Destination("RETURNS", "acme", PARTNER, url, partner.certificate(), null,
                Duration.ofSeconds(10), "AES256_CBC", false, true);
        assertThat(sender.send(allowed, "expired-allowed", "f.xml", "application/xml", new byte[] {1}))
                .isEqualTo(As2Sender.Outcome.DELIVERED);
        assertThat(calls).hasValue(1);
    }

    @Test
    void onceTheCurrentCertificateHasExpiredTheNextOneEncryptsAndSignsTheMdn() {
        java.security.KeyPair nextKeys = fr.facteur.crypto.Certificates.rsaKeyPair(2048);
        java.security.cert.X509Certificate next = fr.facteur.crypto.Certificates.selfSigned(nextKeys, "CN=partner-1 next",
                java.time.Period.ofDays(120));
        // the partner has moved to its next key pair: only that one decrypts
        URI url = serve(new As2Receiver(PARTNER, nextKeys.getPrivate(), next,
                from -> List.of(operator.certificate()),
                (from, messageId, fileName, content) -> received.add(new Received(messageId, fileName, content,
                        Instant.now())))::receive);
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(60)), ZoneOffset.UTC);
        As2Destination rollover = new As2Destination("RETURNS", "acme", PARTNER, url, partner.certificate(), next,
                Duration.ofSeconds(10), "AES256_GCM", false, false);

        assertThat(sender("sha-256", null, later).send(rollover, "rollover", "f.xml", "application/xml", new byte[] {7}))
                .isEqualTo(As2Sender.Outcome.DELIVERED);
        assertThat(received).hasSize(1);
    }

    As2Receiver partnerReceiver() {
        return new As2Receiver(PARTNER, partner.privateKey(), partner.certificate(),
                from -> from.equals("FACTEUR") ? List.of(operator.certificate()) : List.of(),
                (from, messageId, fileName, content) -> received.add(new Received(messageId, fileName, content, Instant.now())));
    }

    static As2Receiver.Answer forgedMdn(Map<String, String> headers, String disposition, String mic, TestIdentity signer) {
        Mdn.Written mdn = Mdn.write(PARTNER, PARTNER, header(headers, "Message-ID"), disposition, mic, "forged",
                signer.privateKey(), signer.certificate(), Smime.MicAlgorithm.SHA256);
        return new As2Receiver.Answer(200, Map.of("Content-Type", mdn.contentType()), mdn.body());
    }

    static String header(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElseThrow();
    }

    URI serve(java.util.function.BiFunction<Map<String, String>, byte[], As2Receiver.Answer> handler) {
        As2HttpEndpoint server = As2HttpEndpoint.start("127.0.0.1", 0, "/as2", handler);
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.port() + "/as2");
    }

    static As2Sender sender(String micAlgorithm, URI mdnUrl, Clock clock) {
        return new As2Sender(messages, operator,
                new As2OutboundProperties("FACTEUR", micAlgorithm, mdnUrl, 2, Duration.ofMillis(200), Duration.ofSeconds(1)),
                clock);
    }

    static As2Destination destination(URI url, String encryption, boolean async) {
        return new As2Destination("RETURNS", "acme", PARTNER, url, partner.certificate(), null, Duration.ofSeconds(10),
                encryption, async, false);
    }
}
