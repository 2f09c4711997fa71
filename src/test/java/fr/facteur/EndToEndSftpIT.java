package fr.facteur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import fr.facteur.platform.SecureXml;
import fr.facteur.returns.CppStatutSamples;
import fr.facteur.testsupport.GatewayTestEnvironment;
import fr.facteur.testsupport.TestInvoices;

/**
 * The whole product, end to end through real servers: suppliers drop files on a real SFTP server, the gateway polls
 * them, packages and signs flows, queues them in the embedded Artemis broker, deposits them over SFTP with the
 * Chorus Pro simulator, takes the simulator's return files back over SFTP and relays them to each supplier's
 * return folder. State is in a real PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// stop this gateway when the class is done: it would otherwise keep polling during the other classes and stall the
// JVM's exit
@DirtiesContext
class EndToEndSftpIT {

    static final String ACME_SIRET = "73282932000074";
    static final String DURAND_SIRET = "44306184100047";
    static final Duration LIFECYCLE = Duration.ofSeconds(60);

    static final GatewayTestEnvironment env = GatewayTestEnvironment.start("e2e");

    static {
        env.addSupplier("acme", ACME_SIRET, "cppstatut", List.of());
        env.addSupplier("durand", DURAND_SIRET, "json",
                List.of("INTEGRATION_REPORT", "REJETEE", "SUSPENDUE", "MISE_EN_PAIEMENT"));
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        env.register(registry);
        // a hand-made return file below injects Mise en paiement in the middle of a running lifecycle: the relay
        // holds it until Comptabilisée (lifecycle order) or this wait; keep the wait short so the split is seen soon
        registry.add("facteur.relay.order-wait", () -> "3s");
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    TestRestTemplate http;

    /** Every call authenticates as the test admin: nothing but health is anonymous. */
    @Autowired
    void http(TestRestTemplate anonymous) {
        http = anonymous.withBasicAuth(GatewayTestEnvironment.ADMIN, GatewayTestEnvironment.ADMIN_PASSWORD);
    }
    @Autowired
    JdbcTemplate jdbc;
    final ObjectMapper json = new ObjectMapper();

    @Test
    void aUblInvoiceReachesMiseEnPaiementInTheSuppliersReturnFolder() {
        String number = uniqueNumber();
        env.drop("acme", number + ".xml", TestInvoices.withNumber("ubl-invoice-acme.xml", number));

        JsonNode ack = awaitAnswer("acme", number + ".xml.ack.json");
        assertThat(ack.path("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(ack.path("flow").asText()).matches("FSO1100A_AAA999_\\d{12}");

        await().atMost(LIFECYCLE).until(() -> invoiceCodes("acme", number).size() >= 8);
        assertThat(invoiceCodes("acme", number)).containsExactly("01", "02", "03", "07", "08", "09", "10", "11");
        assertThat(flowReports("acme", ack.path("flow").asText())).containsExactly("90");
        assertOnlyOwnLines("acme", ACME_SIRET);

        Map<?, ?> invoice = invoiceFromApi("acme", number);
        assertThat(((Map<?, ?>) invoice.get("invoice")).get("status")).isEqualTo("MISE_EN_PAIEMENT");
        List<Object> historyCodes = ((List<?>) invoice.get("history")).stream()
                .map(h -> ((Map<?, ?>) h).get("code")).map(Object.class::cast).toList();
        assertThat(historyCodes).containsExactly("90", "01", "02", "03", "07", "08", "09", "10", "11");
        Map<?, ?> documents = (Map<?, ?>) invoice.get("documents");
        assertThat(http.getForObject((String) documents.get("original"), byte[].class))
                .isEqualTo(TestInvoices.withNumber("ubl-invoice-acme.xml", number));
    }

    @Test
    void aCiiInvoiceReachesMiseEnPaiementAsFso1106a() {
        String number = uniqueNumber();
        env.drop("acme", number + ".xml", TestInvoices.withNumber("cii-invoice-acme.xml", number));

        JsonNode ack = awaitAnswer("acme", number + ".xml.ack.json");
        assertThat(ack.path("flow").asText()).startsWith("FSO1106A_AAA999_");
        await().atMost(LIFECYCLE).until(() -> invoiceCodes("acme", number).size() >= 8);
        assertThat(invoiceCodes("acme", number)).containsExactly("01", "02", "03", "07", "08", "09", "10", "11");
    }

    @Test
    void aJsonSupplierGetsOnlyTheEventsItSubscribedTo() {
        String number = uniqueNumber();
        env.drop("durand", number + ".xml", TestInvoices.withNumber("ubl-invoice-durand.xml", number));

        awaitAnswer("durand", number + ".xml.ack.json");
        await().atMost(LIFECYCLE).until(() -> jsonStatuses("durand", number).contains("MISE_EN_PAIEMENT"));
        assertThat(jsonStatuses("durand", number)).containsOnly("INTEGRATION_REPORT", "MISE_EN_PAIEMENT");
    }

    @Test
    void malformedXmlIsAnsweredWithARejectionReportAndMovedToError() {
        String name = uniqueNumber() + ".xml";
        env.drop("acme", name, "<Invoice><unclosed></Invoice>".getBytes(StandardCharsets.UTF_8));

        JsonNode report = awaitAnswer("acme", name + ".rejected.json");
        assertThat(report.path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(report.path("file").asText()).isEqualTo(name);
        assertThat(report.path("errors").findValuesAsText("rule")).contains("XML-WELLFORMED");
        await().atMost(Duration.ofSeconds(20)).until(() -> GatewayTestEnvironment.fileNames(env.inbox("acme").resolve("error"))
                .stream().anyMatch(n -> n.endsWith(name)));
    }

    @Test
    void aSupplierCannotSendForAnother() {
        String number = uniqueNumber();
        // durand's invoice (seller SIRET 44306184100047) dropped by acme
        env.drop("acme", number + ".xml", TestInvoices.withNumber("ubl-invoice-durand.xml", number));

        JsonNode report = awaitAnswer("acme", number + ".xml.rejected.json");
        assertThat(report.path("errors").findValuesAsText("rule")).containsExactly("SELLER-SIRET");
        assertThat(jdbc.queryForObject("select count(*) from flow f join invoice i on i.flow_id = f.id where i.number = ?",
                Integer.class, number)).isZero();
    }

    @Test
    void theSameFileTwiceMakesOneFlowAndOneDuplicateAnswer() {
        String number = uniqueNumber();
        byte[] invoice = TestInvoices.withNumber("ubl-invoice-acme.xml", number);
        env.drop("acme", number + ".xml", invoice);
        awaitAnswer("acme", number + ".xml.ack.json");
        env.drop("acme", number + "-again.xml", invoice);

        JsonNode duplicate = awaitAnswer("acme", number + "-again.xml.duplicate.json");
        assertThat(duplicate.path("outcome").asText()).isEqualTo("DUPLICATE");
        assertThat(duplicate.path("firstFileName").asText()).isEqualTo(number + ".xml");
        await().atMost(LIFECYCLE).until(() -> invoiceCodes("acme", number).contains("01"));
        assertThat(jdbc.queryForObject("select count(*) from flow f join invoice i on i.flow_id = f.id where i.number = ?",
                Integer.class, number)).isEqualTo(1);
        assertThat(invoiceCodes("acme", number)).containsOnlyOnce("01");
        assertThat(GatewayTestEnvironment.fileNames(env.returnsFolder("acme"))).filteredOn(n -> n.startsWith(number + "-again.xml."))
                .containsExactly(number + "-again.xml.duplicate.json");
    }

    @Test
    void aReturnFileMixingTwoSuppliersIsSplitSoEachSeesOnlyItsOwnLines() throws IOException {
        String acmeNumber = uniqueNumber();
        String durandNumber = uniqueNumber();
        env.drop("acme", acmeNumber + ".xml", TestInvoices.withNumber("ubl-invoice-acme.xml", acmeNumber));
        env.drop("durand", durandNumber + ".xml", TestInvoices.withNumber("ubl-invoice-durand.xml", durandNumber));
        awaitAnswer("acme", acmeNumber + ".xml.ack.json");
        awaitAnswer("durand", durandNumber + ".xml.ack.json");

        // Chorus Pro writes one return file carrying both suppliers' invoices and a line that matches nothing
        String name = "CPPStatut_mixed_" + UUID.randomUUID().toString().substring(0, 8) + ".xml";
        String unknownNumber = "NOPE-" + acmeNumber;
        Path tmp = env.chorusProReturns().resolve("." + name + ".part");
        Files.writeString(tmp, CppStatutSamples.invoiceStatuses(
                CppStatutSamples.InvoiceUnit.of(ACME_SIRET, acmeNumber, "11", "2026-11-29T10:00:00"),
                CppStatutSamples.InvoiceUnit.of(DURAND_SIRET, durandNumber, "11", "2026-11-29T10:00:00"),
                CppStatutSamples.InvoiceUnit.of(ACME_SIRET, unknownNumber, "11", "2026-11-29T10:00:00")));
        Files.move(tmp, env.chorusProReturns().resolve(name));

        await().atMost(LIFECYCLE).until(() -> Files.exists(env.returnsFolder("acme").resolve(name)));
        String acmeCopy = Files.readString(env.returnsFolder("acme").resolve(name));
        assertThat(acmeCopy).contains(acmeNumber).doesNotContain(durandNumber).doesNotContain(DURAND_SIRET)
                .doesNotContain(unknownNumber);
        assertThat(units(env.returnsFolder("acme").resolve(name))).hasSize(1);

        await().atMost(LIFECYCLE).until(() -> Files.exists(env.returnsFolder("durand").resolve(name + ".json")));
        String durandCopy = Files.readString(env.returnsFolder("durand").resolve(name + ".json"));
        assertThat(durandCopy).contains(durandNumber).doesNotContain(acmeNumber).doesNotContain(ACME_SIRET);

        assertThat(jdbc.queryForObject("select count(*) from unmatched_return_line where invoice_number = ?",
                Integer.class, unknownNumber)).isEqualTo(1);
    }

    @Test
    void theApiFindsInvoicesByTenantStatusNumberAndDateAndServesTheFlow() {
        String number = uniqueNumber();
        env.drop("acme", number + ".xml", TestInvoices.withNumber("ubl-invoice-acme.xml", number));
        awaitAnswer("acme", number + ".xml.ack.json");
        await().atMost(LIFECYCLE).until(() -> "MISE_EN_PAIEMENT".equals(
                ((Map<?, ?>) invoiceFromApi("acme", number).get("invoice")).get("status")));
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        String tomorrow = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();

        assertThat(numbers("/api/invoices?tenant=acme&status=MISE_EN_PAIEMENT&size=500")).contains(number);
        assertThat(numbers("/api/invoices?tenant=acme&status=REJETEE&size=500")).doesNotContain(number);
        assertThat(numbers("/api/invoices?tenant=durand&number=" + number)).isEmpty();
        assertThat(numbers("/api/invoices?number=" + number + "&from=" + today + "&to=" + today)).containsExactly(number);
        assertThat(numbers("/api/invoices?number=" + number + "&from=" + tomorrow)).isEmpty();
        Map<?, ?> onePage = http.getForObject("/api/invoices?tenant=acme&size=1", Map.class);
        assertThat((List<?>) onePage.get("items")).hasSize(1);
        assertThat(((Number) onePage.get("total")).intValue()).isGreaterThanOrEqualTo(1);

        Map<?, ?> invoice = (Map<?, ?>) invoiceFromApi("acme", number).get("invoice");
        Map<?, ?> flow = http.getForObject("/api/flows/{id}", Map.class, invoice.get("flowId"));
        assertThat(flow.get("name")).asString().startsWith("FSO1100A_AAA999_");
        assertThat(flow.get("numeroFluxDepot")).asString().matches("CPP0011100\\d{15}");
        assertThat(http.getForObject("/api/flows/{id}/content", byte[].class, invoice.get("flowId")))
                .isEqualTo(TestInvoices.withNumber("ubl-invoice-acme.xml", number));
        assertThat(http.getForEntity("/api/invoices/{id}", String.class, 999_999_999).getStatusCode().value()).isEqualTo(404);
    }

    private List<String> numbers(String url) {
        Map<?, ?> page = http.getForObject(url, Map.class);
        return ((List<?>) page.get("items")).stream().map(i -> (String) ((Map<?, ?>) i).get("number")).toList();
    }

    @Test
    void aBatchDroppedAtOnceIsTakenTogetherNotOneFileASecondAndQueuedInTheOrderTaken() {
        // Camel's changed read lock waited a check interval (1 s) per file: 100 files took 100 s or more.
        // The files of a poll are read by several workers, but their flows must reach Chorus Pro in the order the
        // poller took them (oldest first, then by name): all get one date, so the order is the names' order.
        String batch = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase() + "-";
        List<String> numbers = new ArrayList<>();
        java.nio.file.attribute.FileTime sameDate = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minusSeconds(60));
        for (int i = 0; i < 100; i++) {
            String number = batch + "%03d".formatted(i);
            numbers.add(number);
            // every fourth invoice is a longer one (200 lines): read in parallel, the short ones after it would be
            // ready first
            String xml = new String(TestInvoices.withNumber("ubl-invoice-acme.xml", number), StandardCharsets.UTF_8);
            Path dropped = env.drop("acme", number + ".xml",
                    (i % 4 == 0 ? TestInvoices.withLines(xml, 200) : xml).getBytes(StandardCharsets.UTF_8));
            try {
                Files.setLastModifiedTime(dropped, sameDate);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        long started = System.nanoTime();
        await().atMost(Duration.ofSeconds(75)).until(() -> numbers.stream()
                .allMatch(n -> Files.exists(env.returnsFolder("acme").resolve(n + ".xml.ack.json"))));
        System.out.printf("100 files dropped at once: all answered in %d ms%n",
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        // transmission is one flow after the other per tenant (its message group): on a busy machine, minutes.
        // The order of deposit is the order of the flows' transmitted_at (set once each upload completed).
        String transmitted = """
                select i.number from flow f join invoice i on i.flow_id = f.id
                where i.number like ? and f.transmitted_at is not null order by f.transmitted_at, f.id""";
        await().atMost(Duration.ofSeconds(180)).until(() -> jdbc.queryForList(transmitted, String.class, batch + "%")
                .size() >= numbers.size());
        List<String> deposited = jdbc.queryForList(transmitted, String.class, batch + "%");
        assertThat(deposited).as("flows deposited with Chorus Pro, in order").containsExactlyElementsOf(numbers);
    }

    @Test
    void aFileStillBeingWrittenIsNotTakenUntilComplete() throws Exception {
        String number = uniqueNumber();
        byte[] invoice = TestInvoices.withNumber("ubl-invoice-acme.xml", number);
        Path target = env.inbox("acme").resolve(number + ".xml");
        Path ack = env.returnsFolder("acme").resolve(number + ".xml.ack.json");
        int chunks = 10;
        int chunk = invoice.length / chunks + 1;
        // a slow writer using the final name directly (no temporary name): it adds a chunk each time the gateway
        // opens the folder, before the folder's entries are sent, so every look sees a file that is still growing
        Files.write(target, Arrays.copyOf(invoice, chunk));
        AtomicInteger written = new AtomicInteger(1);
        AtomicBoolean goneTooEarly = new AtomicBoolean();
        env.sftp().onListing("acme", () -> {
            int i = written.get();
            if (i >= chunks) {
                return;
            }
            if (!Files.exists(target) || Files.exists(ack)) {
                goneTooEarly.set(true);
                return;
            }
            int from = i * chunk;
            try {
                Files.write(target, Arrays.copyOfRange(invoice, from, Math.min(from + chunk, invoice.length)),
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            written.incrementAndGet();
        });
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> written.get() >= chunks || goneTooEarly.get());
        } finally {
            env.sftp().onListing("acme", null);
        }
        assertThat(goneTooEarly).as("taken while being written").isFalse();
        JsonNode answer = awaitAnswer("acme", number + ".xml.ack.json");
        assertThat(answer.path("outcome").asText()).isEqualTo("ACCEPTED");
        Map<?, ?> stored = invoiceFromApi("acme", number);
        assertThat(http.getForObject((String) ((Map<?, ?>) stored.get("documents")).get("original"), byte[].class))
                .isEqualTo(invoice);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static String uniqueNumber() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }

    private JsonNode awaitAnswer(String tenant, String fileName) {
        Path answer = env.returnsFolder(tenant).resolve(fileName);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(answer));
        try {
            return json.readTree(answer.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** IdStatut of every CPPFactureStatutUnitaire for this invoice in the supplier's relayed CPPStatut files. */
    private List<String> invoiceCodes(String tenant, String number) {
        List<String> codes = new ArrayList<>();
        for (Path file : cppStatutFiles(tenant)) {
            for (Element unit : units(file)) {
                if ("CPPFactureStatutUnitaire".equals(unit.getLocalName()) && number.equals(text(unit, "IdFacture"))) {
                    codes.add(text(unit, "IdStatut"));
                }
            }
        }
        return codes.stream().sorted().toList();
    }

    private List<String> flowReports(String tenant, String flowName) {
        List<String> codes = new ArrayList<>();
        for (Path file : cppStatutFiles(tenant)) {
            for (Element unit : units(file)) {
                if ("CPPFluxStatutUnitaire".equals(unit.getLocalName()) && flowName.equals(text(unit, "IdFlux"))) {
                    codes.add(text(unit, "IdStatut"));
                }
            }
        }
        return codes;
    }

    private void assertOnlyOwnLines(String tenant, String siret) {
        for (Path file : cppStatutFiles(tenant)) {
            for (Element unit : units(file)) {
                if ("CPPFactureStatutUnitaire".equals(unit.getLocalName())) {
                    assertThat(text(unit, "Identifiant")).as("supplier of a line relayed to " + tenant).isEqualTo(siret);
                }
            }
        }
    }

    private List<String> jsonStatuses(String tenant, String number) {
        List<String> statuses = new ArrayList<>();
        for (String name : GatewayTestEnvironment.fileNames(env.returnsFolder(tenant))) {
            if (name.endsWith(".json") && !name.endsWith(".ack.json") && !name.endsWith(".rejected.json")
                    && !name.endsWith(".duplicate.json")) {
                try {
                    for (JsonNode event : json.readTree(env.returnsFolder(tenant).resolve(name).toFile())) {
                        String eventNumber = event.path("invoiceNumber").asText();
                        if (number.equals(eventNumber) || "INTEGRATION_REPORT".equals(event.path("status").asText())
                                && event.toString().contains(number)) {
                            statuses.add(event.path("status").asText());
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return statuses;
    }

    private List<Path> cppStatutFiles(String tenant) {
        return GatewayTestEnvironment.fileNames(env.returnsFolder(tenant)).stream().filter(n -> n.endsWith(".xml") && !n.startsWith("."))
                .map(n -> env.returnsFolder(tenant).resolve(n)).toList();
    }

    private static List<Element> units(Path file) {
        try {
            Document doc = SecureXml.documentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(file)));
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(
                    "//*[local-name()='CPPFactureStatutUnitaire' or local-name()='CPPFluxStatutUnitaire']", doc,
                    XPathConstants.NODESET);
            List<Element> units = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                units.add((Element) nodes.item(i));
            }
            return units;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static String text(Element unit, String localName) {
        NodeList nodes = unit.getElementsByTagNameNS("*", localName);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }


    private Map<?, ?> invoiceFromApi(String tenant, String number) {
        Map<?, ?> page = http.getForObject("/api/invoices?tenant={t}&number={n}", Map.class, tenant, number);
        List<?> items = (List<?>) page.get("items");
        assertThat(items).hasSize(1);
        Object id = ((Map<?, ?>) items.get(0)).get("id");
        return http.getForObject("/api/invoices/{id}", Map.class, id);
    }
}
