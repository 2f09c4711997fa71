package fr.facteur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.facteur.testsupport.GatewayTestEnvironment;
import fr.facteur.testsupport.TestInvoices;

/**
 * What an operator's tooling sees of a running gateway (real SFTP, broker, database, simulator): the metrics on
 * /actuator/prometheus after one valid and one malformed invoice, the SFTP health, the OpenAPI document, and the
 * API's errors as RFC 9457 problem details.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// stop this gateway when the class is done: it would otherwise keep polling during the other classes and stall the
// JVM's exit
@DirtiesContext
// Boot's tests turn metrics export off unless asked: this test is about what Prometheus scrapes
@AutoConfigureObservability(tracing = false)
class ObservabilityIT {

    static final GatewayTestEnvironment env = GatewayTestEnvironment.start("observability");

    static {
        env.addSupplier("acme", "73282932000074", "json", List.of());
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
        http = anonymous.withBasicAuth(GatewayTestEnvironment.ADMIN, GatewayTestEnvironment.ADMIN_PASSWORD);
    }
    final ObjectMapper json = new ObjectMapper();

    @Test
    void oneValidAndOneMalformedInvoiceShowInTheMetrics() {
        env.drop("acme", "OBS-1.xml", TestInvoices.withNumber("ubl-invoice-acme.xml", "OBS-1"));
        env.drop("acme", "broken.xml", "<Invoice><unclosed></Invoice>".getBytes(StandardCharsets.UTF_8));
        awaitFile(env.returnsFolder("acme").resolve("OBS-1.xml.ack.json"));
        awaitFile(env.returnsFolder("acme").resolve("broken.xml.rejected.json"));

        // the flow is deposited with the simulator, then both answers are recorded as delivered
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(prometheus()).contains(
                "facteur_flows_transmitted_total{tenant=\"acme\"} 1.0",
                "facteur_relay_deliveries_total{kind=\"ACK\",tenant=\"acme\"} 1.0",
                "facteur_relay_deliveries_total{kind=\"REJECTION\",tenant=\"acme\"} 1.0"));
        String metrics = prometheus();
        assertThat(metrics).contains(
                "facteur_invoices_received_total{tenant=\"acme\"} 2.0",
                "facteur_invoices_rejected_total{family=\"XML\",tenant=\"acme\"} 1.0",
                "facteur_stage_seconds_count{stage=\"intake\"} 1",
                "facteur_stage_seconds_count{stage=\"transmit\"} 1");
        assertThat(metrics).doesNotContain("facteur_invoices_duplicate_total{tenant=\"acme\"} 1.0");
        assertThat(metrics).containsPattern("facteur_stage_seconds_bucket\\{stage=\"intake\",le=\"[0-9.]+\"} 1");
        assertThat(metrics).containsPattern("facteur_stage_seconds_bucket\\{stage=\"transmit\",le=\"[0-9.]+\"} 1");
        for (String queue : List.of("facteur.transmit", "facteur.returns", "facteur.relay")) {
            assertThat(metrics).containsPattern("facteur_queue_depth\\{queue=\"" + queue + "\"} [0-9.]+");
            assertThat(metrics).containsPattern("facteur_queue_depth\\{queue=\"DLQ." + queue + "\"} [0-9.]+");
        }
    }

    /**
     * Issue 6 §5, the rest of it (per-tenant counters, queue depths and stage histograms are asserted above): days to
     * the operator's certificate expiry, and health for the broker, the database, Chorus Pro and the tenants' SFTP.
     */
    @Test
    void certificateExpiryAndEveryHealthIndicatorAreExposed() throws Exception {
        // the operator's signing certificate (generated for a year or more in tests) is counted down
        assertThat(prometheus()).containsPattern(
                "facteur_certificate_days_to_expiry\\{certificate=\"operator\",tenant=\"operator\"} [1-9][0-9]*(\\.0)?\\n");
        JsonNode health = json.readTree(http.getForObject("/actuator/health", String.class));
        for (String component : List.of("db", "jms", "chorusPro", "tenantsSftp", "brokerDisk")) {
            assertThat(health.at("/components/" + component + "/status").asText()).as(component).isEqualTo("UP");
        }
    }

    @Test
    void returnLinesMatchingNothingAreCounted() throws Exception {
        // five invoice statuses of invoices this gateway never sent
        Path tmp = env.chorusProReturns().resolve(".unknown-invoices.xml.part");
        Files.copy(Path.of("src/test/resources/returns/mixed-invoice-statuses.xml"), tmp);
        Files.move(tmp, env.chorusProReturns().resolve("CPPStatut_unknown-invoices.xml"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(prometheus()).contains("facteur_return_lines_unmatched_total 5.0"));
    }

    @Test
    void healthShowsChorusProAndEachTenantsSftpServer() throws Exception {
        // tenants are installed when the registry is created, before the first health call
        JsonNode health = json.readTree(http.getForObject("/actuator/health", String.class));

        assertThat(health.at("/components/chorusPro/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/chorusPro/details/sftp").asText()).endsWith("/depot");
        assertThat(health.at("/components/tenantsSftp/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/tenantsSftp/details/acme/status").asText()).isEqualTo("UP");
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() throws Exception {
        JsonNode document = json.readTree(http.getForObject("/v3/api-docs", String.class));

        assertThat(document.at("/info/title").asText()).isEqualTo("Facteur API");
        assertThat(document.at("/info/description").asText()).isNotBlank();
        assertThat(document.path("paths").fieldNames()).toIterable().contains("/api/tenants", "/api/invoices",
                "/api/invoices/{id}", "/api/flows/{id}", "/api/returns/unmatched");
        assertThat(http.getForEntity("/swagger-ui.html", String.class).getStatusCode().is2xxSuccessful()).isTrue();
    }

    @Test
    void apiErrorsAreProblemDetails() throws Exception {
        assertProblem("/api/invoices/987654321", HttpStatus.NOT_FOUND);
        assertProblem("/api/invoices?page=-1", HttpStatus.BAD_REQUEST);
        assertProblem("/api/invoices?from=yesterday", HttpStatus.BAD_REQUEST);
        assertProblem("/api/no-such-thing", HttpStatus.NOT_FOUND);
    }

    private void assertProblem(String path, HttpStatus status) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        ResponseEntity<String> response = http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);

        assertThat(response.getStatusCode()).as(path).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).as(path).isNotNull();
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .as(path + " answers " + response.getHeaders().getContentType()).isTrue();
        Map<?, ?> problem = json.readValue(response.getBody(), Map.class);
        assertThat(problem.get("status")).as(path).isEqualTo(status.value());
        assertThat((String) problem.get("title")).as(path).isNotBlank();
        assertThat((String) problem.get("detail")).as(path).isNotBlank();
    }

    private String prometheus() {
        return http.getForObject("/actuator/prometheus", String.class);
    }

    private static void awaitFile(Path file) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file));
    }
}
