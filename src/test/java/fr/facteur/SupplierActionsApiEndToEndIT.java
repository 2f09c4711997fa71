package fr.facteur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.facteur.testsupport.GatewayTestEnvironment;
import fr.facteur.testsupport.TestInvoices;

/**
 * Supplier actions when Chorus Pro is reached over its API (PISTE), end to end through real servers: the gateway
 * deposits with DeposerFluxFacture, learns Suspendue / A recycler by polling, and hands a completion to
 * AjouterFichierDansSysteme + CompleterFacture and a recycling to RecyclerFacture on the simulator's API (no file
 * in the SFTP drop box); the invoice then goes on to Mise en paiement and every status reaches the supplier.
 * Also: A_RECYCLER learnt over the API waits for the supplier (it is not a rejection), and a rejection learnt over
 * the API is final.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@SuppressWarnings({"unchecked", "rawtypes"})
class SupplierActionsApiEndToEndIT {

    static final String ACME_SIRET = "73282932000074";
    static final String DURAND_SIRET = "44306184100047";
    static final String NOMINAL = "11000201100044";
    static final String REJET_ACHEMINEMENT = "19999991900012";
    static final String SUSPENDUE = "19999993900010";
    static final String A_RECYCLER = "19999995900018";
    static final Duration LIFECYCLE = Duration.ofSeconds(60);

    static final GatewayTestEnvironment env = GatewayTestEnvironment.start("actions-api");

    static {
        env.addSupplier("acme", ACME_SIRET, "json", List.of());
        env.addSupplier("durand", DURAND_SIRET, "cppstatut", List.of());
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        env.register(registry);
        registry.add("facteur.chorus-pro.channel", () -> "api");
        registry.add("facteur.chorus-pro.api.poll", () -> "300ms");
        registry.add("facteur.chorus-pro.api.max-backoff", () -> "2s");
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    TestRestTemplate http;

    @Autowired
    void http(TestRestTemplate anonymous) {
        http = anonymous.withBasicAuth(GatewayTestEnvironment.ADMIN, GatewayTestEnvironment.ADMIN_PASSWORD);
    }

    @Autowired
    JdbcTemplate jdbc;
    final ObjectMapper json = new ObjectMapper();

    @Test
    void aSuspendedInvoiceIsCompletedWithCompleterFactureAndGoesOnToMiseEnPaiement() {
        String number = send(SUSPENDUE);
        await().atMost(LIFECYCLE).until(() -> "SUSPENDUE".equals(status(number)));
        long id = invoiceId(number);

        String pdf = Base64.getEncoder().encodeToString("%PDF-1.4 bon de livraison".getBytes(StandardCharsets.UTF_8));
        ResponseEntity<Map> accepted = post("/api/invoices/" + id + "/complete?tenant=acme", Map.of(
                "comment", "Bon de livraison signé joint",
                "attachments", List.of(Map.of("name", "bon-de-livraison.pdf", "contentBase64", pdf))));
        assertThat(accepted.getStatusCode().value()).isEqualTo(202);
        assertThat((String) accepted.getBody().get("chorusProFile")).startsWith("API:factures/v1/completer:");

        await().atMost(LIFECYCLE).until(() -> relayed(number).contains("MISE_EN_PAIEMENT"));
        assertThat(relayed(number)).containsSubsequence("SUSPENDUE", "COMPLETEE", "SERVICE_FAIT", "MISE_EN_PAIEMENT");
        assertThat(relayedComment(number, "COMPLETEE")).contains("Bon de livraison signé joint");
        // it went through the API, not as a file in the drop box
        assertThat(jdbc.queryForList("select outcome from sim_supplier_action where file_name like 'API_COMPLETER_%' "
                + "and invoice_id = (select id from sim_invoice where number = ?)", String.class, number))
                .containsExactly("APPLIED");
        assertThat(jdbc.queryForObject("select count(*) from sim_supplier_action where file_name like 'ACTION_%'",
                Integer.class)).isZero();
    }

    @Test
    void anInvoiceToRecycleWaitsForItsSupplierAndIsRecycledWithRecyclerFactureFromAnActionFile() throws IOException {
        String number = send(A_RECYCLER);
        // over the API A_RECYCLER must not be read as a rejection (final): the invoice waits for its supplier
        await().atMost(LIFECYCLE).until(() -> "A_RECYCLER".equals(status(number)));
        assertThat(worklist()).filteredOn(i -> number.equals(i.get("number"))).singleElement()
                .satisfies(i -> assertThat((List<Object>) i.get("actions")).containsExactly("recycle"));

        env.drop("acme", number + ".action.json", """
                {"action": "recycle", "invoiceNumber": "%s", "recipientSiret": "%s", "serviceCode": "SERVICE-COMPTA",
                 "engagementNumber": "EJ-2026-0099"}
                """.formatted(number, NOMINAL).getBytes(StandardCharsets.UTF_8));

        await().atMost(LIFECYCLE).until(() -> "MISE_EN_PAIEMENT".equals(status(number)));
        await().atMost(LIFECYCLE).until(() -> relayed(number).contains("MISE_EN_PAIEMENT"));
        assertThat(relayed(number)).containsSubsequence("DEPOSEE", "A_RECYCLER", "MISE_A_DISPOSITION",
                "MISE_EN_PAIEMENT");
        assertThat(jdbc.queryForObject("select chorus_pro_file from supplier_action where invoice_number = ? "
                + "and outcome = 'TRANSMITTED'", String.class, number)).startsWith("API:factures/v1/recycler:");
        assertThat(jdbc.queryForObject("select buyer_siret from sim_invoice where number = ?", String.class, number))
                .isEqualTo(NOMINAL);
        Map<?, ?> invoice = (Map<?, ?>) http.getForObject("/api/invoices/{id}", Map.class, invoiceId(number))
                .get("invoice");
        assertThat(invoice.get("buyerSiret")).isEqualTo(NOMINAL);
        Path answer = env.returnsFolder("acme").resolve(number + ".action.json.ack.json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(answer));
        assertThat(Files.readString(answer)).contains("\"ACCEPTED\"", "API:factures/v1/recycler:");

        // the same action again: refused with its rule, and answered so
        env.drop("acme", number + "-again.action.json", """
                {"action": "recycle", "invoiceNumber": "%s", "recipientSiret": "%s"}
                """.formatted(number, A_RECYCLER).getBytes(StandardCharsets.UTF_8));
        Path refusal = env.returnsFolder("acme").resolve(number + "-again.action.json.rejected.json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(refusal));
        assertThat(Files.readString(refusal)).contains("\"REFUSED\"", "ACT-STATUS");
    }

    @Test
    void aRejectionLearntOverTheApiIsFinalAndNoActionApplies() {
        String number = send(REJET_ACHEMINEMENT);
        await().atMost(LIFECYCLE).until(() -> "REJETEE".equals(status(number)));
        await().atMost(LIFECYCLE).until(() -> relayed(number).contains("REJETEE"));
        ResponseEntity<Map> refused = post("/api/invoices/" + invoiceId(number) + "/recycle?tenant=acme",
                Map.of("recipientSiret", NOMINAL));
        assertThat(refused.getStatusCode().value()).isEqualTo(409);
    }

    @Test
    void statusesLearntOverTheApiReachACppStatutSupplierAsCppStatutFilesOfItsOwnUnits() throws Exception {
        String number = "D" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        env.drop("durand", number + ".xml", TestInvoices.withNumberAndBuyer("ubl-invoice-durand.xml", number,
                NOMINAL));
        await().atMost(LIFECYCLE).until(() -> cppStatutCodes(number).contains("11"));

        assertThat(cppStatutCodes(number)).containsExactlyInAnyOrder("01", "02", "03", "07", "08", "09", "10", "11");
        List<fr.facteur.returns.ReturnLine> lines = new ArrayList<>();
        for (String name : GatewayTestEnvironment.fileNames(env.returnsFolder("durand"))) {
            if (name.endsWith(".xml") && !name.startsWith(".")) {
                String xml = Files.readString(env.returnsFolder("durand").resolve(name));
                assertThat(xml).doesNotContain(ACME_SIRET).contains("<CPPStatut");
                lines.addAll(new fr.facteur.returns.CppStatutParser().parse(name,
                        env.returnsFolder("durand").resolve(name)).lines());
            }
        }
        // the integration report as a CPPFluxStatuts unit, the statuses as CPPFactureStatuts units of durand's
        assertThat(lines).anySatisfy(l -> {
            assertThat(l).isInstanceOf(fr.facteur.returns.ReturnLine.FlowStatus.class);
            assertThat(l.code()).isEqualTo("90");
        });
        assertThat(lines).filteredOn(l -> l instanceof fr.facteur.returns.ReturnLine.InvoiceStatus)
                .allSatisfy(l -> {
                    fr.facteur.returns.ReturnLine.InvoiceStatus status = (fr.facteur.returns.ReturnLine.InvoiceStatus) l;
                    assertThat(status.supplierId()).isEqualTo(DURAND_SIRET);
                    assertThat(status.debtorId()).isEqualTo(NOMINAL);
                    assertThat(status.occurredAt()).isNotNull();
                });
    }

    private List<String> cppStatutCodes(String number) {
        List<String> codes = new ArrayList<>();
        Path dir = env.returnsFolder("durand");
        for (String name : GatewayTestEnvironment.fileNames(dir)) {
            if (!name.endsWith(".xml") || name.startsWith(".")) {
                continue;
            }
            for (fr.facteur.returns.ReturnLine line : new fr.facteur.returns.CppStatutParser()
                    .parse(name, dir.resolve(name)).lines()) {
                if (line instanceof fr.facteur.returns.ReturnLine.InvoiceStatus s && number.equals(s.invoiceNumber())) {
                    codes.add(s.code());
                }
            }
        }
        return codes;
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private String send(String recipient) {
        String number = "P" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        env.drop("acme", number + ".xml", TestInvoices.withNumberAndBuyer("ubl-invoice-acme.xml", number, recipient));
        return number;
    }

    private ResponseEntity<Map> post(String url, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity(url, new HttpEntity<>(body, headers), Map.class);
    }

    private String status(String number) {
        List<?> items = (List<?>) http.getForObject("/api/invoices?number={n}", Map.class, number).get("items");
        return items.isEmpty() ? null : (String) ((Map<?, ?>) items.get(0)).get("status");
    }

    private long invoiceId(String number) {
        List<?> items = (List<?>) http.getForObject("/api/invoices?number={n}", Map.class, number).get("items");
        return ((Number) ((Map<?, ?>) items.get(0)).get("id")).longValue();
    }

    private List<Map<?, ?>> worklist() {
        return http.getForObject("/api/worklist?tenant=acme", List.class);
    }

    /** Statuses of this invoice in the JSON files relayed to the supplier, in the order they were written. */
    private List<String> relayed(String number) {
        List<String> statuses = new ArrayList<>();
        for (JsonNode event : relayedEvents(number)) {
            statuses.add(event.path("status").asText());
        }
        return statuses;
    }

    private String relayedComment(String number, String status) {
        return relayedEvents(number).stream().filter(e -> status.equals(e.path("status").asText()))
                .map(e -> e.path("comment").asText()).findFirst().orElse(null);
    }

    private List<JsonNode> relayedEvents(String number) {
        List<JsonNode> found = new ArrayList<>();
        Path dir = env.returnsFolder("acme");
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> files = Files.list(dir)) {
            // uploads in progress (.part-…) are not files yet
            List<Path> sorted = files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> f.getFileName().toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().matches(".*\\.(ack|rejected|duplicate)\\.json"))
                    .sorted((a, b) -> {
                        try {
                            return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).toList();
            for (Path file : sorted) {
                for (JsonNode event : json.readTree(file.toFile())) {
                    if (number.equals(event.path("invoiceNumber").asText())) {
                        found.add(event);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
