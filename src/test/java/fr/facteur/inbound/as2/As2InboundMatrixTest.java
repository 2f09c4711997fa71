package fr.facteur.inbound.as2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.unit.DataSize;

import fr.facteur.as2.As2TestClient;
import fr.facteur.as2.As2TestClient.Entity;
import fr.facteur.crypto.Certificates;
import fr.facteur.crypto.OperatorIdentity;
import fr.facteur.platform.FacteurProperties;
import fr.facteur.tenant.Tenant;
import fr.facteur.tenant.TenantDirectory;
import fr.facteur.testsupport.TestDatabase;

/**
 * Drummond-style interoperability matrix: our AS2 server, really listening, against {@link As2TestClient} (plain
 * BouncyCastle + the JDK's HttpClient, no camel-as2), over every security × MDN × MIC combination, then the negative
 * cases with the exact disposition each must get. MDNs are stored in a real PostgreSQL. The payload sink records
 * deliveries: the intake behind it is proven by {@link fr.facteur.EndToEndAs2IT}.
 */
class As2InboundMatrixTest {

    enum Security { PLAIN, SIGNED, ENCRYPTED, SIGNED_ENCRYPTED, COMPRESSED_BEFORE_SIGNING, COMPRESSED_AFTER_SIGNING }

    enum MdnMode { NONE, SYNC_UNSIGNED, SYNC_SIGNED, ASYNC_SIGNED }

    record Delivery(String tenant, String fileName, byte[] content) {
    }

    static Path base;
    static KeyPair operatorKeys;
    static X509Certificate operatorCert;
    static KeyPair acmeKeys;
    static X509Certificate acmeCert;
    static KeyPair durandKeys;
    static X509Certificate durandCert;
    static KeyPair oldKeys;
    static X509Certificate oldCert;
    static KeyPair nextKeys;
    static X509Certificate nextCert;
    static final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    static final Map<String, byte[]> asyncMdns = new ConcurrentHashMap<>();
    static final Map<String, String> asyncMdnTypes = new ConcurrentHashMap<>();
    static As2Server server;
    static HttpServer mdnReceiver;
    static JdbcTemplate jdbc;
    static URI url;
    static String asyncUrl;

