package fr.facteur.returns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both kinds of CPPStatut return file, and what is not one. */
class CppStatutParserTest {

    final CppStatutParser parser = new CppStatutParser();

    @TempDir
    Path dir;

    @Test
    void anIntegrationReportGivesTheFlowItsDepositNumberStatusAndErrorLines() {
        CppStatutParser.Parsed parsed = parser.parse("report.xml", resource("flow-report-partial.xml"));

        assertThat(parsed.kind()).isEqualTo(CppStatutParser.FLOW_STATUS);
        assertThat(parsed.lines()).singleElement().isInstanceOfSatisfying(ReturnLine.FlowStatus.class, line -> {
            assertThat(line.lineNo()).isEqualTo(1);
            assertThat(line.code()).isEqualTo("96");
            assertThat(line.numeroFluxDepot()).isEqualTo("CPP0011100000000000001557");
            assertThat(line.flowName()).isEqualTo("FSO1100A_AAA999_000000000001");
            assertThat(line.producer()).isEqualTo("CPP00001");
            assertThat(line.comment()).isEqualTo("Intégration partielle du flux");
            assertThat(line.occurredAt()).isEqualTo(OffsetDateTime.parse("2026-11-28T16:42:05.250+01:00"));
            assertThat(line.errors()).containsExactly(
                    new ReturnLine.ErrorLine("1", "METIER", "REG_FOU_12", "Le SIRET du fournisseur est inconnu",
                            "AccountingSupplierParty.Party.PartyIdentification.ID"),
                    new ReturnLine.ErrorLine("2", "METIER", "REG_DEST_03", "Le code service est obligatoire",
                            "BuyerReference"));
        });
    }

    @Test
    void aLifecycleFileGivesOneLinePerUnitWithSupplierDebtorAndInvoiceNumber() {
        CppStatutParser.Parsed parsed = parser.parse("mixed.xml", resource("mixed-invoice-statuses.xml"));

        assertThat(parsed.kind()).isEqualTo(CppStatutParser.INVOICE_STATUS);
        assertThat(parsed.lines()).hasSize(5).allMatch(l -> l instanceof ReturnLine.InvoiceStatus);
        assertThat(parsed.lines()).extracting(ReturnLine::lineNo).containsExactly(1, 2, 3, 4, 5);
        ReturnLine.InvoiceStatus first = (ReturnLine.InvoiceStatus) parsed.lines().get(0);
        assertThat(first.supplierType()).isEqualTo("1");
        assertThat(first.supplierId()).isEqualTo("73282932000074");
        assertThat(first.debtorId()).isEqualTo("11000201100044");
        assertThat(first.invoiceNumber()).isEqualTo("F-2026-0042");
        assertThat(first.code()).isEqualTo("11");
        assertThat(first.invoiceDate()).isEqualTo("2026-11-02");
        // no offset: Chorus Pro's local time, Paris (UTC+1 in November)
        assertThat(first.occurredAt()).isEqualTo(OffsetDateTime.parse("2026-11-29T10:15:00+01:00"));
        ReturnLine.InvoiceStatus last = (ReturnLine.InvoiceStatus) parsed.lines().get(4);
        assertThat(last.comment()).isEqualTo("Pièce justificative manquante");
        assertThat(last.occurredAt()).isEqualTo(OffsetDateTime.parse("2026-11-29T10:19:00+01:00"));
    }

    @Test
    void anUnreadableHorodatageStillGivesALine() throws IOException {
        Path file = write("bad-time.xml", CppStatutSamples.invoiceStatuses(
                CppStatutSamples.InvoiceUnit.of("73282932000074", "F-1", "01", "hier")));

        ReturnLine line = parser.parse("bad-time.xml", file).lines().get(0);

        assertThat(line.timestamp()).isEqualTo("hier");
        assertThat(line.occurredAt()).isNull();
    }

    @Test
    void aFileThatIsNotXmlIsUnreadable() throws IOException {
        Path file = write("notes.txt", "IdStatut;IdFacture\n11;F-1\n");

        assertThatThrownBy(() -> parser.parse("notes.txt", file))
                .isInstanceOf(UnreadableReturnFileException.class)
                .hasMessageContaining("notes.txt is not a readable XML document");
    }

    @Test
    void anotherXmlDocumentIsUnreadable() throws IOException {
        Path file = write("invoice.xml", "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>");

        assertThatThrownBy(() -> parser.parse("invoice.xml", file))
                .isInstanceOf(UnreadableReturnFileException.class)
                .hasMessage("invoice.xml is not a CPPStatut return file: its root element is <Invoice>");
    }

    @Test
    void aCppStatutWithoutStatusSectionIsUnreadable() throws IOException {
        Path file = write("empty.xml", "<CPPStatut Version=\"V1_19\"><Enveloppe/></CPPStatut>");

        assertThatThrownBy(() -> parser.parse("empty.xml", file))
                .isInstanceOf(UnreadableReturnFileException.class)
                .hasMessageContaining("without CPPFluxStatuts or CPPFactureStatuts");
    }

    @Test
    void aDoctypeIsRefusedSoNoEntityIsEverResolved() throws IOException {
        Path secret = write("secret.txt", "73282932000074");
        Path file = write("xxe.xml", """
                <?xml version="1.0"?>
                <!DOCTYPE CPPStatut [<!ENTITY s SYSTEM "%s">]>
                <CPPStatut><CPPFactureStatuts compteur="1"><CPPFactureStatutUnitaire NumOrdre="1">
                <DonneesStatut><IdStatut>01</IdStatut><IdFacture>&s;</IdFacture></DonneesStatut>
                </CPPFactureStatutUnitaire></CPPFactureStatuts></CPPStatut>""".formatted(secret.toUri()));

        assertThatThrownBy(() -> parser.parse("xxe.xml", file))
                .isInstanceOf(UnreadableReturnFileException.class)
                .hasMessageContaining("DOCTYPE");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    static Path resource(String name) {
        try {
            return Path.of(CppStatutParserTest.class.getResource("/returns/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
