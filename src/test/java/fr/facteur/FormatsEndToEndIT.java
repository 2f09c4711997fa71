package fr.facteur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.facteur.testsupport.FacturXPdfs;
import fr.facteur.testsupport.GatewayTestEnvironment;
import fr.facteur.testsupport.TestInvoices;

/**
 * The formats of issue 4 through the whole product (real SFTP, broker, PostgreSQL, simulator), in one Spring
 * context: a Factur-X PDF deposited as FSO1117A, a legacy ERP export mapped to UBL by its tenant's XSLT, and a zip
 * batch answered invoice by invoice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class FormatsEndToEndIT {

    static final String ACME_SIRET = "73282932000074";
    static final String LEFEVRE_SIRET = "51782496300014";
    static final Duration LIFECYCLE = Duration.ofSeconds(60);

    static final GatewayTestEnvironment env = GatewayTestEnvironment.start("formats");

    static {
        env.addSupplierWithFormats("acme", ACME_SIRET, "json", List.of(), "formats: [UBL, CII, FACTURX]\n");
        env.addSupplierWithFormats("lefevre", LEFEVRE_SIRET, "json", List.of(), """
                formats: [UBL]
                mapping:
                  xslt: %s
                """.formatted(Path.of("config/mappings/lefevre-erp.xsl").toAbsolutePath()));
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    TestRestTemplate http;


    
    /** Every call authenticates as the test admin: nothing but health is anonymous. */
    @Autowired
    void http(TestRestTemplate anonymous) {
        http = anonymous.withBasicAuth(fr.facteur.testsupport.GatewayTestEnvironment.ADMIN,
                fr.facteur.testsupport.GatewayTestEnvironment.ADMIN_PASSWORD);
    }
    @Autowired
    JdbcTemplate jdbc;
    final ObjectMapper json = new ObjectMapper();

    @Test
    void aFacturXPdfIsDepositedAsItselfUnderFso1117AAndReachesMiseEnPaiement() throws IOException {
        String number = uniqueNumber();
        String xml = new String(TestInvoices.withNumber("cii-invoice-acme.xml", number), StandardCharsets.UTF_8);
        Path pdf = FacturXPdfs.embedding(xml).writeTo(Files.createTempFile("facturx", ".pdf"));
        byte[] pdfBytes = Files.readAllBytes(pdf);
        env.drop("acme", number + ".pdf", pdfBytes);

        JsonNode ack = awaitAnswer("acme", number + ".pdf.ack.json");
        assertThat(ack.path("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(ack.path("flow").asText()).matches("FSO1117A_AAA999_\\d{12}");
        await().atMost(LIFECYCLE).until(() -> "MISE_EN_PAIEMENT".equals(status(number)));

        Map<?, ?> documents = (Map<?, ?>) invoiceFromApi(number).get("documents");
        assertThat(http.getForObject((String) documents.get("flow"), byte[].class))
                .as("Chorus Pro receives the Factur-X PDF itself").isEqualTo(pdfBytes);
    }

    @Test
    void aLegacyExportIsMappedToUblWhichIsWhatIsSent() throws IOException {
        String number = uniqueNumber();
        String export = Files.readString(Path.of("samples/legacy-lefevre.xml")).replace("L2026-0101", number);
        env.drop("lefevre", number + ".xml", export.getBytes(StandardCharsets.UTF_8));

        JsonNode ack = awaitAnswer("lefevre", number + ".xml.ack.json");
        assertThat(ack.path("flow").asText()).startsWith("FSO1100A_AAA999_");
        await().atMost(LIFECYCLE).until(() -> "MISE_EN_PAIEMENT".equals(status(number)));

        Map<?, ?> documents = (Map<?, ?>) invoiceFromApi(number).get("documents");
        String sent = new String(http.getForObject((String) documents.get("flow"), byte[].class),
                StandardCharsets.UTF_8);
        assertThat(sent).contains("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
                "<cbc:ID>" + number + "</cbc:ID>");
        assertThat(new String(http.getForObject((String) documents.get("original"), byte[].class),
                StandardCharsets.UTF_8)).as("the supplier's own file is kept as received").isEqualTo(export);
    }

    @Test
    void aMappingFailureIsAnsweredLikeAnyRejection() {
        String name = uniqueNumber() + ".xml";
        String export = readString("samples/legacy-lefevre.xml").replace("<TYPE>FACTURE</TYPE>", "<TYPE>AVOIR</TYPE>");
        env.drop("lefevre", name, export.getBytes(StandardCharsets.UTF_8));

        JsonNode report = awaitAnswer("lefevre", name + ".rejected.json");
        assertThat(report.path("errors").findValuesAsText("rule")).containsExactly("MAPPING-FAILED");
        assertThat(report.path("errors").get(0).path("messageFr").asText()).contains("AVOIR");

        // the API shows the same report
        JsonNode rejected = json.valueToTree(http.getForObject("/api/documents?tenant=lefevre&state=REJECTED",
                List.class));
        JsonNode document = null;
        for (JsonNode d : rejected) {
            if (name.equals(d.path("file").asText())) {
                document = d;
            }
        }
        assertThat(document).as("rejected document in the API").isNotNull();
        assertThat(document.path("errors").get(0).path("rule").asText()).isEqualTo("MAPPING-FAILED");
        assertThat(document.path("errors").get(0).path("messageEn").asText()).contains("AVOIR");
    }

    @Test
    void aZipBatchIsProcessedInvoiceByInvoiceAndAnsweredOnce() throws IOException {
        String good = uniqueNumber();
        String bad = uniqueNumber();
        byte[] badInvoice = new String(TestInvoices.withNumber("ubl-invoice-acme.xml", bad), StandardCharsets.UTF_8)
                .replace("<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>", "<cbc:InvoiceTypeCode>389</cbc:InvoiceTypeCode>")
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("lot/" + good + ".xml"));
            out.write(TestInvoices.withNumber("ubl-invoice-acme.xml", good));
            out.putNextEntry(new ZipEntry("lot/" + bad + ".xml"));
            out.write(badInvoice);
        }
        String batch = "lot-" + good + ".zip";
        env.drop("acme", batch, zip.toByteArray());

        JsonNode report = awaitAnswer("acme", batch + ".rejected.json");
        assertThat(report.path("outcome").asText()).isEqualTo("BATCH");
        JsonNode invoices = report.path("invoices");
        assertThat(invoices).hasSize(2);
        assertThat(invoices.get(0).path("entry").asText()).isEqualTo("lot/" + good + ".xml");
        assertThat(invoices.get(0).path("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(invoices.get(0).path("flow").asText()).startsWith("FSO1100A_AAA999_");
        assertThat(invoices.get(1).path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(invoices.get(1).path("errors").findValuesAsText("rule")).contains("B2G-TYPE");
        assertThat(invoices.get(1).path("errors").get(0).path("line").asInt()).isPositive();
        await().atMost(LIFECYCLE).until(() -> "MISE_EN_PAIEMENT".equals(status(good)));
        // one answer for the batch, none per invoice
        assertThat(Files.exists(env.returnsFolder("acme").resolve(good + ".xml.ack.json"))).isFalse();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static String uniqueNumber() {
        return "X" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }

    private static String readString(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String status(String number) {
        List<String> statuses = jdbc.queryForList("select status from invoice where number = ?", String.class, number);
        return statuses.isEmpty() ? null : statuses.get(0);
    }

    private Map<?, ?> invoiceFromApi(String number) {
        Long id = jdbc.queryForObject("select id from invoice where number = ?", Long.class, number);
        return http.getForObject("/api/invoices/" + id, Map.class);
    }

    private JsonNode awaitAnswer(String tenant, String fileName) {
        Path answer = env.returnsFolder(tenant).resolve(fileName);
        await().atMost(Duration.ofSeconds(40)).until(() -> Files.exists(answer));
        try {
            return json.readTree(answer.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
