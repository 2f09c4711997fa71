package fr.facteur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
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

import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

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
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import fr.facteur.platform.SecureXml;
import fr.facteur.testsupport.GatewayTestEnvironment;
import fr.facteur.testsupport.TestInvoices;

/**
 * Every lifecycle path of the simulator, end to end through real servers (SFTP, Artemis, PostgreSQL, the simulator's
 * drop box): rejections 04 and 05 with their reasons relayed, Suspendue completed through the API, A recycler
 * recycled through an action file, a status pushed by hand, the stale flag and final statuses that stay final, and
 * a tenant that cannot act on another's invoice. One gateway for the class; the recipient SIRET picks the scenario
 * (the simulator's demo structures).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@SuppressWarnings({"unchecked", "rawtypes"})
class LifecycleEndToEndIT {

    static final String ACME_SIRET = "73282932000074";
    static final String DURAND_SIRET = "44306184100047";
    static final String NOMINAL = "11000201100044";
    static final String REJET_ACHEMINEMENT = "19999991900012";
    static final String REJET_AUTRE = "19999992900011";
    static final String SUSPENDUE = "19999993900010";
    static final String SANS_MISE_EN_PAIEMENT = "19999994900019";
    static final String A_RECYCLER = "19999995900018";
    static final Duration LIFECYCLE = Duration.ofSeconds(60);

    static final GatewayTestEnvironment env = GatewayTestEnvironment.start("lifecycle");

    static {
        env.addSupplier("acme", ACME_SIRET, "cppstatut", List.of());
        env.addSupplier("durand", DURAND_SIRET, "json", List.of());
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        env.register(registry);
        // short enough to see an invoice go stale within a test, long beside the 50 ms step delay
        registry.add("facteur.lifecycle.stale-after", () -> "4s");
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

    @Test
    void rejectionsForRoutingDataAndForAnotherReasonReachTheSupplierWithTheirReasons() {
        String routing = send("acme", REJET_ACHEMINEMENT);
        String other = send("acme", REJET_AUTRE);

        await().atMost(LIFECYCLE).until(() -> "REJETEE".equals(status(routing)) && "REJETEE".equals(status(other)));
        await().atMost(LIFECYCLE).until(() -> relayedCodes(routing).contains("04") && relayedCodes(other).contains("05"));
        assertThat(relayedCodes(routing)).containsExactly("01", "02", "03", "04");
        assertThat(relayedCodes(other)).containsExactly("01", "02", "03", "05");
        assertThat(relayedComment(routing, "04")).contains("service exécutant");
        assertThat(relayedComment(other, "05")).contains("prestation non reconnue");
        assertThat(historyDetails(routing)).anyMatch(d -> d != null && d.contains("service exécutant"));

        List<Map<?, ?>> worklist = worklist("acme");
        assertThat(worklist).filteredOn(i -> routing.equals(i.get("number"))).singleElement()
                .satisfies(i -> {
                    assertThat(i.get("reason")).isEqualTo("REJETEE");
                    assertThat((String) i.get("comment")).contains("service exécutant");
                });
    }

    @Test
    void aSuspendedInvoiceCompletedThroughTheApiGoesOnToMiseEnPaiement() {
        String number = send("acme", SUSPENDUE);
        await().atMost(LIFECYCLE).until(() -> "SUSPENDUE".equals(status(number)));
        long id = invoiceId("acme", number);
        assertThat(worklist("acme")).filteredOn(i -> number.equals(i.get("number"))).singleElement()
                .satisfies(i -> {
                    assertThat(i.get("reason")).isEqualTo("SUSPENDUE");
                    assertThat((List<Object>) i.get("actions")).containsExactly("complete");
                    assertThat((String) i.get("comment")).contains("pièce justificative");
                });

        // another tenant may not act on it, a recycling does not apply to it, and a bad attachment is refused
        ResponseEntity<Map> foreign = post("/api/invoices/" + id + "/complete?tenant=durand",
                Map.of("comment", "not mine"));
        assertThat(foreign.getStatusCode().value()).isEqualTo(403);
        assertThat(foreign.getHeaders().getContentType().toString()).contains("application/problem+json");
        assertThat(foreign.getBody().get("title")).isEqualTo("Not your invoice");
        ResponseEntity<Map> wrongAction = post("/api/invoices/" + id + "/recycle?tenant=acme",
                Map.of("recipientSiret", NOMINAL));
        assertThat(wrongAction.getStatusCode().value()).isEqualTo(409);
        ResponseEntity<Map> badAttachment = post("/api/invoices/" + id + "/complete?tenant=acme", Map.of(
                "attachments", List.of(Map.of("name", "virus.exe", "contentBase64", "AAAA"))));
        assertThat(badAttachment.getStatusCode().value()).isEqualTo(400);
        assertThat((String) badAttachment.getBody().get("detail")).contains("virus.exe");

        String pdf = Base64.getEncoder().encodeToString("%PDF-1.4 bon de livraison signé".getBytes(StandardCharsets.UTF_8));
        ResponseEntity<Map> accepted = post("/api/invoices/" + id + "/complete?tenant=acme", Map.of(
                "comment", "Bon de livraison signé joint",
                "attachments", List.of(Map.of("name", "bon-de-livraison.pdf", "contentBase64", pdf))));
        assertThat(accepted.getStatusCode().value()).isEqualTo(202);
        ResponseEntity<Map> twice = post("/api/invoices/" + id + "/complete?tenant=acme",
                Map.of("comment", "again"));
        assertThat(twice.getStatusCode().value()).isIn(409);

        await().atMost(LIFECYCLE).until(() -> "MISE_EN_PAIEMENT".equals(status(number)));
        await().atMost(LIFECYCLE).until(() -> relayedCodes(number).contains("11"));
        assertThat(relayedCodes(number)).containsExactly("01", "02", "03", "06", "07", "08", "09", "10", "11", "12");
        assertThat(relayedComment(number, "12")).contains("Bon de livraison signé joint");
        assertThat(jdbc.queryForList("select outcome from supplier_action where invoice_id = ? order by id",
                String.class, id)).containsExactly("REJECTED", "REJECTED", "TRANSMITTED", "REJECTED");
        assertThat(jdbc.queryForObject("select count(*) from supplier_action_attachment a join supplier_action s "
                + "on s.id = a.action_id where s.invoice_id = ?", Integer.class, id)).isEqualTo(1);
        assertThat(worklist("acme")).noneMatch(i -> number.equals(i.get("number")));
    }

    @Test
    void anInvoiceToRecycleIsRecycledByAnActionFileAndGoesOnWithTheSameNumber() throws IOException {
        String number = send("acme", A_RECYCLER);
        await().atMost(LIFECYCLE).until(() -> "A_RECYCLER".equals(status(number)));
        assertThat(worklist("acme")).filteredOn(i -> number.equals(i.get("number"))).singleElement()
                .satisfies(i -> assertThat((List<Object>) i.get("actions")).containsExactly("recycle"));

        // an action file about an invoice the tenant does not have is refused and kept in error/
        env.drop("acme", "nope.action.json", """
                {"action": "recycle", "invoiceNumber": "NO-SUCH-%s", "recipientSiret": "%s"}
                """.formatted(number, NOMINAL).getBytes(StandardCharsets.UTF_8));
        env.drop("acme", number + ".action.json", """
                {"action": "recycle", "invoiceNumber": "%s", "recipientSiret": "%s", "serviceCode": "SERVICE-COMPTA",
                 "engagementNumber": "EJ-2026-0099"}
                """.formatted(number, NOMINAL).getBytes(StandardCharsets.UTF_8));

        await().atMost(LIFECYCLE).until(() -> "MISE_EN_PAIEMENT".equals(status(number)));
        await().atMost(LIFECYCLE).until(() -> relayedCodes(number).contains("11"));
        assertThat(relayedCodes(number)).containsExactly("01", "02", "03", "07", "08", "09", "10", "11", "13");
        Map<?, ?> invoice = (Map<?, ?>) invoice(invoiceId("acme", number)).get("invoice");
        assertThat(invoice.get("buyerSiret")).isEqualTo(NOMINAL);
        assertThat(invoice.get("engagementNumber")).isEqualTo("EJ-2026-0099");
        await().atMost(Duration.ofSeconds(20)).until(() -> GatewayTestEnvironment.fileNames(env.inbox("acme").resolve("error")).stream()
                .anyMatch(n -> n.endsWith("nope.action.json")));
        assertThat(GatewayTestEnvironment.fileNames(env.inbox("acme").resolve("done"))).anyMatch(n -> n.endsWith(number + ".action.json"));
        assertThat(jdbc.queryForObject("select count(*) from supplier_action where source_name = 'nope.action.json' "
                + "and outcome = 'REJECTED'", Integer.class)).isEqualTo(1);

        // each action file is answered like an invoice: accepted, or refused with the rule that failed
        Path refusal = env.returnsFolder("acme").resolve("nope.action.json.rejected.json");
        Path acceptance = env.returnsFolder("acme").resolve(number + ".action.json.ack.json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(refusal) && Files.exists(acceptance));
        Map<?, ?> refused = new com.fasterxml.jackson.databind.ObjectMapper().readValue(refusal.toFile(), Map.class);
        assertThat(refused.get("outcome")).isEqualTo("REFUSED");
        assertThat((List<Map<?, ?>>) refused.get("problems")).singleElement().satisfies(p -> {
            assertThat(p.get("rule")).isEqualTo("ACT-INVOICE-UNKNOWN");
            assertThat((String) p.get("message")).contains("not found");
        });
        Map<?, ?> accepted = new com.fasterxml.jackson.databind.ObjectMapper().readValue(acceptance.toFile(), Map.class);
        assertThat(accepted.get("outcome")).isEqualTo("ACCEPTED");
        assertThat(accepted.get("action")).isEqualTo("recycle");
        assertThat(accepted.get("invoiceNumber")).isEqualTo(number);
        assertThat((String) accepted.get("chorusPro")).startsWith("ACTION_").endsWith(".action.json");
    }

    @Test
    void aStaleInvoiceIsFlaggedThenAManualMiseEnPaiementEndsItAndALaterStatusDoesNotReopenIt() {
        String number = send("durand", SANS_MISE_EN_PAIEMENT);
        await().atMost(LIFECYCLE).until(() -> "COMPTABILISEE".equals(status(number)));
        long id = invoiceId("durand", number);

        await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(invoice(id).get("stale")));
        assertThat(worklist("durand")).filteredOn(i -> number.equals(i.get("number"))).singleElement()
                .satisfies(i -> {
                    assertThat(i.get("reason")).isEqualTo("STALE");
                    assertThat(i.get("stale")).isEqualTo(true);
                });
        assertThat(worklist("acme")).noneMatch(i -> number.equals(i.get("number")));

        ResponseEntity<Map> pushed = post("/api/simulator/invoices/" + number + "/statuses",
                Map.of("status", "MISE_EN_PAIEMENT", "supplierSiret", DURAND_SIRET));
        assertThat(pushed.getStatusCode().value()).isEqualTo(202);
        await().atMost(LIFECYCLE).until(() -> "MISE_EN_PAIEMENT".equals(status(number)));
        assertThat(invoice(id).get("stale")).isEqualTo(false);

        // a non-final status after the final one: kept in the history, the status stays
        assertThat(post("/api/simulator/invoices/" + number + "/statuses", Map.of("status", "06", "comment",
                "poussé à la main")).getStatusCode().value()).isEqualTo(202);
        await().atMost(LIFECYCLE).until(() -> historyCodes(id).contains("06"));
        assertThat(status(number)).isEqualTo("MISE_EN_PAIEMENT");
        assertThat(historyCodes(id)).containsSubsequence("10", "11", "06");

        assertThat(post("/api/simulator/invoices/NO-SUCH/statuses", Map.of("status", "11")).getStatusCode().value())
                .isEqualTo(404);
        assertThat(post("/api/simulator/invoices/" + number + "/statuses", Map.of("status", "99")).getStatusCode()
                .value()).isEqualTo(400);
    }

    /**
     * A batch deposited as one Chorus Pro flow (zip): Chorus Pro integrates it partially (96, IN_INTEGRE_PARTIEL).
     * The gateway packages each invoice of a supplier's batch as its own flow, so this test plays the gateway's
     * deposit of a multi-invoice flow itself (its rows, its signed zip in the simulator's drop box); everything
     * after is real: the simulator's checks and report, the returns, the relay to durand's SFTP (json), and the
     * integrated invoices' lifecycle.
     */
    @Test
    void aPartiallyIntegratedBatchRelaysTheRejectedInvoiceWithItsReasonAndTheOthersGoOn() throws Exception {
        String ok1 = "B" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
        String ok2 = ok1 + "2";
        String refused = ok1 + "X";
        String unknownRecipient = "13000009900015"; // a valid SIRET the simulated directory does not know
        Map<String, String> buyers = new java.util.LinkedHashMap<>();
        buyers.put(ok1, NOMINAL);
        buyers.put(ok2, NOMINAL);
        buyers.put(refused, unknownRecipient);

        String flowRef = "BATCH" + ok1;
        String flowName = "FSO1100A_" + properties.operator().partnerCode() + "_" + flowRef;
        long documentId = jdbc.queryForObject("""
                insert into document (tenant_id, sha256, file_name, channel, size_bytes, archive_path, state, syntax)
                values ('durand', ?, ?, 'SFTP', 100, 'archive/x', 'ACCEPTED', 'UBL_INVOICE') returning id""",
                Long.class, String.format("%064d", Math.abs(ok1.hashCode())), flowRef + ".zip");
        long flowId = jdbc.queryForObject("""
                insert into flow (document_id, tenant_id, flow_ref, name, interface_code, archive_path, signature_path,
                    state, transmitted_at)
                values (?, 'durand', ?, ?, 'FSO1100A', 'archive/f', 'archive/s', 'TRANSMITTED', now()) returning id""",
                Long.class, documentId, flowRef, flowName);
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(zipped)) {
            for (Map.Entry<String, String> invoice : buyers.entrySet()) {
                jdbc.update("""
                        insert into invoice (tenant_id, document_id, flow_id, number, type_code, syntax, seller_siret,
                            buyer_siret, status)
                        values ('durand', ?, ?, ?, '380', 'UBL', ?, ?, 'TRANSMITTED')""", documentId, flowId,
                        invoice.getKey(), DURAND_SIRET, invoice.getValue());
                zip.putNextEntry(new java.util.zip.ZipEntry(invoice.getKey() + ".xml"));
                zip.write(TestInvoices.withNumberAndBuyer("ubl-invoice-durand.xml", invoice.getKey(),
                        invoice.getValue()));
                zip.closeEntry();
            }
        }
        Path work = Files.createTempDirectory(env.base(), "batch");
        Path flowFile = Files.write(work.resolve(flowName), zipped.toByteArray());
        Path dropBox = env.dataDir().resolve("demo-sftp/chorus-pro/depot");
        Files.write(dropBox.resolve(flowName + ".p7s"), signer.signDetached(flowFile));
        Files.move(flowFile, dropBox.resolve(flowName), java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        await().atMost(LIFECYCLE).until(() -> "REJETEE".equals(status(refused)));
        await().atMost(LIFECYCLE).until(() -> "MISE_EN_PAIEMENT".equals(status(ok1))
                && "MISE_EN_PAIEMENT".equals(status(ok2)));
        assertThat(jdbc.queryForObject("select state from flow where id = ?", String.class, flowId))
                .isEqualTo("PARTIAL");

        // durand (json) is told which invoice failed and why, and its integrated invoices' statuses follow
        await().atMost(LIFECYCLE).until(() -> jsonRelayed("durand", ok2).contains("MISE_EN_PAIEMENT"));
        List<Map<?, ?>> rejection = jsonEvents("durand").stream()
                .filter(e -> refused.equals(e.get("invoiceNumber")) && "REJETEE".equals(e.get("status"))).toList();
        assertThat(rejection).singleElement().satisfies(e -> {
            assertThat(e.get("code")).isEqualTo("96");
            assertThat((String) e.get("comment")).contains(refused).contains(unknownRecipient);
        });
        assertThat(jsonEvents("durand")).anySatisfy(e -> {
            assertThat(e.get("status")).isEqualTo("INTEGRATION_REPORT");
            assertThat(e.get("code")).isEqualTo("96");
        });
        assertThat(jsonRelayed("durand", ok1)).containsSubsequence("DEPOSEE", "MISE_A_DISPOSITION", "SERVICE_FAIT",
                "MISE_EN_PAIEMENT");
        assertThat(jsonRelayed("durand", refused)).containsExactly("REJETEE");
        assertThat(worklist("durand")).filteredOn(i -> refused.equals(i.get("number"))).singleElement()
                .satisfies(i -> assertThat(i.get("reason")).isEqualTo("REJETEE"));
        assertThat(relayedUnits(refused)).isEmpty(); // nothing of durand's reaches acme
    }

    @Autowired
    fr.facteur.platform.FacteurProperties properties;
    @Autowired
    fr.facteur.crypto.CmsSigner signer;

    /** Every event relayed to a json tenant, in file order. */
    private List<Map<?, ?>> jsonEvents(String tenant) {
        List<Map<?, ?>> events = new ArrayList<>();
        Path dir = env.returnsFolder(tenant);
        for (String name : GatewayTestEnvironment.fileNames(dir)) {
            if (!name.endsWith(".json") || name.startsWith(".")
                    || name.matches(".*\\.(ack|rejected|duplicate)\\.json")) {
                continue;
            }
            try {
                events.addAll(new com.fasterxml.jackson.databind.ObjectMapper().readValue(dir.resolve(name).toFile(),
                        List.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return events;
    }

    private List<String> jsonRelayed(String tenant, String number) {
        return jsonEvents(tenant).stream().filter(e -> number.equals(e.get("invoiceNumber")))
                .map(e -> (String) e.get("status")).toList();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private String send(String tenant, String recipient) {
        String number = "L" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        String sample = "acme".equals(tenant) ? "ubl-invoice-acme.xml" : "ubl-invoice-durand.xml";
        env.drop(tenant, number + ".xml", TestInvoices.withNumberAndBuyer(sample, number, recipient));
        Path ack = env.returnsFolder(tenant).resolve(number + ".xml.ack.json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(ack));
        return number;
    }

    private ResponseEntity<Map> post(String url, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity(url, new HttpEntity<>(body, headers), Map.class);
    }

    private String status(String number) {
        Map<?, ?> page = http.getForObject("/api/invoices?number={n}", Map.class, number);
        List<?> items = (List<?>) page.get("items");
        return items.isEmpty() ? null : (String) ((Map<?, ?>) items.get(0)).get("status");
    }

    private long invoiceId(String tenant, String number) {
        Map<?, ?> page = http.getForObject("/api/invoices?tenant={t}&number={n}", Map.class, tenant, number);
        return ((Number) ((Map<?, ?>) ((List<?>) page.get("items")).get(0)).get("id")).longValue();
    }

    private Map<?, ?> invoice(long id) {
        return http.getForObject("/api/invoices/{id}", Map.class, id);
    }

    private List<String> historyCodes(long id) {
        return ((List<?>) invoice(id).get("history")).stream().map(h -> (String) ((Map<?, ?>) h).get("code")).toList();
    }

    private List<String> historyDetails(String number) {
        Map<?, ?> page = http.getForObject("/api/invoices?number={n}", Map.class, number);
        long id = ((Number) ((Map<?, ?>) ((List<?>) page.get("items")).get(0)).get("id")).longValue();
        return ((List<?>) invoice(id).get("history")).stream().map(h -> (String) ((Map<?, ?>) h).get("detail"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private List<Map<?, ?>> worklist(String tenant) {
        return http.getForObject("/api/worklist?tenant={t}", List.class, tenant);
    }

    /** IdStatut of every unit about this invoice in the CPPStatut files relayed to acme, sorted. */
    private List<String> relayedCodes(String number) {
        return relayedUnits(number).stream().map(u -> text(u, "IdStatut")).sorted().toList();
    }

    private String relayedComment(String number, String code) {
        return relayedUnits(number).stream().filter(u -> code.equals(text(u, "IdStatut"))).map(u -> text(u,
                "Commentaire")).findFirst().orElse(null);
    }

    private List<Element> relayedUnits(String number) {
        List<Element> found = new ArrayList<>();
        for (String tenant : List.of("acme", "durand")) {
            Path dir = env.returnsFolder(tenant);
            for (String name : GatewayTestEnvironment.fileNames(dir)) {
                if (!name.endsWith(".xml") || name.startsWith(".")) {
                    continue;
                }
                for (Element unit : units(dir.resolve(name))) {
                    if (number.equals(text(unit, "IdFacture"))) {
                        found.add(unit);
                    }
                }
            }
        }
        return found;
    }

    private static List<Element> units(Path file) {
        try {
            Document doc = SecureXml.documentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(file)));
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(
                    "//*[local-name()='CPPFactureStatutUnitaire']", doc, XPathConstants.NODESET);
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

}
