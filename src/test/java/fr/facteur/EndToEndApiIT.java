package fr.facteur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.facteur.piste.PisteClient;
import fr.facteur.testsupport.GatewayTestEnvironment;
import fr.facteur.testsupport.TestInvoices;

/**
 * Chorus Pro over the API (PISTE), end to end through real servers: a supplier drops an invoice on its SFTP server,
 * the gateway deposits the flow with DeposerFluxFacture on the simulator's API over real HTTP (its own OAuth token
 * endpoint), polls ConsulterCR and the invoice history, and relays the statuses to the supplier's SFTP. Faults are
 * injected through the simulator's fault API: expired token, 5xx, time-out, maintenance window, 413.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class EndToEndApiIT {

    static final String ACME_SIRET = "73282932000074";
    static final Duration LIFECYCLE = Duration.ofSeconds(60);

    static final GatewayTestEnvironment env = GatewayTestEnvironment.start("e2e-api");

    static {
        env.addSupplier("acme", ACME_SIRET, "json", List.of());
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        env.register(registry);
        registry.add("facteur.chorus-pro.channel", () -> "api");
        registry.add("facteur.chorus-pro.api.poll", () -> "300ms");
        // short enough for the time-out test, long enough for the simulator's own checks on a busy machine (a
        // slower answer is recovered anyway: see ApiChorusProChannel, "flux déjà reçu")
        registry.add("facteur.chorus-pro.api.read-timeout", () -> "5s");
        registry.add("facteur.chorus-pro.api.max-backoff", () -> "2s");
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
    @Autowired
    PisteClient piste;
    final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void clearFaults() {
        http.delete("/simulator/piste/faults");
    }

    @Test
    void anInvoiceIsDepositedOverTheApiAndItsStatusesArePolledUpToMiseEnPaiementAndRelayed() {
        String number = uniqueNumber();
        env.drop("acme", number + ".xml", TestInvoices.withNumber("ubl-invoice-acme.xml", number));

        await().atMost(LIFECYCLE).until(() -> relayedStatuses(number).contains("MISE_EN_PAIEMENT"));
        assertThat(eventCodes(number)).containsExactly("90", "01", "02", "03", "07", "08", "09", "10", "11");
        assertThat(relayedStatuses(number)).containsOnlyOnce("MISE_EN_PAIEMENT").contains("INTEGRATION_REPORT",
                "DEPOSEE");
        String flowName = flowName(number);
        assertThat(simulatorFlows(flowName)).isEqualTo(1);
        Map<String, Object> flow = jdbc.queryForMap("select f.state, f.numero_flux_depot, d.done from flow f "
                + "join chorus_pro_api_deposit d on d.flow_id = f.id where f.name = ?", flowName);
        assertThat(flow.get("state")).isEqualTo("INTEGRATED");
        assertThat((String) flow.get("numero_flux_depot")).matches("CPP0011100\\d{15}");
        await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(jdbc.queryForObject(
                "select d.done from chorus_pro_api_deposit d join flow f on f.id = d.flow_id where f.name = ?",
                Boolean.class, flowName)));
        // the raw JSON answers are kept as the return files of those statuses
        List<String> kinds = jdbc.queryForList("select distinct r.kind from return_file r join status_event e "
                + "on e.return_file_id = r.id join invoice i on i.id = e.invoice_id where i.number = ?", String.class,
                number);
        assertThat(kinds).containsExactlyInAnyOrder("API_FLOW_STATUS", "API_INVOICE_STATUS");
    }

    @Test
    void anExpiredTokenIsReplacedByOneNewTokenAndNothingIsLost() {
        // a first token is in use
        String first = uniqueNumber();
        env.drop("acme", first + ".xml", TestInvoices.withNumber("ubl-invoice-acme.xml", first));
        await().atMost(LIFECYCLE).until(() -> transmitted(first));
        int tokensBefore = piste.tokensIssued();

        fault(Map.of("kind", "token-expired"));
        String number = uniqueNumber();
        env.drop("acme", number + ".xml", TestInvoices.withNumber("ubl-invoice-acme.xml", number));

        await().atMost(LIFECYCLE).until(() -> transmitted(number));
        await().atMost(LIFECYCLE).until(() -> eventCodes(number).contains("01"));
        assertThat(piste.tokensIssued()).isEqualTo(tokensBefore + 1);
        assertThat(simulatorFlows(flowName(number))).isEqualTo(1);
    }

    @Test
    void serverErrorsAndTimeoutsAreRetriedWithBackoffAndTheFlowIsDepositedOnce() {
        fault(Map.of("kind", "5xx", "status", 502, "count", 2, "operation", "deposer/flux"));
        fault(Map.of("kind", "timeout", "seconds", 8, "count", 1, "operation", "deposer/flux"));
        String number = uniqueNumber();
        env.drop("acme", number + ".xml", TestInvoices.withNumber("ubl-invoice-acme.xml", number));

        await().atMost(LIFECYCLE).until(() -> !"UP".equals(connection().get("state")));
        await().atMost(LIFECYCLE).until(() -> transmitted(number));
        assertThat(((List<?>) http.getForObject("/simulator/piste/faults", Map.class).get("queued"))).isEmpty();
        assertThat(simulatorFlows(flowName(number))).isEqualTo(1);
        await().atMost(LIFECYCLE).until(() -> eventCodes(number).contains("90"));
        assertThat(eventCodes(number)).containsOnlyOnce("90");
        assertThat(connection().get("state")).isEqualTo("UP");
        assertThat((String) connection().get("lastError")).containsAnyOf("502", "no answer within");
    }

    @Test
    void aMaintenanceWindowPausesTransmissionWhichResumesAndDrainsByItself() {
        // a window longer than any wait below: the test ends it, the gateway must notice by itself
        fault(Map.of("kind", "maintenance", "seconds", 300));
        String one = uniqueNumber();
        String two = uniqueNumber();
        env.drop("acme", one + ".xml", TestInvoices.withNumber("ubl-invoice-acme.xml", one));
        env.drop("acme", two + ".xml", TestInvoices.withNumber("ubl-invoice-acme.xml", two));

        await().atMost(LIFECYCLE).until(() -> "DOWN".equals(connection().get("state")));
        Map<String, Object> down = connection();
        assertThat(down.get("pausedUntil")).isNotNull();
        assertThat((String) down.get("lastError")).contains("503");
        await().atMost(LIFECYCLE).until(() -> ((Number) connection().get("backlog")).longValue() >= 2);
        Map<?, ?> health = http.getForObject("/actuator/health", Map.class);
        assertThat(((Map<?, ?>) ((Map<?, ?>) health.get("components")).get("chorusPro")).get("status"))
                .isEqualTo("DOWN");
        assertThat(transmitted(one) || transmitted(two)).isFalse();

        http.delete("/simulator/piste/faults"); // the maintenance ends
        await().atMost(LIFECYCLE).until(() -> transmitted(one) && transmitted(two));
        assertThat(simulatorFlows(flowName(one))).isEqualTo(1);
        assertThat(simulatorFlows(flowName(two))).isEqualTo(1);
        assertThat(connection().get("state")).isEqualTo("UP");
        assertThat(((Number) connection().get("backlog")).longValue()).isZero();
    }

    @Test
    void aPayloadTooLargeFailsTheFlowWithItsReasonAndIsNotRetried() {
        fault(Map.of("kind", "413", "count", 1, "operation", "deposer/flux"));
        String number = uniqueNumber();
        env.drop("acme", number + ".xml", TestInvoices.withNumber("ubl-invoice-acme.xml", number));

        await().atMost(LIFECYCLE).until(() -> "FAILED".equals(flowColumn(number, "state")));
        assertThat(flowColumn(number, "failure")).contains("413");
        assertThat(jdbc.queryForObject("select status from invoice where number = ?", String.class, number))
                .isEqualTo("FAILED");
        // the fault spoiled one call only: a retry would have gone through, so nothing there proves no retry
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> simulatorFlows(flowName(number)) == 0 && transmittedAt(number) == null);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private void fault(Map<String, Object> fault) {
        assertThat(http.postForEntity("/simulator/piste/faults", fault, Map.class).getStatusCode().is2xxSuccessful())
                .isTrue();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> connection() {
        return http.getForObject("/api/chorus-pro/connection", Map.class);
    }

    private static String uniqueNumber() {
        return "A" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }

    private boolean transmitted(String number) {
        return transmittedAt(number) != null;
    }

    private Object transmittedAt(String number) {
        return flowColumn(number, "transmitted_at");
    }

    private String flowName(String number) {
        return String.valueOf(flowColumn(number, "name"));
    }

    private String flowColumn(String number, String column) {
        List<Object> values = jdbc.queryForList("select f." + column + "::text from flow f join invoice i on "
                + "i.flow_id = f.id where i.number = ?", Object.class, number);
        return values.isEmpty() || values.get(0) == null ? null : values.get(0).toString();
    }

    private int simulatorFlows(String flowName) {
        return jdbc.queryForObject("select count(*) from sim_flow where file_name = ?", Integer.class, flowName);
    }

    /** Codes recorded for the invoice, in lifecycle order of occurrence. */
    private List<String> eventCodes(String number) {
        return jdbc.queryForList("select e.code from status_event e join invoice i on i.id = e.invoice_id "
                + "where i.number = ? order by e.occurred_at, e.code::int desc", String.class, number).stream()
                .sorted((a, b) -> Integer.compare(rank(a), rank(b))).toList();
    }

    private static int rank(String code) {
        // the report (90) first, then the invoice statuses in their own order
        return "90".equals(code) ? 0 : Integer.parseInt(code);
    }

    /** Statuses of this invoice in the JSON files relayed to the supplier's SFTP return folder. */
    private List<String> relayedStatuses(String number) {
        List<String> statuses = new ArrayList<>();
        Path dir = env.returnsFolder("acme");
        if (!Files.isDirectory(dir)) {
            return statuses;
        }
        try (Stream<Path> files = Files.list(dir)) {
            // uploads in progress (.part-…) are not files yet: they vanish when renamed
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> f.getFileName().toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().matches(".*\\.(ack|rejected|duplicate)\\.json")).toList()) {
                for (JsonNode event : json.readTree(file.toFile())) {
                    if (event.toString().contains(number)) {
                        statuses.add(event.path("status").asText());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return statuses;
    }
}