    @BeforeAll
    static void start() throws Exception {
        base = Files.createTempDirectory("facteur-as2-matrix-");
        fr.facteur.testsupport.TempDirs.deleteAtExit(base, () -> { });
        operatorKeys = Certificates.rsaKeyPair(2048);
        operatorCert = Certificates.selfSigned(operatorKeys, "CN=Facteur operator", Period.ofYears(1));
        acmeKeys = Certificates.rsaKeyPair(2048);
        acmeCert = Certificates.selfSigned(acmeKeys, "CN=ACME AS2", Period.ofYears(1));
        durandKeys = Certificates.rsaKeyPair(2048);
        durandCert = Certificates.selfSigned(durandKeys, "CN=Durand AS2", Period.ofYears(1));
        oldKeys = Certificates.rsaKeyPair(2048);
        // valid from 5 minutes ago for -1 day: expired before it began
        oldCert = Certificates.selfSigned(oldKeys, "CN=Old AS2", Period.ofDays(-1));

        nextKeys = Certificates.rsaKeyPair(2048);
        nextCert = Certificates.selfSigned(nextKeys, "CN=ACME next AS2", Period.ofYears(2));
        List<Tenant> tenants = List.of(
                tenant("acme", "ACME", acmeCert, null, false, false, false),
                tenant("durand", "DURAND", durandCert, null, true, true, false),
                tenant("oldco", "OLDCO", oldCert, null, true, false, false),
                tenant("oldok", "OLDOK", oldCert, null, true, false, true),
                tenant("rollco", "ROLLCO", acmeCert, nextCert, true, false, false));
        TenantDirectory directory = new TenantDirectory() {
            @Override
            public Optional<Tenant> find(String id) {
                return tenants.stream().filter(t -> t.id().equals(id)).findFirst();
            }

            @Override
            public Optional<Tenant> findBySiret(String siret) {
                return Optional.empty();
            }

            @Override
            public Collection<Tenant> installed() {
                return tenants;
            }
        };
        String jdbcUrl = TestDatabase.newDatabase("as2matrix");
        Flyway.configure().dataSource(jdbcUrl, TestDatabase.user(), "").locations("classpath:db/migration").load()
                .migrate();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(jdbcUrl, TestDatabase.user(), ""));
        As2MessageStore store = new As2MessageStore(jdbc);
        FacteurProperties facteur = new FacteurProperties(base.resolve("config"), base.resolve("data"),
                base.resolve("certs"), null, null, null);
        TradingPartners partners = new TradingPartners(directory, new ChorusProAs2Properties(null, null, true), facteur);
        OperatorIdentity operator = new OperatorIdentity() {
            @Override
            public PrivateKey privateKey() {
                return operatorKeys.getPrivate();
            }

            @Override
            public X509Certificate certificate() {
                return operatorCert;
            }
        };
        PayloadSink sink = (partner, fileName, file) -> {
            if (backendDown) {
                throw new IllegalStateException("the broker is unreachable");
            }
            try {
                deliveries.add(new Delivery(partner.label(), fileName, Files.readAllBytes(file)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return "ACCEPTED";
        };
        As2Properties properties = new As2Properties(true, "127.0.0.1", 0, "/as2", "FACTEUR",
                DataSize.ofMegabytes(5), Duration.ofSeconds(5), 4);
        As2Receiver receiver = new As2Receiver("FACTEUR", partners, store, sink, operator, base.resolve("work"));
        server = new As2Server(properties, receiver, new AsyncMdnSender(store, "FACTEUR", Duration.ofSeconds(5)));
        server.start();
        url = URI.create("http://127.0.0.1:" + server.port() + "/as2");

        mdnReceiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        mdnReceiver.createContext("/mdn", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            String original = As2TestClientAccess.originalMessageId(type, body);
            asyncMdns.put(original, body);
            asyncMdnTypes.put(original, type);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        mdnReceiver.start();
        asyncUrl = "http://127.0.0.1:" + mdnReceiver.getAddress().getPort() + "/mdn";
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (mdnReceiver != null) {
            mdnReceiver.stop(0);
        }
    }

    static Tenant tenant(String id, String as2Id, X509Certificate certificate, X509Certificate next,
            boolean requireSignature, boolean requireEncryption, boolean allowExpired) throws Exception {
        Path file = base.resolve("certs").resolve(id).resolve("as2.pem");
        Certificates.writeCertificatePem(file, certificate);
        Path nextFile = null;
        if (next != null) {
            nextFile = base.resolve("certs").resolve(id).resolve("as2-next.pem");
            Certificates.writeCertificatePem(nextFile, next);
        }
        return new Tenant(id, "Supplier " + id, "73282932000074", new Tenant.Inbound(null,
                new Tenant.As2Partner(as2Id, file, nextFile, requireSignature, requireEncryption, false, allowExpired, null,
                        Set.of("127.0.0.1"), Duration.ofSeconds(30), "AES256_CBC")),
                Set.of("UBL"), new Tenant.Returns("sftp", "/in", "cppstatut", Set.of()));
    }

    static Stream<Arguments> matrix() {
        List<Arguments> all = new ArrayList<>();
        for (Security security : Security.values()) {
            for (MdnMode mdn : MdnMode.values()) {
                for (String mic : List.of("sha-256", "sha-384", "sha-512")) {
                    all.add(Arguments.of(security, mdn, mic));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} × {1} × {2}")
    @MethodSource("matrix")
    void everyCombinationIsDeliveredAndAnsweredWithTheRightMic(Security security, MdnMode mdn, String micalg)
            throws Exception {
        byte[] content = ("<Invoice>" + UUID.randomUUID() + "</Invoice>").getBytes(StandardCharsets.UTF_8);
        String fileName = "INV-" + security + "-" + mdn + ".xml";
        Entity payload = As2TestClient.payload(content, "attachment; filename=\"" + fileName + "\"");
        Built built = build(security, payload, micalg, acmeKeys, acmeCert);
        String messageId = "<" + UUID.randomUUID() + "@acme.test>";
        Map<String, String> headers = As2TestClient.headers("ACME", "FACTEUR", messageId);
        mdnHeaders(headers, mdn, micalg);

        HttpResponse<byte[]> response = As2TestClient.send(url, built.message, headers);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(deliveries).filteredOn(d -> d.fileName().equals(fileName) && Arrays.equals(d.content(), content))
                .hasSize(1).allMatch(d -> d.tenant().equals("acme"));
        As2TestClient.ReadMdn read = switch (mdn) {
            case NONE -> {
                assertThat(response.body()).isEmpty();
                yield null;
            }
            case SYNC_UNSIGNED, SYNC_SIGNED -> As2TestClient.readMdn(
                    response.headers().firstValue("Content-Type").orElseThrow(), response.body(), operatorCert);
            case ASYNC_SIGNED -> {
                assertThat(response.body()).isEmpty();
                await().atMost(Duration.ofSeconds(10)).until(() -> asyncMdns.containsKey(messageId));
                yield As2TestClient.readMdn(asyncMdnTypes.get(messageId), asyncMdns.get(messageId), operatorCert);
            }
        };
        if (read != null) {
            assertThat(read.disposition()).isEqualTo("automatic-action/MDN-sent-automatically; processed");
            assertThat(read.signed()).isEqualTo(mdn != MdnMode.SYNC_UNSIGNED);
            assertThat(read.originalMessageId()).isEqualTo(messageId);
            assertThat(read.mic()).isEqualTo(As2TestClient.mic(built.micContent, micalg));
        }
        assertThat(jdbc.queryForObject("select disposition from as2_message where message_id = ?", String.class,
                messageId)).isEqualTo("PROCESSED");
    }

    // --- negative cases ---------------------------------------------------------------------------------------------

    @Test
    void aMessageSignedWithAnotherTenantsKeyIsAuthenticationFailed() throws Exception {
        // acme's key, claiming to be durand
        Entity message = As2TestClient.encrypt(As2TestClient.sign(payload("wrong-key.xml"), acmeKeys.getPrivate(),
                acmeCert, "sha-256"), operatorCert);
        assertDisposition(message, "DURAND", "FACTEUR", "processed/error: authentication-failed");
        assertNotDelivered("wrong-key.xml");
    }

    @Test
    void aBodyChangedAfterSigningIsAuthenticationFailed() throws Exception {
        Entity signed = As2TestClient.sign(payload("tampered.xml"), acmeKeys.getPrivate(), acmeCert, "sha-256");
        String text = new String(signed.body(), StandardCharsets.ISO_8859_1).replace("<Invoice>", "<Invoicf>");
        Entity tampered = new Entity(signed.headers(), text.getBytes(StandardCharsets.ISO_8859_1));
        assertDisposition(tampered, "ACME", "FACTEUR", "processed/error: authentication-failed");
        assertNotDelivered("tampered.xml");
    }

    @Test
    void anUnsignedMessageFromATenantRequiringSignaturesIsInsufficientMessageSecurity() throws Exception {
        Entity message = As2TestClient.encrypt(payload("unsigned.xml"), operatorCert);
        assertDisposition(message, "DURAND", "FACTEUR", "processed/error: insufficient-message-security");
        assertNotDelivered("unsigned.xml");
    }

    @Test
    void anUnencryptedMessageFromATenantRequiringEncryptionIsInsufficientMessageSecurity() throws Exception {
        Entity message = As2TestClient.sign(payload("clear.xml"), durandKeys.getPrivate(), durandCert, "sha-256");
        assertDisposition(message, "DURAND", "FACTEUR", "processed/error: insufficient-message-security");
        assertNotDelivered("clear.xml");
    }

    @Test
    void anUnknownAs2ToOrAs2FromIsUnknownTradingPartner() throws Exception {
        Entity message = As2TestClient.sign(payload("unknown.xml"), acmeKeys.getPrivate(), acmeCert, "sha-256");
        assertDisposition(message, "ACME", "SOMEONE-ELSE", "processed/error: unknown-trading-partner");
        assertDisposition(message, "NOBODY", "FACTEUR", "processed/error: unknown-trading-partner");
        assertNotDelivered("unknown.xml");
    }

    @Test
    void aMessageSignedWithAnExpiredCertificateIsAuthenticationFailed() throws Exception {
        Entity message = As2TestClient.sign(payload("expired.xml"), oldKeys.getPrivate(), oldCert, "sha-256");
        assertDisposition(message, "OLDCO", "FACTEUR", "processed/error: authentication-failed");
        assertNotDelivered("expired.xml");
        // refused for the expiry, not for the signature
        assertThat(jdbc.queryForObject("select detail from as2_message where partner_as2_id = 'OLDCO' order by id desc"
                + " limit 1", String.class)).startsWith("signed with a certificate valid only from");
    }

    @Test
    void anExpiredCertificateIsAcceptedWhenTheTenantAllowsIt() throws Exception {
        Entity message = As2TestClient.sign(payload("expired-ok.xml"), oldKeys.getPrivate(), oldCert, "sha-256");
        assertDisposition(message, "OLDOK", "FACTEUR", "processed");
        assertThat(deliveries).filteredOn(d -> d.fileName().equals("expired-ok.xml")).extracting(Delivery::tenant)
                .containsExactly("oldok");
    }

    @Test
    void duringARolloverTheCurrentAndTheNextCertificateAreBothAccepted() throws Exception {
        assertDisposition(As2TestClient.sign(payload("roll-current.xml"), acmeKeys.getPrivate(), acmeCert, "sha-256"),
                "ROLLCO", "FACTEUR", "processed");
        assertDisposition(As2TestClient.sign(payload("roll-next.xml"), nextKeys.getPrivate(), nextCert, "sha-512"),
                "ROLLCO", "FACTEUR", "processed");
        // the next certificate of ROLLCO is nobody else's: ACME still verifies with its own only
        assertDisposition(As2TestClient.sign(payload("roll-other.xml"), nextKeys.getPrivate(), nextCert, "sha-256"),
                "ACME", "FACTEUR", "processed/error: authentication-failed");
    }

    @Test
    void anRfc2231EncodedFileNameIsDecodedAndRecordedSanitised() throws Exception {
        String messageId = "<" + UUID.randomUUID() + "@acme.test>";
        Entity message = As2TestClient.sign(As2TestClient.payload("<Invoice/>".getBytes(StandardCharsets.UTF_8),
                "attachment; filename*=UTF-8''..%2Ffactur%C3%A9-n%C2%B07.xml"), acmeKeys.getPrivate(), acmeCert,
                "sha-256");
        HttpResponse<byte[]> response = As2TestClient.send(url, message,
                As2TestClient.headers("ACME", "FACTEUR", messageId));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(deliveries).extracting(Delivery::fileName).contains("../facturé-n°7.xml");
        assertThat(jdbc.queryForObject("select file_name from as2_message where message_id = ?", String.class,
                messageId)).isEqualTo("factur_-n_7.xml");
    }

    @Test
    void aMessageEncryptedForAnotherKeyIsDecryptionFailed() throws Exception {
        Entity message = As2TestClient.encrypt(As2TestClient.sign(payload("not-for-us.xml"), durandKeys.getPrivate(),
                durandCert, "sha-256"), acmeCert);
        assertDisposition(message, "DURAND", "FACTEUR", "processed/error: decryption-failed");
        assertNotDelivered("not-for-us.xml");
    }

    /** The intake behind the receiver fails (database or broker down) while set: see the next test. */
    private static volatile boolean backendDown;

    @Test
    void aMessageThatCannotBeProcessedNowIs503WithoutMdnAndTakenWhenSentAgain() throws Exception {
        Entity message = As2TestClient.encrypt(As2TestClient.sign(payload("later.xml"), durandKeys.getPrivate(),
                durandCert, "sha-256"), operatorCert);
        String messageId = "<" + UUID.randomUUID() + "@durand.test>";
        Map<String, String> headers = As2TestClient.headers("DURAND", "FACTEUR", messageId);
        mdnHeaders(headers, MdnMode.SYNC_SIGNED, "sha-256");

        HttpResponse<byte[]> refused;
        backendDown = true;
        try {
            refused = As2TestClient.send(url, message, headers);
        } finally {
            backendDown = false;
        }
        // no MDN (an MDN is final to the partner's software), a transport failure it retries
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .doesNotContain("multipart"));
        assertThat(jdbc.queryForObject("select count(*) from as2_message where message_id = ?", Integer.class,
                messageId)).isZero();

        HttpResponse<byte[]> again = As2TestClient.send(url, message, headers);
        assertThat(As2TestClient.readMdn(again.headers().firstValue("Content-Type").orElseThrow(), again.body(),
                operatorCert).disposition()).endsWith("; processed");
        assertThat(deliveries).filteredOn(d -> d.fileName().equals("later.xml")).hasSize(1);
    }

    @Test
    void aDuplicateMessageIdIsAnsweredWithTheStoredMdnAndNotProcessedAgain() throws Exception {
        Entity message = As2TestClient.encrypt(As2TestClient.sign(payload("twice.xml"), durandKeys.getPrivate(),
                durandCert, "sha-256"), operatorCert);
        String messageId = "<" + UUID.randomUUID() + "@durand.test>";
        Map<String, String> headers = As2TestClient.headers("DURAND", "FACTEUR", messageId);
        mdnHeaders(headers, MdnMode.SYNC_SIGNED, "sha-256");

        HttpResponse<byte[]> first = As2TestClient.send(url, message, headers);
        HttpResponse<byte[]> second = As2TestClient.send(url, message, headers);

        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("Message-ID")).isEqualTo(first.headers().firstValue("Message-ID"));
        assertThat(As2TestClient.readMdn(second.headers().firstValue("Content-Type").orElseThrow(), second.body(),
                operatorCert).disposition()).endsWith("; processed");
        assertThat(deliveries).filteredOn(d -> d.fileName().equals("twice.xml")).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from as2_message where message_id = ?", Integer.class,
                messageId)).isEqualTo(1);
    }

    @Test
    void twoTenantsOnOnePortAreEachVerifiedWithTheirOwnCertificateAndMdnsAreSignedByTheOperatorOnly()
            throws Exception {
        for (String tenant : List.of("acme", "durand")) {
            KeyPair keys = tenant.equals("acme") ? acmeKeys : durandKeys;
            X509Certificate cert = tenant.equals("acme") ? acmeCert : durandCert;
            String name = "both-" + tenant + ".xml";
            Entity message = As2TestClient.encrypt(As2TestClient.sign(payload(name), keys.getPrivate(), cert,
                    "sha-256"), operatorCert);
            Map<String, String> headers = As2TestClient.headers(tenant.toUpperCase(), "FACTEUR",
                    "<" + UUID.randomUUID() + "@" + tenant + ".test>");
            mdnHeaders(headers, MdnMode.SYNC_SIGNED, "sha-256");
            HttpResponse<byte[]> response = As2TestClient.send(url, message, headers);
            String type = response.headers().firstValue("Content-Type").orElseThrow();
            assertThat(As2TestClient.readMdn(type, response.body(), operatorCert).disposition()).endsWith("; processed");
            // neither tenant's certificate verifies the MDN: no tenant key is ever used for signing
            assertThatThrownBy(() -> As2TestClient.readMdn(type, response.body(), acmeCert)).isInstanceOf(AssertionError.class);
            assertThatThrownBy(() -> As2TestClient.readMdn(type, response.body(), durandCert)).isInstanceOf(AssertionError.class);
            assertThat(deliveries).filteredOn(d -> d.fileName().equals(name)).extracting(Delivery::tenant)
                    .containsExactly(tenant);
        }
    }

    @Test
    void aesGcmEncryptionIsAcceptedToo() throws Exception {
        // produced by the shared As2Crypto (what the outbound side will send), read by the receiver
        Entity signed = As2TestClient.sign(payload("gcm.xml"), durandKeys.getPrivate(), durandCert, "sha-256");
        Entity message = new Entity("Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m"
                + "\r\nContent-Transfer-Encoding: binary\r\n",
                fr.facteur.as2.As2Crypto.encrypt(signed.bytes(), operatorCert, "AES256_GCM"));
        assertDisposition(message, "DURAND", "FACTEUR", "processed");
        assertThat(deliveries).filteredOn(d -> d.fileName().equals("gcm.xml")).hasSize(1);
    }

    @Test
    void aDuplicateAsyncMessageGetsTheStoredMdnPostedAgain() throws Exception {
        Entity message = As2TestClient.sign(payload("twice-async.xml"), acmeKeys.getPrivate(), acmeCert, "sha-384");
        String messageId = "<" + UUID.randomUUID() + "@acme.test>";
        Map<String, String> headers = As2TestClient.headers("ACME", "FACTEUR", messageId);
        mdnHeaders(headers, MdnMode.ASYNC_SIGNED, "sha-384");

        As2TestClient.send(url, message, headers);
        await().atMost(Duration.ofSeconds(10)).until(() -> asyncMdns.containsKey(messageId));
        byte[] first = asyncMdns.remove(messageId);
        As2TestClient.send(url, message, headers);
        await().atMost(Duration.ofSeconds(10)).until(() -> asyncMdns.containsKey(messageId));

        assertThat(asyncMdns.get(messageId)).isEqualTo(first);
        assertThat(deliveries).filteredOn(d -> d.fileName().equals("twice-async.xml")).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> "ASYNC_SENT".equals(jdbc.queryForObject(
                "select mdn_delivery from as2_message where message_id = ?", String.class, messageId)));
    }

    @Test
    void aMessageLargerThanTheLimitIsRefusedBeforeAnythingIsProcessed() throws Exception {
        byte[] big = new byte[(int) DataSize.ofMegabytes(5).toBytes() + 1];
        Entity message = As2TestClient.payload(big, "attachment; filename=\"big.xml\"");
        HttpResponse<byte[]> response = As2TestClient.send(url, message,
                As2TestClient.headers("ACME", "FACTEUR", "<" + UUID.randomUUID() + "@acme.test>"));
        assertThat(response.statusCode()).isEqualTo(413);
        assertNotDelivered("big.xml");
    }

    @Test
    void aClientWaitingForExpect100ContinueIsToldToGoOn() throws Exception {
        // camel-as2's client sends Expect: 100-continue and stalls ~3 s when the server never confirms (stack.md):
        // the headers alone must get "100 Continue" before any byte of the body is sent
        Entity message = As2TestClient.sign(payload("continue.xml"), acmeKeys.getPrivate(), acmeCert, "sha-256");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", url.getPort())) {
            socket.setSoTimeout(20_000);
            StringBuilder head = new StringBuilder("POST /as2 HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    .append("Content-Type: ").append(message.headers().substring("Content-Type: ".length()).trim())
                    .append("\r\nContent-Length: ").append(message.body().length)
                    .append("\r\nExpect: 100-continue\r\nConnection: close\r\n");
            As2TestClient.headers("ACME", "FACTEUR", "<" + UUID.randomUUID() + "@acme.test>")
                    .forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            socket.getOutputStream().write((head + "\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 100 Continue");
            socket.getOutputStream().write(message.body());
            socket.getOutputStream().flush();
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.startsWith("HTTP/1.1 2") && !line.startsWith("HTTP/1.1 4"));
            assertThat(line).startsWith("HTTP/1.1 200");
        }
        assertThat(deliveries).filteredOn(d -> d.fileName().equals("continue.xml")).hasSize(1);
    }

    @Test
    void anAsyncMdnToAHostTheTenantDidNotRegisterIsNotSent() throws Exception {
        Entity message = As2TestClient.sign(payload("ssrf.xml"), acmeKeys.getPrivate(), acmeCert, "sha-256");
        String messageId = "<" + UUID.randomUUID() + "@acme.test>";
        Map<String, String> headers = As2TestClient.headers("ACME", "FACTEUR", messageId);
        mdnHeaders(headers, MdnMode.SYNC_SIGNED, "sha-256");
        headers.put("Receipt-Delivery-Option", "http://169.254.169.254/latest/meta-data");

        HttpResponse<byte[]> response = As2TestClient.send(url, message, headers);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(jdbc.queryForObject("select mdn_delivery from as2_message where message_id = ?", String.class,
                messageId)).isEqualTo("ASYNC_REFUSED");
    }

    @Test
    void aSha1MicIsNotUsedForATenantThatDoesNotAllowIt() throws Exception {
        Entity inner = payload("sha1.xml");
        Entity message = As2TestClient.sign(inner, acmeKeys.getPrivate(), acmeCert, "sha-256");
        Map<String, String> headers = As2TestClient.headers("ACME", "FACTEUR", "<" + UUID.randomUUID() + "@a>");
        headers.put("Disposition-Notification-To", "mdn@acme.test");
        headers.put("Disposition-Notification-Options",
                "signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha1, sha-256");
        HttpResponse<byte[]> response = As2TestClient.send(url, message, headers);
        As2TestClient.ReadMdn read = As2TestClient.readMdn(response.headers().firstValue("Content-Type").orElseThrow(),
                response.body(), operatorCert);
        assertThat(read.mic()).isEqualTo(As2TestClient.mic(inner.bytes(), "sha-256"));
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    record Built(Entity message, byte[] micContent) {
    }

    /** The message for a security level, and what RFC 4130 §7.3.1 says its MIC is computed over. */
    static Built build(Security security, Entity payload, String micalg, KeyPair keys, X509Certificate cert)
            throws Exception {
        PrivateKey key = keys.getPrivate();
        return switch (security) {
            case PLAIN -> new Built(payload, payload.body());
            case SIGNED -> new Built(As2TestClient.sign(payload, key, cert, micalg), payload.bytes());
            case ENCRYPTED -> new Built(As2TestClient.encrypt(payload, operatorCert), payload.bytes());
            case SIGNED_ENCRYPTED -> new Built(As2TestClient.encrypt(As2TestClient.sign(payload, key, cert, micalg),
                    operatorCert), payload.bytes());
            case COMPRESSED_BEFORE_SIGNING -> {
                Entity compressed = As2TestClient.compress(payload);
                yield new Built(As2TestClient.encrypt(As2TestClient.sign(compressed, key, cert, micalg), operatorCert),
                        compressed.bytes());
            }
            case COMPRESSED_AFTER_SIGNING -> new Built(As2TestClient.encrypt(As2TestClient.compress(
                    As2TestClient.sign(payload, key, cert, micalg)), operatorCert), payload.bytes());
        };
    }

    static void mdnHeaders(Map<String, String> headers, MdnMode mode, String micalg) {
        if (mode == MdnMode.NONE) {
            return;
        }
        headers.put("Disposition-Notification-To", "mdn@partner.test");
        if (mode != MdnMode.SYNC_UNSIGNED) {
            headers.put("Disposition-Notification-Options",
                    "signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, " + micalg);
        } else {
            headers.put("Disposition-Notification-Options", "signed-receipt-micalg=optional, " + micalg);
        }
        if (mode == MdnMode.ASYNC_SIGNED) {
            headers.put("Receipt-Delivery-Option", asyncUrl);
        }
    }

    static Entity payload(String fileName) {
        return As2TestClient.payload(("<Invoice>" + UUID.randomUUID() + "</Invoice>").getBytes(StandardCharsets.UTF_8),
                "attachment; filename=\"" + fileName + "\"");
    }

    void assertDisposition(Entity message, String from, String to, String expected) throws Exception {
        Map<String, String> headers = As2TestClient.headers(from, to, "<" + UUID.randomUUID() + "@test>");
        mdnHeaders(headers, MdnMode.SYNC_SIGNED, "sha-256");
        HttpResponse<byte[]> response = As2TestClient.send(url, message, headers);
        assertThat(response.statusCode()).isEqualTo(200);
        As2TestClient.ReadMdn read = As2TestClient.readMdn(response.headers().firstValue("Content-Type").orElseThrow(),
                response.body(), operatorCert);
        assertThat(read.disposition()).isEqualTo("automatic-action/MDN-sent-automatically; " + expected);
    }

    static void assertNotDelivered(String fileName) {
        assertThat(deliveries).noneMatch(d -> d.fileName().equals(fileName));
    }
}
