package fr.facteur.returns;

import static fr.facteur.returns.CppStatutSamples.InvoiceUnit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.facteur.observability.GatewayMetrics;
import fr.facteur.relay.RelayMessage;
import fr.facteur.tracking.ReturnFileRepository;
import fr.facteur.tracking.StatusEventRepository;

/**
 * Return files through the processor, on a real PostgreSQL with the real migrations: correlation, idempotence,
 * unmatched lines, effects on flows and invoices, and what is handed to the relay.
 */
class ReturnFileProcessorTest {

    static final String ACME = "73282932000074";
    static final String DURAND = "44306184100047";

    static TrackingFixtures db;
    @TempDir
    static Path dataDir;
    @TempDir
    Path incoming;

    final ObjectMapper json = new ObjectMapper();
    CapturingRelayPublisher relay;
    ReturnFileProcessor processor;

    @BeforeAll
    static void database() {
        db = TrackingFixtures.newDatabase("returns");
    }

    @BeforeEach
    void processor() {
        db.clear();
        relay = new CapturingRelayPublisher();
        processor = new ReturnFileProcessor(TrackingFixtures.archive(dataDir), new CppStatutParser(),
                new ReturnFileRepository(db.jdbc), new StatusEventRepository(db.jdbc), relay, db.transactions(), json,
                new GatewayMetrics(new SimpleMeterRegistry()));
    }

