package fr.facteur.invoice;

import static fr.facteur.invoice.InvoiceFixtures.READER;
import static fr.facteur.invoice.InvoiceFixtures.SCHEMAS;
import static fr.facteur.invoice.InvoiceFixtures.EN16931;
import static fr.facteur.invoice.InvoiceFixtures.acme;
import static fr.facteur.invoice.InvoiceFixtures.durand;
import static fr.facteur.invoice.InvoiceFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import fr.facteur.testsupport.FacturXPdfs;

/**
 * Factur-X: PDFs built at test time with PDFBox, each breaking one check, read end to end by the reader.
 */
class FacturXTest {

    @TempDir
    Path dir;

    private Path pdf(FacturXPdfs builder) {
        return builder.writeTo(dir.resolve("invoice.pdf"));
    }

    private static List<String> rules(Understanding u) {
        return u.violations().stream().map(RuleViolation::rule).toList();
    }

    @Test
    void aPdfA3EmbeddingAValidCiiIsAcceptedAsFacturXForFso1117A() {
        Understanding u = READER.read(pdf(FacturXPdfs.embedding(text("cii-invoice.xml"))), acme());

        assertThat(u.violations()).isEmpty();
        assertThat(u.facts().syntax()).isEqualTo(Syntax.FACTURX);
        assertThat(u.facts().syntax().interfaceCode()).isEqualTo("FSO1117A");
        assertThat(u.facts().number()).isEqualTo("F2026-0002");
        assertThat(u.facts().sellerSiret()).isEqualTo(InvoiceFixtures.ACME_SIRET);
        assertThat(u.converted()).as("the PDF itself is deposited").isNull();
    }

    @Test
    void aFacturXCreditNotePassesAndOneWithPaymentMeansFails() {
        Understanding credit = READER.read(pdf(FacturXPdfs.embedding(text("cii-credit-note.xml"))), acme());
        assertThat(credit.violations()).isEmpty();
        assertThat(credit.facts().typeCode()).isEqualTo("381");
        assertThat(credit.facts().syntax()).isEqualTo(Syntax.FACTURX);

        String withPayment = text("cii-credit-note.xml").replace("<ram:ApplicableTradeTax>\n        <ram:CalculatedAmount>",
                """
                <ram:SpecifiedTradeSettlementPaymentMeans>
                        <ram:TypeCode>30</ram:TypeCode>
                        <ram:PayeePartyCreditorFinancialAccount>
                          <ram:IBANID>FR7630006000011234567890189</ram:IBANID>
                        </ram:PayeePartyCreditorFinancialAccount>
                      </ram:SpecifiedTradeSettlementPaymentMeans>
                      <ram:ApplicableTradeTax>
                        <ram:CalculatedAmount>""");
        assertThat(withPayment).contains("SpecifiedTradeSettlementPaymentMeans");
        Understanding bad = READER.read(pdf(FacturXPdfs.embedding(withPayment)), acme());
        assertThat(rules(bad)).contains(InvoiceRules.B2G_CREDIT_NOTE_PAYMENT);
    }

    @Test
    void aPlainPdfIsNeitherPdfA3NorAStructuredInvoice() {
        Understanding u = READER.read(pdf(FacturXPdfs.plain()), acme());

        assertThat(rules(u)).containsExactly(InvoiceRules.FACTURX_PDFA, InvoiceRules.FACTURX_NO_XML);
        assertThat(u.violations().get(0).location()).isEqualTo("invoice.pdf");
        assertThat(u.violations().get(0).messageFr()).contains("PDF/A-3", "aucune déclaration");
        assertThat(u.violations().get(1).messageEn()).contains("embeds no factur-x.xml");
    }

    @Test
    void aPdfA1WithTheXmlIsRefusedAsNotPdfA3() {
        Understanding u = READER.read(pdf(FacturXPdfs.embedding(text("cii-invoice.xml")).pdfaPart(1)), acme());

        assertThat(rules(u)).containsExactly(InvoiceRules.FACTURX_PDFA);
        assertThat(u.violations().get(0).messageEn()).contains("found: PDF/A-1");
    }

