package fr.facteur.relay;

import static fr.facteur.returns.CppStatutSamples.InvoiceUnit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.builder.Input;
import org.xmlunit.diff.Diff;

import fr.facteur.archive.Archive;
import fr.facteur.demo.SftpServerHost;
import fr.facteur.observability.GatewayMetrics;
import fr.facteur.returns.CapturingRelayPublisher;
import fr.facteur.returns.CppStatutParser;
import fr.facteur.returns.CppStatutSamples;
import fr.facteur.returns.ReturnFileProcessor;
import fr.facteur.returns.TrackingFixtures;
import fr.facteur.tenant.Tenant;
import fr.facteur.tracking.DeliveryRepository;
import fr.facteur.tracking.DeliveryRepository.DeliveryRecord;
import fr.facteur.tracking.ReturnFileRepository;
import fr.facteur.tracking.StatusEventRepository;

/**
 * The relay from a Chorus Pro return file to each supplier's return folder on a real SFTP server (MINA SSHD, host
 * key checked), with a real PostgreSQL: per-tenant isolation, formats, events filter, answers, exactly-once.
 * Messages go through their JSON form, as on facteur.relay.
 */
class RelayServiceTest {

    static final String ACME = "73282932000074";
    static final String DURAND = "44306184100047";
    static final String MIXED = "FEN1201A_CPP001_000000000777.xml";

    @TempDir
    static Path base;
    static TrackingFixtures db;
    static SftpServerHost sftp;
    static Archive archive;

    final ObjectMapper json = new ObjectMapper();
    final InMemoryTenants tenants = new InMemoryTenants();
    CapturingRelayPublisher published;
    ReturnFileProcessor returns;
    RelayService relay;

    @BeforeAll
    static void servers() throws Exception {
        db = TrackingFixtures.newDatabase("relay");
        archive = TrackingFixtures.archive(base.resolve("data"));
        sftp = SftpServerHost.start("127.0.0.1", 0, base.resolve("host_key"));
        for (String id : List.of("acme", "durand")) {
            Path key = base.resolve("certs").resolve(id).resolve("id_ecdsa");
            sftp.addUser(id, base.resolve("sftp").resolve(id), null, SftpServerHost.writeClientKey(key, id).getPublic());
            sftp.writeKnownHosts(base.resolve("certs").resolve(id).resolve("known_hosts"));
        }
    }

    @AfterAll
    static void stop() {
        sftp.close();
    }

    @BeforeEach
    void emptyFoldersAndTables() throws IOException {
        db.clear();
        for (String id : List.of("acme", "durand")) {
            FileSystemUtils.deleteRecursively(returnFolder(id));
            Files.createDirectories(returnFolder(id));
        }
        published = new CapturingRelayPublisher();
        returns = new ReturnFileProcessor(archive, new CppStatutParser(), new ReturnFileRepository(db.jdbc),
                new StatusEventRepository(db.jdbc), published, db.transactions(), json,
                new GatewayMetrics(new SimpleMeterRegistry()));
        relay = new RelayService(tenants, new DeliveryRepository(db.jdbc), new ReturnFileRepository(db.jdbc),
                new StatusEventRepository(db.jdbc), new ReturnRenderer(new CppStatutFilter(), json),
                new SupplierSftp(Duration.ZERO),
                new WebhookSender(null, name -> null, java.time.Clock.systemUTC()), archive,
                new GatewayMetrics(new SimpleMeterRegistry()));
        tenants.install(tenant("acme", ACME, "sftp", "cppstatut", Set.of()));
        tenants.install(tenant("durand", DURAND, "sftp", "json", Set.of()));
    }

