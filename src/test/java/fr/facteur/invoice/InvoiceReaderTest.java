package fr.facteur.invoice;

import static fr.facteur.invoice.InvoiceFixtures.ACME_SIRET;
import static fr.facteur.invoice.InvoiceFixtures.BUYER_SIRET;
import static fr.facteur.invoice.InvoiceFixtures.DURAND_SIRET;
import static fr.facteur.invoice.InvoiceFixtures.READER;
import static fr.facteur.invoice.InvoiceFixtures.acme;
import static fr.facteur.invoice.InvoiceFixtures.durand;
import static fr.facteur.invoice.InvoiceFixtures.edited;
import static fr.facteur.invoice.InvoiceFixtures.file;
import static fr.facteur.invoice.InvoiceFixtures.tenant;
import static fr.facteur.invoice.InvoiceFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class InvoiceReaderTest {

    @TempDir
    Path dir;

    @Nested
    class ValidInvoices {

        @Test
        void ublInvoiceFactsAreExtracted() {
            Understanding u = READER.read(file(dir, "ubl-invoice.xml"), acme());

            assertThat(u.violations()).isEmpty();
            assertThat(u.isAccepted()).isTrue();
            assertThat(u.facts()).isEqualTo(new InvoiceFacts(Syntax.UBL_INVOICE, "F2026-0001", "380",
                    LocalDate.of(2026, 1, 15), ACME_SIRET, BUYER_SIRET, "SERVICE-COMPTA", "EJ-2026-0042", "EUR",
                    new BigDecimal("485.00"), new BigDecimal("97.00"), new BigDecimal("582.00"),
                    new BigDecimal("582.00")));
        }

        @Test
        void ublCreditNoteFactsAreExtracted() {
            Understanding u = READER.read(file(dir, "ubl-credit-note.xml"), acme());

            assertThat(u.violations()).isEmpty();
            assertThat(u.facts()).isEqualTo(new InvoiceFacts(Syntax.UBL_CREDIT_NOTE, "A2026-0001", "381",
                    LocalDate.of(2026, 1, 29), ACME_SIRET, BUYER_SIRET, "SERVICE-COMPTA", "EJ-2026-0042", "EUR",
                    new BigDecimal("42.50"), new BigDecimal("8.50"), new BigDecimal("51.00"),
                    new BigDecimal("51.00")));
        }

        @Test
        void ciiInvoiceFactsAreExtracted() {
            Understanding u = READER.read(file(dir, "cii-invoice.xml"), acme());

            assertThat(u.violations()).isEmpty();
            assertThat(u.facts()).isEqualTo(new InvoiceFacts(Syntax.CII, "F2026-0002", "380",
                    LocalDate.of(2026, 1, 20), ACME_SIRET, BUYER_SIRET, "SERVICE-COMPTA", "EJ-2026-0042", "EUR",
                    new BigDecimal("370.00"), new BigDecimal("74.00"), new BigDecimal("444.00"),
                    new BigDecimal("444.00")));
        }

        @Test
        void theReadmeSamplesAreAcceptedFromTheirSuppliers() {
            Path samples = Path.of("samples");

            Understanding ubl = READER.read(samples.resolve("ubl-invoice-acme.xml"), acme());
            Understanding cii = READER.read(samples.resolve("cii-invoice-acme.xml"), acme());
            Understanding durand = READER.read(samples.resolve("ubl-invoice-durand.xml"), durand());

            assertThat(ubl.violations()).isEmpty();
            assertThat(cii.violations()).isEmpty();
            assertThat(durand.violations()).isEmpty();
            assertThat(ubl.facts().syntax()).isEqualTo(Syntax.UBL_INVOICE);
            assertThat(cii.facts().syntax()).isEqualTo(Syntax.CII);
            assertThat(durand.facts().sellerSiret()).isEqualTo(DURAND_SIRET);
            assertThat(java.util.List.of(ubl, cii, durand)).allSatisfy(u -> {
                assertThat(u.facts().buyerSiret()).isEqualTo(BUYER_SIRET);
                assertThat(u.facts().number()).isNotBlank();
            });
        }

        @Test
        void theSiretMayComeFromThePartyLegalEntityAlone() {
            Path f = edited(dir, "ubl-invoice.xml", """
                          <cac:PartyIdentification>
                            <cbc:ID schemeID="0009">73282932000074</cbc:ID>
                          </cac:PartyIdentification>
                    """, "");
            String withCompanySiret = readString(f).replace("<cbc:CompanyID schemeID=\"0002\">732829320</cbc:CompanyID>",
                    "<cbc:CompanyID schemeID=\"0002\">732 829 320 00074</cbc:CompanyID>");
            Understanding u = READER.read(write(dir, "company-id.xml", withCompanySiret), acme());

            assertThat(u.violations()).isEmpty();
            assertThat(u.facts().sellerSiret()).isEqualTo(ACME_SIRET);
        }

        @Test
        void ciiFallsBackToTheTradePartyId() {
            Path f = edited(dir, "cii-invoice.xml", """
                            <ram:Name>ACME Fournitures</ram:Name>
                            <ram:SpecifiedLegalOrganization>
                              <ram:ID schemeID="0009">73282932000074</ram:ID>
                              <ram:TradingBusinessName>ACME Fournitures SAS</ram:TradingBusinessName>
                            </ram:SpecifiedLegalOrganization>
                    """, """
                            <ram:ID>73282932000074</ram:ID>
                            <ram:Name>ACME Fournitures</ram:Name>
                    """);

            Understanding u = READER.read(f, acme());

            assertThat(u.violations()).isEmpty();
            assertThat(u.facts().sellerSiret()).isEqualTo(ACME_SIRET);
        }
    }

    @Nested
    class FileTooLarge {

        @Test
        void aFileOverTheLimitIsRefusedBeforeParsing() {
            InvoiceReader small = new InvoiceReader(new InvoiceProperties(DataSize.ofBytes(1024)),
                    InvoiceFixtures.SCHEMAS);
            // not XML at all: only the size is reported, so nothing was parsed
            Path junk = write(dir, "junk.xml", "x".repeat(1025));

            Understanding u = small.read(junk, acme());

            assertThat(u.violations()).singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo("FILE-TOO-LARGE");
                assertThat(v.location()).isEqualTo("junk.xml");
                assertThat(v.messageFr()).contains("1025 octets", "1024 octets");
                assertThat(v.messageEn()).contains("1025 bytes", "1024 bytes");
            });
        }

        @Test
        void aFileAtTheLimitIsRead() {
            Path f = file(dir, "ubl-invoice.xml");
            InvoiceReader exact = new InvoiceReader(new InvoiceProperties(DataSize.ofBytes(size(f))),
                    InvoiceFixtures.SCHEMAS);

            assertThat(exact.read(f, acme()).isAccepted()).isTrue();
        }
    }

    @Nested
    class WellFormedness {

        @Test
        void aBrokenDocumentIsRefusedWithLineAndColumn() {
            Understanding u = READER.read(file(dir, "not-well-formed.xml"), acme());

            assertThat(u.facts()).isNull();
            assertThat(u.violations()).singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo("XML-WELLFORMED");
                assertThat(v.location()).startsWith("6:");
                assertThat(v.messageFr()).contains("ligne 6").contains("cbc:Note");
                assertThat(v.messageEn()).contains("line 6");
            });
        }

        @Test
        void garbageBeforeTheRootIsRefused() {
            Understanding u = READER.read(write(dir, "garbage.xml", "ceci n'est pas du XML <Invoice/>"), acme());

            assertThat(u.violations()).extracting(RuleViolation::rule).containsExactly("XML-WELLFORMED");
            assertThat(u.violations().get(0).location()).startsWith("1:");
        }

        @Test
        void aBrokenPdfWhateverItsNameIsAnUnreadablePdfNotBadXml() {
            // %PDF- is how a PDF is recognised (Factur-X), so a broken one is told as such, not as malformed XML
            Understanding u = READER.read(write(dir, "pdf.xml", "%PDF-1.7\n%âãÏÓ\n"), acme());

            assertThat(u.violations()).extracting(RuleViolation::rule).containsExactly("PDF-UNREADABLE");
        }

        @Test
        void anEmptyFileIsRefused() {
            Understanding u = READER.read(write(dir, "empty.xml", ""), acme());

            assertThat(u.violations()).extracting(RuleViolation::rule).containsExactly("XML-WELLFORMED");
        }

        @Test
        void aBrokenDocumentWithoutNamespaceIsNotWellFormedRatherThanUnknown() {
            Understanding u = READER.read(write(dir, "bad.xml", "<Invoice><unclosed></Invoice>"), acme());

            assertThat(u.violations()).extracting(RuleViolation::rule).containsExactly("XML-WELLFORMED");
        }
    }

    @Nested
    class Doctype {

        @Test
        void anExternalEntityIsNeverResolved() {
            Understanding u = READER.read(file(dir, "xxe.xml"), acme());

            assertThat(u.facts()).isNull();
            assertThat(u.violations()).singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo("XML-DOCTYPE");
                // where the parser stands once it has seen the whole DOCTYPE (its closing "]>")
                assertThat(v.location()).isEqualTo("4:4");
                assertThat(v.messageFr()).contains("DOCTYPE").doesNotContain("root:");
                assertThat(v.messageEn()).contains("DOCTYPE").doesNotContain("root:");
            });
            assertThat(u.toString()).doesNotContain("root:x:0:0", "/bin/");
        }

        @Test
        void billionLaughsIsRefusedWithoutExpansion() {
            Understanding u = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> READER.read(file(dir, "billion-laughs.xml"), acme()));

            assertThat(u.facts()).isNull();
            assertThat(u.violations()).extracting(RuleViolation::rule).containsExactly("XML-DOCTYPE");
            assertThat(u.violations().get(0).location()).isEqualTo("13:4");
            assertThat(u.toString()).doesNotContain("lollol");
        }

        @Test
        void aDoctypeIsRefusedEvenWhenTheRootIsUnknown() {
            Path f = write(dir, "doctype-order.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE Order SYSTEM \"http://example.invalid/x.dtd\">\n<Order/>");

            assertThat(READER.read(f, acme()).violations()).extracting(RuleViolation::rule)
                    .containsExactly("XML-DOCTYPE");
        }
    }

    @Nested
    class SyntaxDetection {

        @Test
        void anUnknownRootIsNamed() {
            Understanding u = READER.read(file(dir, "unknown-root.xml"), acme());

            assertThat(u.violations()).singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo("SYNTAX-UNKNOWN");
                // the end of the root's start tag
                assertThat(v.location()).isEqualTo("4:89");
                assertThat(v.messageFr()).contains("{urn:oasis:names:specification:ubl:schema:xsd:Order-2}Order");
                assertThat(v.messageEn()).contains("{urn:oasis:names:specification:ubl:schema:xsd:Order-2}Order");
            });
        }

        @Test
        void theRightNameInTheWrongNamespaceIsUnknown() {
            Path f = write(dir, "no-ns.xml", "<Invoice><ID>F1</ID></Invoice>");

            assertThat(READER.read(f, acme()).violations()).singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo("SYNTAX-UNKNOWN");
                assertThat(v.messageEn()).contains("root element Invoice ");
            });
        }

        @Test
        void eachSyntaxIsDetectedByItsRoot() {
            assertThat(READER.read(file(dir, "ubl-invoice.xml")).facts().syntax()).isEqualTo(Syntax.UBL_INVOICE);
            assertThat(READER.read(file(dir, "ubl-credit-note.xml")).facts().syntax()).isEqualTo(Syntax.UBL_CREDIT_NOTE);
            assertThat(READER.read(file(dir, "cii-invoice.xml")).facts().syntax()).isEqualTo(Syntax.CII);
        }
    }

    @Nested
    class FormatNotAccepted {

        @Test
        void aSyntaxOutsideTheTenantsFormatsIsRefused() {
            Understanding u = READER.read(file(dir, "ubl-invoice.xml"), tenant("acme", ACME_SIRET, Set.of("CII")));

            assertThat(u.violations()).singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo("FORMAT-NOT-ACCEPTED");
                assertThat(v.location()).isEqualTo("ubl-invoice.xml");
                assertThat(v.messageFr()).contains("UBL", "[CII]");
            });
        }

        @Test
        void aSyntaxInTheTenantsFormatsIsRead() {
            Understanding u = READER.read(file(dir, "cii-invoice.xml"), tenant("acme", ACME_SIRET, Set.of("CII")));

            assertThat(u.isAccepted()).isTrue();
        }

        @Test
        void theSimulatorsReadHasNoFormatCheck() {
            assertThat(READER.read(file(dir, "ubl-invoice.xml")).isAccepted()).isTrue();
        }
    }

    @Nested
    class Xsd {

        @Test
        void everySchemaErrorIsReportedWithItsLineAndColumn() {
            Understanding u = READER.read(file(dir, "ubl-invoice-xsd-invalid.xml"), acme());

            assertThat(u.violations()).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(v -> {
                        assertThat(v.rule()).isEqualTo("XSD");
                        assertThat(v.location()).matches("\\d+:\\d+");
                        assertThat(v.messageFr()).startsWith("Non conforme au schéma UBL 2.1 Invoice (ligne ");
                        assertThat(v.messageEn()).startsWith("Not valid against the UBL 2.1 Invoice schema (line ");
                    });
            // the French-style date on line 8 and the unknown element on line 10
            assertThat(u.violations()).anySatisfy(v -> {
                assertThat(v.location()).startsWith("8:");
                assertThat(v.messageEn()).contains("15/01/2026");
            });
            assertThat(u.violations()).anySatisfy(v -> {
                assertThat(v.location()).startsWith("10:");
                assertThat(v.messageEn()).contains("'{cbc:Colour}'", "cac:AccountingSupplierParty")
                        .doesNotContain("urn:oasis");
            });
        }

        @Test
        void aPathologicalNumberOfErrorsIsCutShort() {
            String line = """
                      <cac:InvoiceLine>
                        <cbc:ID>1</cbc:ID>
                        <cbc:InvoicedQuantity unitCode="H87">40</cbc:InvoicedQuantity>
                        <cbc:LineExtensionAmount currencyID="EUR">cent</cbc:LineExtensionAmount>
                        <cac:Item><cbc:Name>x</cbc:Name></cac:Item>
                        <cac:Price><cbc:PriceAmount currencyID="EUR">4.25</cbc:PriceAmount></cac:Price>
                      </cac:InvoiceLine>
                    """;
            String ubl = InvoiceFixtures.text("ubl-invoice.xml").replace("</Invoice>", line.repeat(600) + "</Invoice>");

            Understanding u = READER.read(write(dir, "many-errors.xml", ubl), acme());

            assertThat(u.violations()).hasSize(ValidatingParser.MAX_XSD_ERRORS + 1)
                    .extracting(RuleViolation::rule).containsOnly("XSD");
            assertThat(u.violations().get(ValidatingParser.MAX_XSD_ERRORS).messageEn())
                    .contains("More than 1000", "not listed");
        }

        @Test
        void theFactsOfAnInvalidDocumentStillNameIt() {
            Understanding u = READER.read(file(dir, "ubl-invoice-xsd-invalid.xml"), acme());

            assertThat(u.isAccepted()).isFalse();
            assertThat(u.facts().number()).isEqualTo("F2026-0667");
            assertThat(u.facts().issueDate()).isNull();
        }

        @Test
        void businessRulesWaitForAValidSchema() {
            // invalid XSD and another seller: only the XSD errors are reported
            Path f = edited(dir, "ubl-invoice-xsd-invalid.xml", "73282932000074", DURAND_SIRET);

            assertThat(READER.read(f, acme()).violations()).extracting(RuleViolation::rule).containsOnly("XSD");
        }

        @Test
        void ciiIsValidatedAgainstD16b() {
            Path f = edited(dir, "cii-invoice.xml", "<ram:TypeCode>380</ram:TypeCode>",
                    "<ram:TypeCode>380</ram:TypeCode><ram:Unknown>x</ram:Unknown>");

            Understanding u = READER.read(f, acme());

            assertThat(u.violations()).isNotEmpty().allSatisfy(v -> {
                assertThat(v.rule()).isEqualTo("XSD");
                assertThat(v.messageEn()).contains("UN/CEFACT CII D16B");
            });
            assertThat(u.violations().get(0).messageEn()).contains("ram:Unknown");
        }

        @Test
        void aSchemaLocationHintInTheInvoiceIsIgnored() {
            Path f = edited(dir, "ubl-invoice.xml", "<Invoice xmlns=",
                    "<Invoice xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                            + "xsi:schemaLocation=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2 "
                            + "http://127.0.0.1:9/evil.xsd\" xmlns=");

            assertThat(READER.read(f, acme()).violations()).isEmpty();
        }
    }

    @Nested
    class FactMissing {

        @Test
        void anEmptyInvoiceNumberIsNamedByItsXPath() {
            Understanding u = READER.read(edited(dir, "ubl-invoice.xml", "<cbc:ID>F2026-0001</cbc:ID>",
                    "<cbc:ID> </cbc:ID>"), acme());

            // EN 16931 says the same in its own words (BR-02); FACT-MISSING is the one that names the XPath
            assertThat(u.violations()).extracting(RuleViolation::rule).containsExactly("FACT-MISSING", "BR-02");
            assertThat(u.violations()).filteredOn(v -> v.rule().equals("FACT-MISSING")).singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo("FACT-MISSING");
                assertThat(v.location()).isEqualTo("/Invoice/cbc:ID");
                assertThat(v.messageFr()).contains("numéro de facture (BT-1)");
                assertThat(v.messageEn()).contains("invoice number (BT-1)");
            });
        }

        @Test
        void aMissingSellerSiretIsNamedByItsXPath() {
            Understanding u = READER.read(edited(dir, "ubl-invoice.xml",
                    "<cbc:ID schemeID=\"0009\">73282932000074</cbc:ID>", "<cbc:ID schemeID=\"0088\">3012345000010</cbc:ID>"),
                    acme());

            assertThat(u.violations()).singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo("FACT-MISSING");
                assertThat(v.location())
                        .isEqualTo("/Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID");
                assertThat(v.messageFr()).contains("SIRET du vendeur",
                        "/Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID");
            });
        }

        @Test
        void everyMissingFactIsReported() {
            String cii = InvoiceFixtures.text("cii-invoice.xml")
                    .replace("<ram:ID>F2026-0002</ram:ID>", "<ram:ID></ram:ID>")
                    .replace("<ram:ID schemeID=\"0009\">11000201100044</ram:ID>", "");

            Understanding u = READER.read(write(dir, "cii-missing.xml", cii), acme());

            assertThat(u.violations()).filteredOn(v -> v.rule().equals("FACT-MISSING"))
                    .extracting(RuleViolation::rule, RuleViolation::location).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("FACT-MISSING", "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID"),
                    org.assertj.core.groups.Tuple.tuple("FACT-MISSING", "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction"
                            + "/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"));
            assertThat(u.facts().sellerSiret()).isEqualTo(ACME_SIRET);
        }

        @Test
        void theSimulatorsReadAlsoChecksFacts() {
            Understanding u = READER.read(edited(dir, "ubl-invoice.xml", "<cbc:ID>F2026-0001</cbc:ID>",
                    "<cbc:ID></cbc:ID>"));

            assertThat(u.violations()).extracting(RuleViolation::rule).containsExactly("FACT-MISSING", "BR-02");
        }
    }

    @Nested
    class SellerSiret {

        @Test
        void aSupplierCannotSendForAnother() {
            Understanding u = READER.read(file(dir, "ubl-invoice-other-seller.xml"), acme());

            assertThat(u.facts().sellerSiret()).isEqualTo(DURAND_SIRET);
            assertThat(u.violations()).singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo("SELLER-SIRET");
                assertThat(v.location())
                        .isEqualTo("/Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID");
                assertThat(v.messageFr()).startsWith("Le SIRET du vendeur 44306184100047 n'est pas celui du "
                        + "fournisseur 73282932000074");
                assertThat(v.messageEn()).startsWith("The seller SIRET 44306184100047 is not that of the sending "
                        + "supplier 73282932000074");
            });
        }

        @Test
        void theOwnSellerPasses() {
            assertThat(READER.read(file(dir, "ubl-invoice-other-seller.xml"), durand()).isAccepted()).isTrue();
        }

        @Test
        void ciiSellerIsCheckedToo() {
            Understanding u = READER.read(edited(dir, "cii-invoice.xml",
                    "<ram:ID schemeID=\"0009\">73282932000074</ram:ID>", "<ram:ID schemeID=\"0009\">44306184100047</ram:ID>"),
                    acme());

            assertThat(u.violations()).singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo("SELLER-SIRET");
                assertThat(v.location()).isEqualTo("/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction"
                        + "/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID");
            });
        }

        @Test
        void theSimulatorsReadHasNoSellerCheck() {
            assertThat(READER.read(file(dir, "ubl-invoice-other-seller.xml")).isAccepted()).isTrue();
        }
    }

    @Nested
    class Schemas {

        @Test
        void eachSchemaIsCompiledOnceAndShared() {
            InvoiceSchemas schemas = new InvoiceSchemas();
            InvoiceReader reader = new InvoiceReader(InvoiceProperties.defaults(), schemas);

            reader.read(file(dir, "ubl-invoice.xml"), acme());
            assertThat(schemas.compilations()).isEqualTo(1);
            javax.xml.validation.Schema ubl = schemas.schemaFor(Syntax.UBL_INVOICE);

            reader.read(file(dir, "ubl-invoice-other-seller.xml"), durand());
            reader.read(file(dir, "ubl-credit-note.xml"), acme());
            assertThat(schemas.compilations()).isEqualTo(1);
            assertThat(schemas.schemaFor(Syntax.UBL_CREDIT_NOTE)).isSameAs(ubl);

            reader.read(file(dir, "cii-invoice.xml"), acme());
            reader.read(file(dir, "cii-invoice.xml"), acme());
            assertThat(schemas.compilations()).isEqualTo(2);
        }
    }

    @Test
    void concurrentReadsShareTheSchemasSafely() throws Exception {
        Path ubl = file(dir, "ubl-invoice.xml");
        Path cii = file(dir, "cii-invoice.xml");
        Path other = file(dir, "ubl-invoice-other-seller.xml");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<String>> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                outcomes.add(pool.submit(() -> READER.read(ubl, acme()).facts().number()));
                outcomes.add(pool.submit(() -> READER.read(cii, acme()).facts().number()));
                outcomes.add(pool.submit(() -> READER.read(other, acme()).violations().get(0).rule()));
            }
            for (int i = 0; i < outcomes.size(); i += 3) {
                assertThat(outcomes.get(i).get()).isEqualTo("F2026-0001");
                assertThat(outcomes.get(i + 1).get()).isEqualTo("F2026-0002");
                assertThat(outcomes.get(i + 2).get()).isEqualTo("SELLER-SIRET");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFileThatCannotBeReadIsAnErrorNotARejection() {
        assertThatThrownBy(() -> READER.read(dir.resolve("absent.xml"), acme()))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("absent.xml");
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readString(Path f) {
        try {
            return Files.readString(f);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
