package fr.facteur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.facteur.as2.outbound.As2Destination;
import fr.facteur.as2.outbound.As2HttpEndpoint;
import fr.facteur.as2.outbound.As2OutboundProperties;
import fr.facteur.as2.outbound.As2OutboundRepository;
import fr.facteur.as2.outbound.As2Sender;
import fr.facteur.as2.outbound.As2Receiver;
import fr.facteur.crypto.Certificates;
import fr.facteur.crypto.OperatorIdentity;
import fr.facteur.crypto.PemOperatorIdentity;
import fr.facteur.crypto.TestIdentity;
import fr.facteur.testsupport.GatewayTestEnvironment;
import fr.facteur.testsupport.TestInvoices;

/**
 * The product end to end with its Chorus Pro connection switched to AS2 by configuration alone
 * (facteur.chorus-pro.channel=as2): SFTP suppliers' invoices are deposited by AS2 with the simulator's AS2 endpoint
 * (MDN verified), the simulator's return files come back over SFTP, and two tenants whose returns.channel is as2
 * receive their answers and statuses at their own AS2 endpoints (test partners, each with its own key), never the
 * other's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class As2OutboundEndToEndIT {

    static final String ACME_SIRET = "73282932000074";
    static final String DURAND_SIRET = "44306184100047";

    static final GatewayTestEnvironment env = GatewayTestEnvironment.start("e2e_as2");
    static final Map<String, Map<String, String>> received = new ConcurrentHashMap<>();
    static final As2HttpEndpoint acmePeer;
    static final As2HttpEndpoint durandPeer;
    static final int simulatorPort = freePort();

    static {
        // the gateway's operator identity, written where the gateway will load it, so the partners can trust it
        TestIdentity operator = TestIdentity.rsa("facteur-e2e-as2");
        Path operatorDir = env.base().resolve("certs/operator");
        Certificates.writePrivateKeyPem(operatorDir.resolve(PemOperatorIdentity.KEY_FILE), operator.privateKey());
        Certificates.writeCertificatePem(operatorDir.resolve(PemOperatorIdentity.CERTIFICATE_FILE), operator.certificate());
        acmePeer = peer("ACME-AS2", operator);
        durandPeer = peer("DURAND-AS2", operator);
        env.addAs2ReturnsSupplier("acme", ACME_SIRET, "cppstatut", "ACME-AS2",
                URI.create("http://127.0.0.1:" + acmePeer.port() + "/as2"), env.base().resolve("certs/acme/as2.pem"),
                "AES128_GCM");
        env.addAs2ReturnsSupplier("durand", DURAND_SIRET, "json", "DURAND-AS2",
                URI.create("http://127.0.0.1:" + durandPeer.port() + "/as2"), env.base().resolve("certs/durand/as2.pem"),
                "AES256_CBC");
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        env.register(registry);
        Path simulatorCertificate = env.base().resolve("simulator-as2/cert.pem");
        registry.add("facteur.chorus-pro.channel", () -> "as2");
        registry.add("facteur.chorus-pro.as2.url", () -> "http://127.0.0.1:" + simulatorPort + "/as2");
        registry.add("facteur.chorus-pro.as2.certificate", simulatorCertificate::toString);
        registry.add("facteur.chorus-pro.as2.timeout", () -> "30s");
        registry.add("facteur.simulator.as2.enabled", () -> "true");
        registry.add("facteur.simulator.as2.host", () -> "127.0.0.1");
        registry.add("facteur.simulator.as2.port", () -> String.valueOf(simulatorPort));
        registry.add("facteur.simulator.as2.certificate", simulatorCertificate::toString);
        registry.add("facteur.simulator.as2.private-key", () -> env.base().resolve("simulator-as2/key.pem").toString());
    }

    @AfterAll
    static void stop() {
        acmePeer.close();
        durandPeer.close();
        env.close();
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    As2OutboundRepository as2Messages;
    @Autowired
    OperatorIdentity operatorIdentity;
    @LocalServerPort
    int httpPort;

    @Test
    void invoicesGoByAs2ToChorusProAndTheirReturnsByAs2ToEachTenantOnly() {
        String acmeNumber = uniqueNumber();
        String durandNumber = uniqueNumber();
        env.drop("acme", acmeNumber + ".xml", TestInvoices.withNumber("ubl-invoice-acme.xml", acmeNumber));
        env.drop("durand", durandNumber + ".xml", TestInvoices.withNumber("ubl-invoice-durand.xml", durandNumber));

        await().atMost(Duration.ofMinutes(4)).until(() -> status(acmeNumber).equals("MISE_EN_PAIEMENT")
                && status(durandNumber).equals("MISE_EN_PAIEMENT"));

        // deposited by AS2, MDN verified, nothing in the SFTP drop box
        List<Map<String, Object>> deposits = jdbc.queryForList("select m.status, m.attempts, m.mdn_disposition, m.mic, "
                + "m.mdn_mic from as2_outbound_message m join flow f on m.reference = 'chorus-pro:' || f.name "
                + "join invoice i on i.flow_id = f.id where i.number in (?, ?)", acmeNumber, durandNumber);
        assertThat(deposits).hasSize(2).allSatisfy(d -> {
            assertThat(d.get("status")).isEqualTo("DELIVERED");
            assertThat((String) d.get("mdn_disposition")).endsWith("; processed");
            assertThat(d.get("mdn_mic")).isEqualTo(d.get("mic"));
        });

        // answers and statuses at each tenant's own AS2 endpoint, encrypted for its own certificate
        await().atMost(Duration.ofSeconds(60)).until(() -> received("ACME-AS2").values().stream()
                .anyMatch(c -> c.contains(acmeNumber) && c.contains(">11<")));
        await().atMost(Duration.ofSeconds(60)).until(() -> received("DURAND-AS2").values().stream()
                .anyMatch(c -> c.contains(durandNumber) && c.contains("MISE_EN_PAIEMENT")));
        assertThat(received("ACME-AS2")).containsKey(acmeNumber + ".xml.ack.json");
        assertThat(received("DURAND-AS2")).containsKey(durandNumber + ".xml.ack.json");
        assertThat(String.join("\n", received("ACME-AS2").values())).doesNotContain(durandNumber).doesNotContain(DURAND_SIRET);
        assertThat(String.join("\n", received("DURAND-AS2").values())).doesNotContain(acmeNumber);
        assertThat(jdbc.queryForObject("select count(*) from as2_outbound_message where purpose = 'RETURNS' "
                + "and status <> 'DELIVERED'", Integer.class)).isZero();
        assertThat(env.returnsFolder("acme").toFile().list()).isEmpty();
    }

    @Test
    void anAsyncMdnPostedToTheGatewayIsMatchedFromTheDatabase() {
        // a sender with this gateway's own MDN URL: the partner posts its MDN to POST /as2/mdn on the HTTP port
        As2Sender sender = new As2Sender(as2Messages, operatorIdentity, new As2OutboundProperties("FACTEUR", "sha-512",
                URI.create("http://127.0.0.1:" + httpPort + "/as2/mdn"), 2, Duration.ofMillis(100), Duration.ofSeconds(1)),
                java.time.Clock.systemUTC());
        As2Destination acme = new As2Destination("RETURNS", "acme", "ACME-AS2",
                URI.create("http://127.0.0.1:" + acmePeer.port() + "/as2"),
                Certificates.readCertificatePem(env.base().resolve("certs/acme/as2.pem")), null, Duration.ofSeconds(30),
                "AES256_CBC", true, false);
        String reference = "async-" + uniqueNumber();

        assertThat(sender.send(acme, reference, reference + ".txt", "text/plain", "async".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(As2Sender.Outcome.AWAITING_MDN);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> as2Messages.findByReference(reference).orElseThrow().status().equals("DELIVERED"));
        assertThat(as2Messages.findByReference(reference).orElseThrow().mdnMic()).endsWith("sha-512");
        assertThat(received("ACME-AS2")).containsKey(reference + ".txt");
    }

    private String status(String number) {
        return jdbc.queryForList("select status from invoice where number = ?", String.class, number).stream()
                .findFirst().orElse("");
    }

    private static Map<String, String> received(String as2Id) {
        return received.computeIfAbsent(as2Id, k -> new ConcurrentHashMap<>());
    }

    /** A tenant's AS2 receiving side with its own key; its certificate goes where its tenant file points. */
    private static As2HttpEndpoint peer(String as2Id, TestIdentity operator) {
        TestIdentity own = TestIdentity.rsa(as2Id);
        String tenant = as2Id.startsWith("ACME") ? "acme" : "durand";
        Certificates.writeCertificatePem(env.base().resolve("certs/" + tenant + "/as2.pem"), own.certificate());
        As2Receiver receiver = new As2Receiver(as2Id, own.privateKey(), own.certificate(),
                from -> from.equals("FACTEUR") ? List.of(operator.certificate()) : List.of(),
                (from, messageId, fileName, content) -> received(as2Id).put(fileName,
                        new String(content, StandardCharsets.UTF_8)));
        return As2HttpEndpoint.start("127.0.0.1", 0, "/as2", receiver);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String uniqueNumber() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }
}