    @Test
    void aReturnFileMixingTwoSuppliersReachesEachOnlyWithItsOwnLines() throws Exception {
        seedMixedFileInvoices();

        relayAll(returns.process(MIXED, resource("mixed-invoice-statuses.xml")));

        assertThat(names("acme")).containsExactly(MIXED);
        Path acmeCopy = returnFolder("acme").resolve(MIXED);
        Diff diff = DiffBuilder.compare(Input.fromFile(resource("mixed-invoice-statuses.for-acme.xml").toFile()))
                .withTest(Input.fromFile(acmeCopy.toFile()))
                .ignoreWhitespace().ignoreComments().checkForSimilar().build();
        assertThat(diff.hasDifferences()).as(diff.toString()).isFalse();
        assertThat(Files.readString(acmeCopy)).doesNotContain(DURAND, "D-778", "D-779", "DURAND", "F-2026-9999");

        assertThat(names("durand")).containsExactly(MIXED + ".json");
        String durandCopy = Files.readString(returnFolder("durand").resolve(MIXED + ".json"));
        assertThat(durandCopy).doesNotContain(ACME, "F-2026", "ACME");
        JsonNode events = json.readTree(durandCopy);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).path("invoiceNumber").asText()).isEqualTo("D-778");
        assertThat(events.get(0).path("code").asText()).isEqualTo("11");
        assertThat(events.get(0).path("status").asText()).isEqualTo("MISE_EN_PAIEMENT");
        assertThat(events.get(0).path("label").asText()).isEqualTo("Mise en paiement");
        assertThat(events.get(0).path("occurredAt").asText()).isEqualTo("2026-11-29T10:16:00+01:00");
        assertThat(events.get(1).path("invoiceNumber").asText()).isEqualTo("D-779");
        assertThat(events.get(1).path("status").asText()).isEqualTo("SUSPENDUE");
        assertThat(events.get(1).path("comment").asText()).isEqualTo("Pièce justificative manquante");
        assertThat(events.get(1).path("flow").asText()).startsWith("FSO1100A_AAA999_");
    }

    @Test
    void aRedeliveredMessageIsDeliveredOnce() throws Exception {
        seedMixedFileInvoices();
        returns.process(MIXED, resource("mixed-invoice-statuses.xml"));
        RelayMessage acme = published.published.stream().filter(m -> m.tenantId().equals("acme")).findFirst().orElseThrow();

        deliver(viaQueue(acme));
        byte[] delivered = Files.readAllBytes(returnFolder("acme").resolve(MIXED));
        Files.delete(returnFolder("acme").resolve(MIXED));
        deliver(viaQueue(acme));

        assertThat(names("acme")).isEmpty();
        List<DeliveryRecord> rows = new DeliveryRepository(db.jdbc).ofTenant("acme", 10);
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.deliveryKey()).isEqualTo(acme.key());
            assertThat(row.kind()).isEqualTo("RETURN");
            assertThat(row.channel()).isEqualTo("SFTP");
            assertThat(row.fileName()).isEqualTo(MIXED);
            assertThat(row.returnFileId()).isEqualTo(acme.returnFileId());
            assertThat(archive.resolve(row.archivePath())).hasBinaryContent(delivered);
        });
    }

    @Test
    void theSameReturnFileTakenTwiceIsRelayedOnce() throws Exception {
        seedMixedFileInvoices();
        relayAll(returns.process(MIXED, resource("mixed-invoice-statuses.xml")));
        FileSystemUtils.deleteRecursively(returnFolder("acme"));
        Files.createDirectories(returnFolder("acme"));

        relayAll(returns.process(MIXED, resource("mixed-invoice-statuses.xml")));

        assertThat(names("acme")).isEmpty();
        assertThat(db.jdbc.queryForObject("select count(*) from delivery", Integer.class)).isEqualTo(2);
    }

    @Test
    void onlyTheSubscribedEventsAreRelayedAndAFileLeftEmptyIsNotSent() throws Exception {
        tenants.install(tenant("durand", DURAND, "sftp", "json", Set.of("INTEGRATION_REPORT", "MISE_EN_PAIEMENT")));
        db.transmittedInvoice("durand", DURAND, CppStatutSamples.DEBTOR, "D-1");

        relayAll(returns.process("routing.xml", write("routing.xml", CppStatutSamples.invoiceStatuses(
                InvoiceUnit.of(DURAND, "D-1", "02", "2026-11-20T09:00:00"),
                InvoiceUnit.of(DURAND, "D-1", "03", "2026-11-20T09:01:00")))));
        relayAll(returns.process("paid.xml", write("paid.xml", CppStatutSamples.invoiceStatuses(
                InvoiceUnit.of(DURAND, "D-1", "10", "2026-12-01T09:00:00"),
                InvoiceUnit.of(DURAND, "D-1", "11", "2026-12-02T09:00:00")))));

        assertThat(names("durand")).containsExactly("paid.xml.json");
        JsonNode events = json.readTree(returnFolder("durand").resolve("paid.xml.json").toFile());
        assertThat(events).singleElement().satisfies(e -> assertThat(e.path("status").asText()).isEqualTo("MISE_EN_PAIEMENT"));
        // nothing was left of routing.xml, and that too is recorded so the message is not tried again
        assertThat(db.jdbc.queryForList("select file_name from delivery where tenant_id = 'durand' order by id",
                String.class)).containsExactly("-", "paid.xml.json");
    }

    @Test
    void anIntegrationReportReachesTheFlowsTenantOnly() throws Exception {
        var acmeInvoice = db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "F-100");
        var durandInvoice = db.transmittedInvoice("durand", DURAND, CppStatutSamples.DEBTOR, "D-100");
        String report = CppStatutSamples.flowStatuses(
                new CppStatutSamples.FlowUnit(durandInvoice.flowName(), "93", "CPP0011100000000000000002",
                        "2026-11-28T16:00:00+01:00", List.<String[]>of(new String[] {"METIER", "REG_FOU_12",
                                "SIRET inconnu", "AccountingSupplierParty"})),
                new CppStatutSamples.FlowUnit(acmeInvoice.flowName(), "90", "CPP0011100000000000000001",
                        "2026-11-28T16:00:00+01:00", List.of()));

        relayAll(returns.process("CR.xml", write("CR.xml", report)));

        String acmeCopy = Files.readString(returnFolder("acme").resolve("CR.xml"));
        assertThat(acmeCopy).contains(acmeInvoice.flowName(), "CPP0011100000000000000001")
                .doesNotContain(durandInvoice.flowName(), "CPP0011100000000000000002", "REG_FOU_12");
        assertThat(acmeCopy).contains("<CPPFluxStatuts compteur=\"1\">", "<CPPFluxStatutUnitaire NumOrdre=\"1\">");

        JsonNode durandEvents = json.readTree(returnFolder("durand").resolve("CR.xml.json").toFile());
        assertThat(durandEvents).singleElement().satisfies(e -> {
            assertThat(e.path("status").asText()).isEqualTo("INTEGRATION_REPORT");
            assertThat(e.path("code").asText()).isEqualTo("93");
            assertThat(e.path("label").asText()).isEqualTo("Erreur réception");
            assertThat(e.path("flow").asText()).isEqualTo(durandInvoice.flowName());
            assertThat(e.path("invoiceNumber").asText()).isEqualTo("D-100");
            assertThat(e.path("numeroFluxDepot").asText()).isEqualTo("CPP0011100000000000000002");
            assertThat(e.path("errors").get(0).path("code").asText()).isEqualTo("REG_FOU_12");
        });
        assertThat(durandEvents.toString()).doesNotContain(acmeInvoice.flowName(), "F-100");
    }

    @Test
    void aMessageNamingAnotherTenantsEventsDeliversNoneOfThem() throws Exception {
        seedMixedFileInvoices();
        returns.process(MIXED, resource("mixed-invoice-statuses.xml"));
        RelayMessage durand = published.published.stream().filter(m -> m.tenantId().equals("durand")).findFirst()
                .orElseThrow();
        // a forged or mistaken message: acme's key, durand's events
        RelayMessage forged = new RelayMessage(RelayMessage.Kind.RETURN, "acme", "return:forged:acme", null, null, null,
                durand.returnFileId(), durand.eventIds());

        deliver(viaQueue(forged));

        assertThat(names("acme")).isEmpty();
        assertThat(new DeliveryRepository(db.jdbc).find("return:forged:acme")).get()
                .extracting(DeliveryRecord::fileName).isEqualTo("-");
    }

    @Test
    void answersAreDeliveredUnderTheSuppliersFileNameWithTheirReport() throws Exception {
        long one = db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "INV-1").documentId();
        long two = db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "INV-2").documentId();
        String ack = "{\"outcome\":\"ACCEPTED\",\"file\":\"INV-1.xml\"}";
        String rejection = "{\"outcome\":\"REJECTED\",\"file\":\"INV-2.xml\",\"errors\":[{\"rule\":\"XML-WELLFORMED\"}]}";
        String duplicate = "{\"outcome\":\"DUPLICATE\",\"file\":\"INV-1-again.xml\"}";

        deliver(viaQueue(RelayMessage.answer(RelayMessage.Kind.ACK, "acme", "answer:" + one, one, "INV-1.xml", ack)));
        deliver(viaQueue(RelayMessage.answer(RelayMessage.Kind.REJECTION, "acme", "answer:" + two, two, "INV-2.xml",
                rejection)));
        deliver(viaQueue(RelayMessage.answer(RelayMessage.Kind.DUPLICATE, "acme", "duplicate:3", one,
                "INV-1-again.xml", duplicate)));

        assertThat(names("acme")).containsExactly("INV-1-again.xml.duplicate.json", "INV-1.xml.ack.json",
                "INV-2.xml.rejected.json");
        assertThat(returnFolder("acme").resolve("INV-1.xml.ack.json")).hasContent(ack);
        assertThat(returnFolder("acme").resolve("INV-2.xml.rejected.json")).hasContent(rejection);
        assertThat(returnFolder("acme").resolve("INV-1-again.xml.duplicate.json")).hasContent(duplicate);
        assertThat(names("durand")).isEmpty();
        assertThat(db.jdbc.queryForList("select kind from delivery order by id", String.class))
                .containsExactly("ACK", "REJECTION", "DUPLICATE");
    }

    @Test
    void anAnswerAboutAnotherTenantsDocumentIsRefused() throws Exception {
        long durandDocument = db.transmittedInvoice("durand", DURAND, CppStatutSamples.DEBTOR, "D-5").documentId();

        assertThatThrownBy(() -> relay.deliver(viaQueue(RelayMessage.answer(RelayMessage.Kind.ACK, "acme",
                "answer:" + durandDocument, durandDocument, "D-5.xml", "{}"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to durand");
        assertThat(names("acme")).isEmpty();
        assertThat(names("durand")).isEmpty();
    }

    @Test
    void aTenantWithoutReturnChannelHasItsDeliveriesRecordedNotSent() throws Exception {
        tenants.install(tenant("acme", ACME, "none", "cppstatut", Set.of()));
        long document = db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "INV-9").documentId();

        deliver(viaQueue(RelayMessage.answer(RelayMessage.Kind.ACK, "acme", "answer:9", document, "INV-9.xml",
                "{}")));

        assertThat(names("acme")).isEmpty();
        assertThat(new DeliveryRepository(db.jdbc).find("answer:9")).get().satisfies(row -> {
            assertThat(row.channel()).isEqualTo("NONE");
            assertThat(row.fileName()).isEqualTo("INV-9.xml.ack.json");
            assertThat(archive.resolve(row.archivePath())).hasContent("{}");
        });
    }

    @Test
    void csvIsOneQuotedLinePerEvent() throws Exception {
        tenants.install(tenant("durand", DURAND, "sftp", "csv", Set.of()));
        db.transmittedInvoice("durand", DURAND, CppStatutSamples.DEBTOR, "D-\"2\"");

        relayAll(returns.process("s.xml", write("s.xml", CppStatutSamples.invoiceStatuses(new InvoiceUnit(DURAND,
                CppStatutSamples.DEBTOR, "D-&quot;2&quot;", "06", "2026-11-20T09:00:00", "Pièce; manquante")))));

        List<String> lines = Files.readAllLines(returnFolder("durand").resolve("s.xml.csv"));
        assertThat(lines.get(0)).isEqualTo("invoiceNumber;flow;level;code;status;label;occurredAt;comment");
        assertThat(lines.get(1)).startsWith("\"D-\"\"2\"\"\";\"FSO1100A_AAA999_")
                .endsWith(";\"INVOICE\";\"06\";\"SUSPENDUE\";\"Suspendue\";\"2026-11-20T09:00:00+01:00\";\"Pièce; manquante\"");
    }

    @Test
    void anUnknownTenantIsAnErrorForTheBrokerToRedeliverNotASilentDrop() {
        tenants.remove("acme");

        assertThatThrownBy(() -> relay.deliver(RelayMessage.answer(RelayMessage.Kind.ACK, "acme", "answer:5", 5,
                "INV-5.xml", "{}")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("tenant acme is not installed: cannot deliver answer:5");
        assertThat(new DeliveryRepository(db.jdbc).exists("answer:5")).isFalse();
    }

    @Test
    void as2ReturnsWithoutOutboundAs2WiredAreAnExplicitErrorAndNothingIsRecorded() {
        tenants.install(tenant("acme", ACME, "as2", "json", Set.of()));

        assertThatThrownBy(() -> relay.deliver(RelayMessage.answer(RelayMessage.Kind.ACK, "acme", "answer:6", 6,
                "INV-6.xml", "{}")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("acme: returns.channel as2 but outbound AS2 is not wired");
        assertThat(new DeliveryRepository(db.jdbc).exists("answer:6")).isFalse();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private void seedMixedFileInvoices() {
        db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "F-2026-0042");
        db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "F-2026-0043");
        db.transmittedInvoice("durand", DURAND, CppStatutSamples.DEBTOR, "D-778");
        db.transmittedInvoice("durand", DURAND, CppStatutSamples.DEBTOR, "D-779");
    }

    /** Delivers what the processor published for this outcome, as the relay route would. */
    private void relayAll(ReturnFileProcessor.Outcome outcome) throws IOException {
        for (RelayMessage message : List.copyOf(published.published)) {
            if (message.returnFileId() == outcome.returnFileId()) {
                deliver(viaQueue(message));
            }
        }
    }

    /** Delivers, then publishes the staged SFTP file, as the dispatcher's next step does once the first committed. */
    private void deliver(RelayMessage message) {
        relay.deliver(message);
        relay.publishStaged(message.tenantId());
    }

    /** The message as the relay route reads it off facteur.relay: through its JSON form. */
    private RelayMessage viaQueue(RelayMessage message) throws IOException {
        return json.readValue(json.writeValueAsString(message), RelayMessage.class);
    }

    private static Tenant tenant(String id, String siret, String channel, String format, Set<String> events) {
        Tenant.SftpAccount account = new Tenant.SftpAccount("localhost", sftp.port(), id,
                base.resolve("certs").resolve(id).resolve("id_ecdsa"), null,
                base.resolve("certs").resolve(id).resolve("known_hosts"), "/out/invoices", Duration.ofSeconds(30));
        return new Tenant(id, "Supplier " + id, siret, new Tenant.Inbound(account, null), Set.of("UBL"),
                new Tenant.Returns(channel, "/in/returns", format, events));
    }

    private static Path returnFolder(String id) {
        return base.resolve("sftp").resolve(id).resolve("in/returns");
    }

    /** Every name in the folder, temporary upload names included (none must be left). */
    private static List<String> names(String id) {
        try (Stream<Path> files = Files.list(returnFolder(id))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(String name, String content) throws IOException {
        Path dir = Files.createDirectories(base.resolve("incoming"));
        return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    private static Path resource(String name) {
        try {
            return Path.of(RelayServiceTest.class.getResource("/returns/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
