package fr.facteur.invoice;

import static fr.facteur.invoice.InvoiceFixtures.READER;
import static fr.facteur.invoice.InvoiceFixtures.SCHEMAS;
import static fr.facteur.invoice.InvoiceFixtures.acme;
import static fr.facteur.invoice.InvoiceFixtures.edited;
import static fr.facteur.invoice.InvoiceFixtures.file;
import static fr.facteur.invoice.InvoiceFixtures.text;
import static fr.facteur.invoice.InvoiceFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import fr.facteur.platform.SecureXml;

/** The EN 16931 business rules, as the CEN schematron states them, through the reader. */
class En16931RulesTest {

    @TempDir
    Path dir;

    @Test
    void validUblInvoiceCreditNoteAndCiiPass() {
        assertThat(READER.read(file(dir, "ubl-invoice.xml"), acme()).violations()).isEmpty();
        assertThat(READER.read(file(dir, "ubl-credit-note.xml"), acme()).violations()).isEmpty();
        assertThat(READER.read(file(dir, "cii-invoice.xml"), acme()).violations()).isEmpty();
    }

    @Test
    void linesThatDoNotAddUpToTheLineTotalFailBrCo10() {
        Understanding u = READER.read(edited(dir, "ubl-invoice.xml",
                "<cbc:LineExtensionAmount currencyID=\"EUR\">485.00</cbc:LineExtensionAmount>",
                "<cbc:LineExtensionAmount currencyID=\"EUR\">480.00</cbc:LineExtensionAmount>"), acme());

        assertThat(u.isAccepted()).isFalse();
        assertThat(u.facts().number()).isEqualTo("F2026-0001");
        assertThat(u.violations()).anySatisfy(v -> {
            assertThat(v.rule()).isEqualTo("BR-CO-10");
            assertThat(v.location()).isEqualTo("/Invoice[1]/cac:LegalMonetaryTotal[1]");
            assertThat(v.messageEn()).contains("BR-CO-10", "Sum of Invoice line net amount");
            assertThat(v.messageFr()).startsWith("Règle EN 16931 BR-CO-10 non respectée (/Invoice[1]/cac:LegalMonetaryTotal[1]) : ");
        });
    }

    @Test
    void aTotalWithVatThatIsNotTheSumFailsBrCo15() {
        Understanding u = READER.read(edited(dir, "ubl-invoice.xml",
                "<cbc:TaxInclusiveAmount currencyID=\"EUR\">582.00</cbc:TaxInclusiveAmount>",
                "<cbc:TaxInclusiveAmount currencyID=\"EUR\">590.00</cbc:TaxInclusiveAmount>"), acme());

        assertThat(u.violations()).extracting(RuleViolation::rule).contains("BR-CO-15");
    }

    @Test
    void aCiiInvoiceWithoutLinesFailsBr16() {
        String cii = text("cii-invoice.xml");
        cii = cii.substring(0, cii.indexOf("<ram:IncludedSupplyChainTradeLineItem>"))
                + cii.substring(cii.lastIndexOf("</ram:IncludedSupplyChainTradeLineItem>")
                        + "</ram:IncludedSupplyChainTradeLineItem>".length());

        Understanding u = READER.read(write(dir, "no-lines.xml", cii), acme());

        assertThat(u.violations()).anySatisfy(v -> {
            assertThat(v.rule()).isEqualTo("BR-16");
            assertThat(v.location()).startsWith("/rsm:CrossIndustryInvoice[1]");
        });
    }

    @Test
    void aCiiRuleOnCodesFails() {
        // ISO 4217 has no "EUX": BR-CL-04 on the invoice currency
        Understanding u = READER.read(edited(dir, "cii-invoice.xml", "<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>",
                "<ram:InvoiceCurrencyCode>EUX</ram:InvoiceCurrencyCode>"), acme());

        assertThat(u.violations()).anySatisfy(v -> {
            assertThat(v.rule()).isEqualTo("BR-CL-04");
            assertThat(v.location()).contains("ram:InvoiceCurrencyCode");
        });
    }

