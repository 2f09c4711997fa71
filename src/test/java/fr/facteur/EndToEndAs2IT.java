package fr.facteur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.facteur.as2.As2TestClient;
import fr.facteur.as2.As2TestClient.Entity;
import fr.facteur.inbound.as2.As2Server;
import fr.facteur.crypto.Certificates;
import fr.facteur.crypto.OperatorIdentity;
import fr.facteur.returns.CppStatutSamples;
import fr.facteur.testsupport.GatewayTestEnvironment;
import fr.facteur.testsupport.TestInvoices;

/**
 * The whole gateway with a supplier sending over AS2: signed and encrypted invoice → signed MDN "processed" →
 * same intake as SFTP (answer in the supplier's SFTP returns folder) → flow deposited with the Chorus Pro simulator
 * → lifecycle back. Also: a rejected invoice still gets a processed MDN (the rejection travels as for SFTP), Chorus
 * Pro itself as an AS2 partner whose payloads are return files, and the certificate expiry in the API and metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@AutoConfigureObservability(tracing = false)
class EndToEndAs2IT {

    static final String SIRET = "73282932000074";
    static final GatewayTestEnvironment env = GatewayTestEnvironment.start("as2e2e");
    static final KeyPair martinKeys = Certificates.rsaKeyPair(2048);
    static final X509Certificate martinCert = Certificates.selfSigned(martinKeys, "CN=Martin AS2", Period.ofDays(90));
    static final KeyPair chorusKeys = Certificates.rsaKeyPair(2048);
    static final X509Certificate chorusCert = Certificates.selfSigned(chorusKeys, "CN=Chorus Pro AS2", Period.ofYears(1));
    static final Path chorusCertFile = env.base().resolve("certs/chorus-pro/as2.pem");

    static {
        Path martinCertFile = env.base().resolve("certs/martin/as2.pem");
        Certificates.writeCertificatePem(martinCertFile, martinCert);
        Certificates.writeCertificatePem(chorusCertFile, chorusCert);
        env.addSupplier("martin", SIRET, "json", List.of(), "{ as2-id: MARTIN, certificate: " + martinCertFile
                + ", require-signature: true, require-encryption: true }");
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        env.register(registry);
        GatewayTestEnvironment.registerAs2(registry);
        registry.add("facteur.chorus-pro.as2.as2-id", () -> "CHORUSPRO");
        registry.add("facteur.chorus-pro.as2.certificate", chorusCertFile::toString);
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Autowired
    As2Server as2;
    @Autowired
    OperatorIdentity operator;
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
    void anInvoiceSentOverAs2IsAcceptedAndReachesChorusPro() throws Exception {
        String number = "A" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        HttpResponse<byte[]> response = send("MARTIN", martinKeys, martinCert,
                TestInvoices.withNumber("ubl-invoice-acme.xml", number), number + ".xml");

        assertThat(mdn(response).disposition()).isEqualTo("automatic-action/MDN-sent-automatically; processed");
        JsonNode ack = awaitAnswer("martin", number + ".xml.ack.json");
        assertThat(ack.path("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(ack.path("flow").asText()).matches("FSO1100A_AAA999_\\d{12}");
        await().atMost(Duration.ofSeconds(60)).until(() -> "MISE_EN_PAIEMENT".equals(status(number)));
        assertThat(jdbc.queryForObject("select channel from document d join invoice i on i.document_id = d.id "
                + "where i.number = ?", String.class, number)).isEqualTo("AS2");
    }

    @Test
    void aRejectedInvoiceStillGetsAProcessedMdnAndTheRejectionGoesThroughTheReturnsChannel() throws Exception {
        String name = "broken-" + UUID.randomUUID() + ".xml";
        HttpResponse<byte[]> response = send("MARTIN", martinKeys, martinCert,
                "<Invoice><unclosed></Invoice>".getBytes(StandardCharsets.UTF_8), name);

        assertThat(mdn(response).disposition()).endsWith("; processed");
        JsonNode report = awaitAnswer("martin", name + ".rejected.json");
        assertThat(report.path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(jdbc.queryForObject("select intake_outcome from as2_message where file_name = ?", String.class,
                name)).isEqualTo("REJECTED");
    }

    @Test
    void chorusProSendsReturnFilesOverAs2() throws Exception {
        String number = "R" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        byte[] statuses = CppStatutSamples.invoiceStatuses(
                CppStatutSamples.InvoiceUnit.of(SIRET, number, "11", "2026-11-29T10:00:00"))
                .getBytes(StandardCharsets.UTF_8);
        String name = "CPPStatut_" + number + ".xml";
        HttpResponse<byte[]> response = send("CHORUSPRO", chorusKeys, chorusCert, statuses, name);

        assertThat(mdn(response).disposition()).endsWith("; processed");
        assertThat(jdbc.queryForObject("select count(*) from return_file where name = ?", Integer.class, name))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from unmatched_return_line where invoice_number = ?",
                Integer.class, number)).isEqualTo(1);
        // a tenant's key cannot pass for Chorus Pro
        HttpResponse<byte[]> forged = send("CHORUSPRO", martinKeys, martinCert, statuses, "forged.xml");
        assertThat(mdn(forged).disposition()).endsWith("processed/error: authentication-failed");
    }

    @Test
    void theApiAndTheMetricsShowTheCertificatesDaysToExpiry() {
        Map<?, ?> tenant = http.getForObject("/api/tenants/martin", Map.class);
        List<?> certificates = (List<?>) tenant.get("as2Certificates");
        assertThat(certificates).hasSize(1);
        Map<?, ?> current = (Map<?, ?>) certificates.get(0);
        assertThat(current.get("certificate")).isEqualTo("current");
        assertThat(((Number) current.get("daysToExpiry")).intValue()).isBetween(88, 90);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                http.getForObject("/actuator/prometheus", String.class))
                .containsPattern("facteur_certificate_days_to_expiry\\{certificate=\"current\",tenant=\"martin\"\\} 8\\d"));
    }

    private HttpResponse<byte[]> send(String from, KeyPair keys, X509Certificate cert, byte[] content, String name)
            throws Exception {
        Entity message = As2TestClient.encrypt(As2TestClient.sign(As2TestClient.payload(content,
                "attachment; filename=\"" + name + "\""), keys.getPrivate(), cert, "sha-256"), operator.certificate());
        Map<String, String> headers = As2TestClient.headers(from, "FACTEUR", "<" + UUID.randomUUID() + "@e2e.test>");
        headers.put("Disposition-Notification-To", "mdn@e2e.test");
        headers.put("Disposition-Notification-Options",
                "signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha-256");
        return As2TestClient.send(URI.create("http://127.0.0.1:" + as2.port() + "/as2"), message, headers);
    }

    private As2TestClient.ReadMdn mdn(HttpResponse<byte[]> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        return As2TestClient.readMdn(response.headers().firstValue("Content-Type").orElseThrow(), response.body(),
                operator.certificate());
    }

    private JsonNode awaitAnswer(String tenant, String fileName) throws Exception {
        Path answer = env.returnsFolder(tenant).resolve(fileName);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(answer));
        return json.readTree(answer.toFile());
    }

    private String status(String number) {
        Map<?, ?> page = http.getForObject("/api/invoices?tenant=martin&number={n}", Map.class, number);
        List<?> items = (List<?>) page.get("items");
        return items.isEmpty() ? null : (String) ((Map<?, ?>) items.get(0)).get("status");
    }
}
