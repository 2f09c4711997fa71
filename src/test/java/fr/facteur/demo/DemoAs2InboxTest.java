package fr.facteur.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import fr.facteur.as2.outbound.As2DeliveryException;
import fr.facteur.as2.outbound.As2OutboundProperties;
import fr.facteur.as2.outbound.As2OutboundRepository;
import fr.facteur.as2.outbound.As2Sender;
import fr.facteur.as2.outbound.TenantAs2Returns;
import fr.facteur.crypto.Certificates;
import fr.facteur.crypto.TestIdentity;
import fr.facteur.tenant.Tenant;
import fr.facteur.tenant.TenantRegistry;
import fr.facteur.testsupport.TestDatabase;

/**
 * The demo AS2 supplier's receiving side against the gateway's real returns path: the committed
 * config/tenants/martin.yaml (only its URL pointed at this test's port) read by the real tenant registry, the real
 * TenantAs2Returns and As2Sender (outcome in a real PostgreSQL), real HTTP and crypto. What the gateway sends lands
 * in martin's inbox with a verified signed MDN; what someone else signs is refused and stored nowhere.
 */
class DemoAs2InboxTest {

    static JdbcTemplate jdbc;
    static As2OutboundRepository messages;
    static final TestIdentity gateway = TestIdentity.rsa("facteur-operator");
    static final TestIdentity martin = TestIdentity.rsa("martin-demo");

    @TempDir
    Path installation;
    DemoAs2Partner.Inbox inbox;
    Tenant tenant;

    @BeforeAll
    static void database() {
        DriverManagerDataSource ds = new DriverManagerDataSource(TestDatabase.newDatabase("demo_as2"),
                TestDatabase.user(), "");
        Flyway.configure().dataSource(ds).load().migrate();
        jdbc = new JdbcTemplate(ds);
        messages = new As2OutboundRepository(jdbc);
    }

    @BeforeEach
    void martinReceives() throws IOException {
        inbox = DemoAs2Partner.Inbox.start("127.0.0.1", 0, installation.resolve("data/demo-as2/martin"),
                martin.privateKey(), martin.certificate(), "FACTEUR", gateway.certificate());
        Path tenants = Files.createDirectories(installation.resolve("config/tenants"));
        String yaml = Files.readString(Path.of("config/tenants/martin.yaml"));
        assertThat(yaml).contains("channel: as2").contains("url: http://localhost:4082/as2");
        Files.writeString(tenants.resolve("martin.yaml"),
                yaml.replace("http://localhost:4082/as2", "http://127.0.0.1:" + inbox.port() + "/as2"));
        Certificates.writeCertificatePem(installation.resolve("certs/martin/as2.pem"), martin.certificate());
        TenantRegistry registry = new TenantRegistry(installation.resolve("config"), name -> null, event -> { },
                Clock.systemUTC());
        tenant = registry.find("martin").orElseThrow(() -> new AssertionError(registry.statuses()));
        assertThat(tenant.returns().channel()).isEqualTo("as2");
    }

    @AfterEach
    void stop() {
        inbox.close();
    }

    @Test
    void aReturnFlowSentByTheGatewayLandsInMartinsInboxWithASignedProcessedMdn() throws IOException {
        byte[] ack = "{\"outcome\":\"ACCEPTED\",\"file\":\"F-1.xml\"}".getBytes(StandardCharsets.UTF_8);

        returns(gateway).send(tenant, "demo-ack-1", "F-1.xml.ack.json", ack);

        assertThat(Files.readAllBytes(inbox.inbox().resolve("F-1.xml.ack.json"))).isEqualTo(ack);
        As2OutboundRepository.Row row = messages.findByReference("returns:martin:demo-ack-1").orElseThrow();
        assertThat(row.status()).isEqualTo("DELIVERED");
        assertThat(row.mdnDisposition()).endsWith("; processed");
        assertThat(row.mdnMic()).as("the MIC the MDN returns").isNotBlank();
        assertThat(hiddenFiles()).as("no half-written file left behind").isZero();
    }

    @Test
    void aMessageSignedBySomeoneElseThanTheGatewayIsRefusedAndNotStored() throws IOException {
        TestIdentity mallory = TestIdentity.rsa("mallory");

        assertThatThrownBy(() -> returns(mallory).send(tenant, "forged-1", "forged.json",
                "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(As2DeliveryException.class).hasMessageContaining("authentication-failed");

        assertThat(inbox.inbox().resolve("forged.json")).doesNotExist();
        assertThat(messages.findByReference("returns:martin:forged-1").orElseThrow().status()).isEqualTo("FAILED");
    }

    @Test
    void aFileNameCannotWriteOutsideTheInbox() {
        returns(gateway).send(tenant, "traversal-1", "../../escape.json", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(inbox.inbox().resolve("escape.json")).exists();
        assertThat(installation.resolve("data/escape.json")).doesNotExist();
        assertThat(installation.resolve("data/demo-as2/escape.json")).doesNotExist();
    }

    private static TenantAs2Returns returns(TestIdentity signer) {
        return new TenantAs2Returns(new As2Sender(messages, signer,
                new As2OutboundProperties("FACTEUR", "sha-256", null, 1, Duration.ofMillis(100), Duration.ofSeconds(1)),
                Clock.systemUTC()));
    }

    private long hiddenFiles() throws IOException {
        try (Stream<Path> files = Files.list(inbox.inbox())) {
            return files.filter(f -> f.getFileName().toString().startsWith(".")).count();
        }
    }
}