    @Test
    void anAttachmentWithoutAfRelationshipIsRefused() {
        Understanding u = READER.read(pdf(FacturXPdfs.embedding(text("cii-invoice.xml")).afRelationship(null)),
                acme());

        assertThat(rules(u)).containsExactly(InvoiceRules.FACTURX_AF_RELATIONSHIP);
    }

    @Test
    void aFileNamedPdfThatIsNotAPdfIsUnreadable() throws Exception {
        Path fake = Files.writeString(dir.resolve("facture.pdf"), "Bonjour, voici ma facture.");
        Path truncated = Files.write(dir.resolve("truncated"), "%PDF-1.7\n%garbage".getBytes(StandardCharsets.US_ASCII));

        assertThat(rules(READER.read(fake, acme()))).containsExactly(InvoiceRules.PDF_UNREADABLE);
        assertThat(rules(READER.read(truncated, acme()))).containsExactly(InvoiceRules.PDF_UNREADABLE);
    }

    @Test
    void anEmbeddedUblIsNotFacturX() {
        Understanding u = READER.read(pdf(FacturXPdfs.embedding(text("ubl-invoice.xml"))), acme());

        assertThat(rules(u)).containsExactly(InvoiceRules.FACTURX_NOT_CII);
        assertThat(u.violations().get(0).location()).startsWith("factur-x.xml ");
    }

    @Test
    void theEmbeddedXmlGoesThroughTheCiiRulesToo() {
        String noIban = text("cii-invoice.xml").replace("<ram:IBANID>FR7630006000011234567890189</ram:IBANID>", "");
        Understanding u = READER.read(pdf(FacturXPdfs.embedding(noIban)), acme());

        assertThat(rules(u)).contains(InvoiceRules.B2G_IBAN);
        assertThat(u.facts().syntax()).isEqualTo(Syntax.FACTURX);
    }

    @Test
    void anEmbeddedXmlOverTheLimitIsRefusedWithoutReadingItWhole() {
        InvoiceReader small = new InvoiceReader(new InvoiceProperties(DataSize.ofKilobytes(64)), SCHEMAS, EN16931);
        String huge = text("cii-invoice.xml").replace("<rsm:ExchangedDocumentContext>",
                "<!--" + " ".repeat(512 * 1024) + "--><rsm:ExchangedDocumentContext>");
        Path file = pdf(FacturXPdfs.embedding(huge).compressed());
        assertThat(file.toFile().length()).isLessThan(64 * 1024);

        assertThat(rules(small.read(file, acme()))).containsExactly(InvoiceRules.FACTURX_XML_TOO_LARGE);
    }

    @Test
    void theProfileMustBeCompleteAndMatchTheXmp() {
        Understanding mismatch = READER.read(pdf(FacturXPdfs.embedding(text("cii-invoice.xml"))
                .conformanceLevel("BASIC")), acme());
        assertThat(rules(mismatch)).containsExactly(InvoiceRules.FACTURX_PROFILE);
        assertThat(mismatch.violations().get(0).location()).isEqualTo(FacturXProfile.GUIDELINE_XPATH);

        Understanding minimum = READER.read(pdf(FacturXPdfs.embedding(text("cii-invoice.xml")
                .replace("urn:cen.eu:en16931:2017", "urn:factur-x.eu:1p0:minimum")).conformanceLevel("MINIMUM")),
                acme());
        assertThat(rules(minimum)).contains(InvoiceRules.FACTURX_PROFILE);
        assertThat(minimum.violations().get(0).messageEn()).contains("MINIMUM", "no lines");
    }

    @Test
    void aTenantThatDidNotOpenFacturXGetsFormatNotAccepted() {
        Understanding u = READER.read(pdf(FacturXPdfs.embedding(text("cii-invoice.xml"))),
                InvoiceFixtures.tenant("acme", InvoiceFixtures.ACME_SIRET, java.util.Set.of("UBL")));

        assertThat(rules(u)).containsExactly(InvoiceRules.FORMAT_NOT_ACCEPTED);
        assertThat(durand().formats()).doesNotContain("FACTURX");
    }
}