    @Test
    void aFileMixingTwoSuppliersIsSplitPerTenantAndEachLineGoesToItsOwnInvoice() {
        var acme42 = db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "F-2026-0042");
        var acme43 = db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "F-2026-0043");
        var durand778 = db.transmittedInvoice("durand", DURAND, CppStatutSamples.DEBTOR, "D-778");
        var durand779 = db.transmittedInvoice("durand", DURAND, CppStatutSamples.DEBTOR, "D-779");

        ReturnFileProcessor.Outcome outcome = processor.process("FEN1201A_CPP001_000000000777.xml",
                CppStatutParserTest.resource("mixed-invoice-statuses.xml"));

        assertThat(outcome.kind()).isEqualTo("INVOICE_STATUS");
        assertThat(outcome.lines()).isEqualTo(5);
        assertThat(outcome.unmatched()).isEqualTo(1);
        assertThat(events("acme")).containsExactly(
                List.of(acme42.invoiceId(), "11", "MISE_EN_PAIEMENT", 1),
                List.of(acme43.invoiceId(), "03", "MISE_A_DISPOSITION", 4));
        assertThat(events("durand")).containsExactly(
                List.of(durand778.invoiceId(), "11", "MISE_EN_PAIEMENT", 2),
                List.of(durand779.invoiceId(), "06", "SUSPENDUE", 5));
        assertThat(db.invoiceStatus(acme42.invoiceId())).isEqualTo("MISE_EN_PAIEMENT");
        assertThat(db.invoiceStatus(durand779.invoiceId())).isEqualTo("SUSPENDUE");

        // one relay message per tenant, each with only that tenant's events
        assertThat(relay.published).extracting(RelayMessage::tenantId).containsExactlyInAnyOrder("acme", "durand");
        for (RelayMessage message : relay.published) {
            assertThat(message.kind()).isEqualTo(RelayMessage.Kind.RETURN);
            assertThat(message.returnFileId()).isEqualTo(outcome.returnFileId());
            assertThat(message.key()).isEqualTo("return:" + outcome.returnFileId() + ":" + message.tenantId());
            assertThat(message.eventIds()).containsExactlyElementsOf(eventIds(message.tenantId()));
        }
    }

    @Test
    void aLineThatMatchesNoInvoiceIsKeptWithItsReason() {
        db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "F-2026-0042");

        ReturnFileProcessor.Outcome outcome = processor.process("mixed.xml",
                CppStatutParserTest.resource("mixed-invoice-statuses.xml"));

        assertThat(outcome.unmatched()).isEqualTo(4);
        assertThat(db.jdbc.queryForList("""
                select line_no, supplier_id, invoice_number, code, reason from unmatched_return_line
                where return_file_id = ? order by line_no""", outcome.returnFileId()))
                .extracting(r -> r.get("line_no"), r -> r.get("invoice_number"), r -> r.get("reason"))
                .contains(org.assertj.core.groups.Tuple.tuple(3, "F-2026-9999",
                        "no invoice F-2026-9999 of supplier 73282932000074"));
        assertThat(db.jdbc.queryForObject("select unmatched from return_file where id = ?", Integer.class,
                outcome.returnFileId())).isEqualTo(4);
    }

    @Test
    void theSameFileTwiceIsRecordedOnceAndItsEventsAreHandedToTheRelayAgain() {
        db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "F-2026-0042");
        db.transmittedInvoice("durand", DURAND, CppStatutSamples.DEBTOR, "D-778");
        Path file = CppStatutParserTest.resource("mixed-invoice-statuses.xml");

        ReturnFileProcessor.Outcome first = processor.process("mixed.xml", file);
        ReturnFileProcessor.Outcome second = processor.process("mixed-again.xml", file);

        assertThat(second.alreadyKnown()).isTrue();
        assertThat(second.returnFileId()).isEqualTo(first.returnFileId());
        assertThat(db.jdbc.queryForObject("select count(*) from return_file", Integer.class)).isEqualTo(1);
        assertThat(db.jdbc.queryForObject("select count(*) from status_event", Integer.class)).isEqualTo(2);
        assertThat(db.jdbc.queryForObject("select count(*) from unmatched_return_line", Integer.class)).isEqualTo(3);
        // a crash between commit and publish is healed by taking the file again: same keys, the relay dedupes
        assertThat(relay.published).hasSize(4);
        assertThat(relay.published.subList(2, 4)).containsExactlyInAnyOrderElementsOf(relay.published.subList(0, 2));
    }

    @Test
    void finalStatusesStayFinalAndLaterStatusesGoOnlyIntoTheHistory() throws IOException {
        var paid = db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "F-PAID");
        var rejected = db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "F-REJ");
        processor.process("first.xml", write("first.xml", CppStatutSamples.invoiceStatuses(
                InvoiceUnit.of(ACME, "F-PAID", "11", "2026-11-20T09:00:00"),
                InvoiceUnit.of(ACME, "F-REJ", "04", "2026-11-20T09:00:00"))));
        // later, non-final statuses (a manual push, a late file): recorded, but the invoices keep their final status
        processor.process("later.xml", write("later.xml", CppStatutSamples.invoiceStatuses(
                InvoiceUnit.of(ACME, "F-PAID", "06", "2026-11-21T09:00:00"),
                InvoiceUnit.of(ACME, "F-REJ", "03", "2026-11-21T09:00:00"),
                InvoiceUnit.of(ACME, "F-REJ", "11", "2026-11-22T09:00:00"))));

        assertThat(db.invoiceStatus(paid.invoiceId())).isEqualTo("MISE_EN_PAIEMENT");
        // the first final status wins: a Mise en paiement after a rejection does not undo it
        assertThat(db.invoiceStatus(rejected.invoiceId())).isEqualTo("REJETEE");
        assertThat(db.jdbc.queryForList("select code from status_event where invoice_id = ? order by occurred_at",
                String.class, paid.invoiceId())).containsExactly("11", "06");
    }

    @Test
    void aRecyclerIsRecordedAsAwaitingTheSupplierAndLeftWhenTheInvoiceGoesOn() throws IOException {
        var invoice = db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "F-REC");
        processor.process("a.xml", write("a.xml", CppStatutSamples.invoiceStatuses(
                InvoiceUnit.of(ACME, "F-REC", "01", "2026-11-20T09:00:00"),
                InvoiceUnit.of(ACME, "F-REC", "13", "2026-11-20T09:00:00"))));
        assertThat(db.invoiceStatus(invoice.invoiceId())).isEqualTo("A_RECYCLER");

        processor.process("b.xml", write("b.xml", CppStatutSamples.invoiceStatuses(
                InvoiceUnit.of(ACME, "F-REC", "02", "2026-11-21T09:00:00"))));
        assertThat(db.invoiceStatus(invoice.invoiceId())).isEqualTo("EN_COURS_ACHEMINEMENT");
    }

    @Test
    void theSameStatusInTwoFilesIsOneEventAndOnlyTheFirstFileRelaysIt() throws IOException {
        var invoice = db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "F-1");
        Path one = write("one.xml", CppStatutSamples.invoiceStatuses(
                InvoiceUnit.of(ACME, "F-1", "01", "2026-11-20T09:00:00")));
        Path two = write("two.xml", CppStatutSamples.invoiceStatuses(
                InvoiceUnit.of(ACME, "F-1", "01", "2026-11-20T09:00:00"),
                InvoiceUnit.of(ACME, "F-1", "02", "2026-11-20T09:05:00")));

        processor.process("one.xml", one);
        ReturnFileProcessor.Outcome second = processor.process("two.xml", two);

        assertThat(db.jdbc.queryForList("select code from status_event where invoice_id = ? order by occurred_at",
                String.class, invoice.invoiceId())).containsExactly("01", "02");
        assertThat(second.eventsByTenant().get("acme")).hasSize(1);
        assertThat(relay.published.get(1).eventIds()).containsExactlyElementsOf(second.eventsByTenant().get("acme"));
        assertThat(db.invoiceStatus(invoice.invoiceId())).isEqualTo("EN_COURS_ACHEMINEMENT");
    }

    @Test
    void anOlderStatusArrivingLateDoesNotMoveTheInvoiceBack() throws IOException {
        var invoice = db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "F-2");
        processor.process("late.xml", write("late.xml", CppStatutSamples.invoiceStatuses(
                InvoiceUnit.of(ACME, "F-2", "11", "2026-12-20T09:00:00"))));
        processor.process("early.xml", write("early.xml", CppStatutSamples.invoiceStatuses(
                InvoiceUnit.of(ACME, "F-2", "03", "2026-11-20T09:00:00"))));

        assertThat(db.invoiceStatus(invoice.invoiceId())).isEqualTo("MISE_EN_PAIEMENT");
        assertThat(db.jdbc.queryForObject("select status_at from invoice where id = ?", java.time.OffsetDateTime.class,
                invoice.invoiceId())).isEqualTo(java.time.OffsetDateTime.parse("2026-12-20T09:00:00+01:00"));
    }

    @Test
    void theMostRecentInvoiceWithThatNumberForThatDebtorGetsTheStatus() throws IOException {
        var older = db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "F-3");
        var resent = db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "F-3");
        var otherBuyer = db.transmittedInvoice("acme", ACME, "13000000000013", "F-3");

        processor.process("f3.xml", write("f3.xml", CppStatutSamples.invoiceStatuses(
                InvoiceUnit.of(ACME, "F-3", "01", "2026-11-20T09:00:00"))));

        assertThat(db.jdbc.queryForList("select invoice_id from status_event", Long.class))
                .containsExactly(resent.invoiceId());
        assertThat(db.invoiceStatus(older.invoiceId())).isEqualTo("TRANSMITTED");
        assertThat(db.invoiceStatus(otherBuyer.invoiceId())).isEqualTo("TRANSMITTED");
    }

    @Test
    void aLineWhoseDebtorIsNotTheInvoicesBuyerIsUnmatched() throws IOException {
        var invoice = db.transmittedInvoice("acme", ACME, "13000000000013", "F-4");

        ReturnFileProcessor.Outcome outcome = processor.process("f4.xml", write("f4.xml",
                CppStatutSamples.invoiceStatuses(InvoiceUnit.of(ACME, "F-4", "01", "2026-11-20T09:00:00"))));

        assertThat(outcome.unmatched()).isEqualTo(1);
        assertThat(db.jdbc.queryForObject("select reason from unmatched_return_line", String.class))
                .isEqualTo("invoice F-4 of supplier 73282932000074 was addressed to 13000000000013, not to the "
                        + "debtor 11000201100044 of the return line");
        assertThat(db.invoiceStatus(invoice.invoiceId())).isEqualTo("TRANSMITTED");
        assertThat(relay.published).isEmpty();
    }

    @Test
    void anIntegrationReportSettlesTheFlowAndGoesInItsInvoicesHistory() throws IOException {
        var invoice = db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "F-5");
        Path report = write("cr.xml", CppStatutSamples.flowStatuses(new CppStatutSamples.FlowUnit(invoice.flowName(),
                "96", "CPP0011100000000000001557", "2026-11-28T16:42:05+01:00",
                List.<String[]>of(new String[] {"METIER", "REG_DEST_03", "Code service obligatoire", "BuyerReference"}))));

        processor.process("cr.xml", report);

        Map<String, Object> flow = db.jdbc.queryForMap("select state, numero_flux_depot, report_at from flow where id = ?",
                invoice.flowId());
        assertThat(flow.get("state")).isEqualTo("PARTIAL");
        assertThat(flow.get("numero_flux_depot")).isEqualTo("CPP0011100000000000001557");
        Map<String, Object> event = db.jdbc.queryForMap("select * from status_event");
        assertThat(event.get("level")).isEqualTo("FLOW");
        assertThat(event.get("status")).isEqualTo("INTEGRATION_REPORT");
        assertThat(event.get("code")).isEqualTo("96");
        assertThat(event.get("tenant_id")).isEqualTo("acme");
        assertThat(event.get("flow_id")).isEqualTo(invoice.flowId());
        assertThat(event.get("invoice_id")).isEqualTo(invoice.invoiceId());
        assertThat(event.get("label")).isEqualTo("Reçu – intégration partielle");
        JsonNode detail = json.readTree((String) event.get("detail"));
        assertThat(detail.path("numeroFluxDepot").asText()).isEqualTo("CPP0011100000000000001557");
        assertThat(detail.path("errors").get(0).path("code").asText()).isEqualTo("REG_DEST_03");
        assertThat(detail.path("errors").get(0).path("description").asText()).isEqualTo("BuyerReference");
        assertThat(relay.published).singleElement().extracting(RelayMessage::tenantId).isEqualTo("acme");
    }

    @Test
    void aPartiallyIntegratedBatchRejectsTheInvoicesItsErrorLinesNameWithTheirReasonsAndLeavesTheOthers()
            throws IOException {
        var batch = db.transmittedBatch("acme", ACME, CppStatutSamples.DEBTOR, "B-1", "B-2", "B-3", "B-30");
        Path report = write("cr.xml", CppStatutSamples.flowStatuses(new CppStatutSamples.FlowUnit(
                batch.get(0).flowName(), "96", "CPP0011100000000000001600", "2026-11-28T16:42:05+01:00", List.of(
                        new String[] {"METIER", "DESTINATAIRE_INCONNU", "Facture B-3 : le destinataire n'est pas une "
                                + "structure publique", "AccountingCustomerParty"},
                        new String[] {"METIER", "CODE_SERVICE", "Facture B-3 : code service obligatoire",
                                "BuyerReference"}))));

        processor.process("cr.xml", report);

        assertThat(db.jdbc.queryForObject("select state from flow where id = ?", String.class, batch.get(0).flowId()))
                .isEqualTo("PARTIAL");
        // B-3 is rejected with both reasons; B-30 (whose number starts like it) and the others wait for their lifecycle
        assertThat(db.invoiceStatus(batch.get(2).invoiceId())).isEqualTo("REJETEE");
        assertThat(List.of(db.invoiceStatus(batch.get(0).invoiceId()), db.invoiceStatus(batch.get(1).invoiceId()),
                db.invoiceStatus(batch.get(3).invoiceId()))).containsOnly("TRANSMITTED");
        Map<String, Object> rejection = db.jdbc.queryForMap("select * from status_event where invoice_id = ?",
                batch.get(2).invoiceId());
        assertThat(rejection.get("level")).isEqualTo("INVOICE");
        assertThat(rejection.get("status")).isEqualTo("REJETEE");
        assertThat(rejection.get("code")).isEqualTo("96");
        assertThat(rejection.get("line_no")).isEqualTo(1);
        assertThat((String) rejection.get("detail")).contains("destinataire n'est pas une structure publique",
                "code service obligatoire");
        assertThat(events("acme")).hasSize(2); // the flow's report, and B-3's rejection
        assertThat(relay.published).singleElement().satisfies(m -> assertThat(m.eventIds()).hasSize(2));
    }

    @Test
    void overTheApiTheRejectedInvoiceOfABatchIsNamedByNumeroDp() {
        var batch = db.transmittedBatch("acme", ACME, CppStatutSamples.DEBTOR, "C-1", "C-2");
        processor.recordApiStatuses("ConsulterCR_X.json", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ReturnFileProcessor.API_FLOW_STATUS, List.of(new ReturnLine.FlowStatus(1, "96", "CPP0011100000000000001601",
                        "IN_INTEGRE_PARTIEL", "2026-11-28T16:42:05+01:00",
                        java.time.OffsetDateTime.parse("2026-11-28T16:42:05+01:00"), "CPP", batch.get(0).flowName(),
                        List.of(new ReturnLine.ErrorLine("1", "DP", "CODE_SERVICE", "code service obligatoire",
                                "C-2")))));
        assertThat(db.invoiceStatus(batch.get(1).invoiceId())).isEqualTo("REJETEE");
        assertThat(db.invoiceStatus(batch.get(0).invoiceId())).isEqualTo("TRANSMITTED");
    }

    @Test
    void aRejectedFlowRejectsTheInvoicesChorusProNeverKnew() throws IOException {
        var invoice = db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "F-6");

        processor.process("cr.xml", write("cr.xml", CppStatutSamples.flowStatuses(new CppStatutSamples.FlowUnit(
                invoice.flowName(), "93", "CPP0011100000000000001558", "2026-11-28T16:00:00+01:00", List.of()))));

        assertThat(db.jdbc.queryForObject("select state from flow where id = ?", String.class, invoice.flowId()))
                .isEqualTo("REJECTED");
        assertThat(db.invoiceStatus(invoice.invoiceId())).isEqualTo("REJETEE");
    }

    @Test
    void anOlderReportDoesNotOverwriteTheFlowsLaterState() throws IOException {
        var invoice = db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "F-7");
        processor.process("late.xml", write("late.xml", CppStatutSamples.flowStatuses(new CppStatutSamples.FlowUnit(
                invoice.flowName(), "90", "CPP0011100000000000001559", "2026-11-28T17:00:00+01:00", List.of()))));
        processor.process("early.xml", write("early.xml", CppStatutSamples.flowStatuses(new CppStatutSamples.FlowUnit(
                invoice.flowName(), "91", "CPP0011100000000000001559", "2026-11-28T16:00:00+01:00", List.of()))));

        assertThat(db.jdbc.queryForObject("select state from flow where id = ?", String.class, invoice.flowId()))
                .isEqualTo("INTEGRATED");
        assertThat(db.jdbc.queryForObject("select count(*) from status_event", Integer.class)).isEqualTo(2);
    }

    @Test
    void aReportOnAnUnknownFlowIsKeptAsUnmatched() throws IOException {
        ReturnFileProcessor.Outcome outcome = processor.process("cr.xml", write("cr.xml",
                CppStatutSamples.flowStatuses(new CppStatutSamples.FlowUnit("FSO1100A_AAA999_000000099999", "90",
                        "CPP0011100000000000001560", "2026-11-28T16:00:00+01:00", List.of()))));

        assertThat(outcome.unmatched()).isEqualTo(1);
        Map<String, Object> line = db.jdbc.queryForMap("select * from unmatched_return_line");
        assertThat(line.get("flow_name")).isEqualTo("FSO1100A_AAA999_000000099999");
        assertThat(line.get("code")).isEqualTo("90");
        assertThat(line.get("reason")).isEqualTo("no flow named FSO1100A_AAA999_000000099999");
        assertThat(relay.published).isEmpty();
    }

    @Test
    void anUndocumentedStatusCodeIsRecordedButDoesNotChangeTheInvoiceStatus() throws IOException {
        var invoice = db.transmittedInvoice("acme", ACME, CppStatutSamples.DEBTOR, "F-8");

        processor.process("f8.xml", write("f8.xml", CppStatutSamples.invoiceStatuses(
                InvoiceUnit.of(ACME, "F-8", "37", "2026-11-20T09:00:00"))));

        assertThat(db.jdbc.queryForMap("select status, label from status_event"))
                .containsEntry("status", "CPP_37")
                .containsEntry("label", "Statut Chorus Pro 37 (non documenté)");
        assertThat(db.invoiceStatus(invoice.invoiceId())).isEqualTo("TRANSMITTED");
    }

    @Test
    void aFileThatIsNotCppStatutIsKeptAsUnknownAndRefused() throws IOException {
        Path file = write("garbage.xml", "this is not XML");

        assertThatThrownBy(() -> processor.process("garbage.xml", file))
                .isInstanceOf(UnreadableReturnFileException.class)
                .hasMessageContaining("garbage.xml is not a readable XML document");
        Map<String, Object> kept = db.jdbc.queryForMap("select name, kind, archive_path from return_file");
        assertThat(kept).containsEntry("name", "garbage.xml").containsEntry("kind", "UNKNOWN");
        assertThat(dataDir.resolve((String) kept.get("archive_path"))).hasContent("this is not XML");

        // taken again (e.g. moved back by hand): refused again, not recorded twice
        assertThatThrownBy(() -> processor.process("garbage.xml", file))
                .isInstanceOf(UnreadableReturnFileException.class)
                .hasMessageContaining("is not a CPPStatut document");
        assertThat(db.jdbc.queryForObject("select count(*) from return_file", Integer.class)).isEqualTo(1);
    }

    private List<List<Object>> events(String tenant) {
        return db.jdbc.query("select invoice_id, code, status, line_no from status_event where tenant_id = ? order by id",
                (rs, i) -> List.<Object>of(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4)), tenant);
    }

    private List<Long> eventIds(String tenant) {
        return db.jdbc.queryForList("select id from status_event where tenant_id = ? order by id", Long.class, tenant);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(incoming.resolve(name), content);
    }
}