    @Test
    void aUblInvoiceWithoutLinesFailsBr16() {
        // UBL's XSD already requires a line, so the rule is shown on the DOM directly, past the XSD
        String ubl = text("ubl-invoice.xml");
        ubl = ubl.substring(0, ubl.indexOf("<cac:InvoiceLine>"))
                + ubl.substring(ubl.lastIndexOf("</cac:InvoiceLine>") + "</cac:InvoiceLine>".length());

        assertThat(InvoiceFixtures.EN16931.check(dom(ubl), Syntax.UBL_INVOICE)).extracting(RuleViolation::rule)
                .contains("BR-16");
    }

    @Test
    void warningsAreNotRejections() {
        // an issue time is allowed by UBL but not an EN 16931 term: the CEN rules warn (UBL-CR-006), nothing more
        String ubl = text("ubl-invoice.xml").replace("<cbc:IssueDate>2026-01-15</cbc:IssueDate>",
                "<cbc:IssueDate>2026-01-15</cbc:IssueDate>\n  <cbc:IssueTime>10:00:00</cbc:IssueTime>");

        assertThat(InvoiceFixtures.EN16931.report(dom(ubl), Syntax.UBL_INVOICE)).anySatisfy(failed -> {
            assertThat(failed.id()).isEqualTo("UBL-CR-006");
            assertThat(failed.flag()).isEqualTo("warning");
        });
        assertThat(READER.read(write(dir, "issue-time.xml", ubl), acme()).violations()).isEmpty();
    }

    @Test
    void anXsdInvalidInvoiceGetsNoBusinessRuleErrors() {
        Understanding u = READER.read(file(dir, "ubl-invoice-xsd-invalid.xml"), acme());

        assertThat(u.violations()).isNotEmpty().extracting(RuleViolation::rule).containsOnly("XSD");
    }

    @Test
    void en16931AndB2gFailuresAreReportedTogether() {
        String ubl = text("ubl-invoice.xml")
                .replace("<cbc:ID>F2026-0001</cbc:ID>", "<cbc:ID>F2026-0001-TOO-LONG-NUMBER</cbc:ID>")
                .replace("<cbc:TaxInclusiveAmount currencyID=\"EUR\">582.00</cbc:TaxInclusiveAmount>",
                        "<cbc:TaxInclusiveAmount currencyID=\"EUR\">590.00</cbc:TaxInclusiveAmount>");

        Understanding u = READER.read(write(dir, "both.xml", ubl), acme());

        assertThat(u.violations()).extracting(RuleViolation::rule).contains("BR-CO-15", "B2G-NUMBER-LENGTH");
    }

    @Test
    void eachStylesheetIsCompiledOnceAndShared() {
        En16931Schematron fresh = new En16931Schematron();
        InvoiceReader reader = new InvoiceReader(InvoiceProperties.defaults(), SCHEMAS, fresh);
        assertThat(fresh.compilations()).isZero();

        assertThat(reader.read(file(dir, "ubl-invoice.xml"), acme()).isAccepted()).isTrue();
        assertThat(reader.read(edited(dir, "ubl-invoice.xml", "F2026-0001", "F2026-0099"), acme()).isAccepted())
                .isTrue();
        assertThat(reader.read(file(dir, "ubl-credit-note.xml"), acme()).isAccepted()).isTrue();
        assertThat(fresh.compilations()).isEqualTo(1);

        assertThat(reader.read(file(dir, "cii-invoice.xml"), acme()).isAccepted()).isTrue();
        assertThat(fresh.compilations()).isEqualTo(2);
    }

    @Test
    void schematronLocationsAreShownWithTheUsualPrefixes() {
        assertThat(En16931Schematron.readableLocation(
                "/*:Invoice[namespace-uri()='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'][1]"
                        + "/*:LegalMonetaryTotal[namespace-uri()="
                        + "'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2'][1]"))
                .isEqualTo("/Invoice[1]/cac:LegalMonetaryTotal[1]");
    }

    private static Document dom(String xml) {
        try {
            return SecureXml.documentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
