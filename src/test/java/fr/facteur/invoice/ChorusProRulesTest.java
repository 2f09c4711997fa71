package fr.facteur.invoice;

import static fr.facteur.invoice.InvoiceFixtures.READER;
import static fr.facteur.invoice.InvoiceFixtures.acme;
import static fr.facteur.invoice.InvoiceFixtures.edited;
import static fr.facteur.invoice.InvoiceFixtures.text;
import static fr.facteur.invoice.InvoiceFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Chorus Pro B2G rules, each with a passing and a failing case: a valid fixture mutated by text replacement,
 * read end to end (so the XSD and EN 16931 run too, and only the B2G ids are asserted where EN 16931 also fails).
 */
class ChorusProRulesTest {

    @TempDir
    Path dir;

    private List<RuleViolation> b2g(Understanding u) {
        return u.violations().stream().filter(v -> v.rule().startsWith("B2G-")).toList();
    }

    private Understanding ubl(String from, String to) {
        return READER.read(edited(dir, "ubl-invoice.xml", from, to), acme());
    }

    @Nested
    class NumberLength {

        @Test
        void twentyCharactersPass() {
            assertThat(ubl("<cbc:ID>F2026-0001</cbc:ID>", "<cbc:ID>F2026-0001-ABCDEFGHI</cbc:ID>").isAccepted())
                    .isTrue();
        }

        @Test
        void twentyOneCharactersFail() {
            Understanding u = ubl("<cbc:ID>F2026-0001</cbc:ID>", "<cbc:ID>F2026-0001-ABCDEFGHIJ</cbc:ID>");

            assertThat(b2g(u)).singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo("B2G-NUMBER-LENGTH");
                assertThat(v.location()).isEqualTo("/Invoice/cbc:ID");
                assertThat(v.messageFr()).contains("F2026-0001-ABCDEFGHIJ", "21 caractères", "au plus 20");
                assertThat(v.messageEn()).contains("21 characters", "at most 20");
            });
        }
    }

    @Nested
    class Type {

        @Test
        void aCommercialInvoicePasses() {
            assertThat(READER.read(InvoiceFixtures.file(dir, "ubl-invoice.xml"), acme()).isAccepted()).isTrue();
        }

        @Test
        void aSelfBilledInvoiceFails() {
            Understanding u = ubl("<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>",
                    "<cbc:InvoiceTypeCode>389</cbc:InvoiceTypeCode>");

            assertThat(b2g(u)).singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo("B2G-TYPE");
                assertThat(v.location()).isEqualTo("/Invoice/cbc:InvoiceTypeCode");
                assertThat(v.messageFr()).contains("389", "380", "381");
            });
        }
    }

    @Nested
    class CreditNotes {

        @Test
        void aCreditNoteWithPositiveAmountsAndNoPaymentMeansPasses() {
            assertThat(READER.read(InvoiceFixtures.file(dir, "ubl-credit-note.xml"), acme()).violations()).isEmpty();
        }

        @Test
        void aNegativeAmountFails() {
            Understanding u = READER.read(edited(dir, "ubl-credit-note.xml",
                    "<cbc:PayableAmount currencyID=\"EUR\">51.00</cbc:PayableAmount>",
                    "<cbc:PayableAmount currencyID=\"EUR\">-51.00</cbc:PayableAmount>"), acme());

            assertThat(b2g(u)).singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo("B2G-CREDIT-NOTE-AMOUNTS");
                assertThat(v.location()).isEqualTo("/CreditNote/cac:LegalMonetaryTotal/cbc:PayableAmount");
                assertThat(v.messageEn()).contains("Write 51.00 instead of -51.00");
            });
        }

        @Test
        void paymentMeansOnACreditNoteFail() {
            Understanding u = READER.read(edited(dir, "ubl-credit-note.xml", "  <cac:TaxTotal>", """
                      <cac:PaymentMeans>
                        <cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>
                        <cac:PayeeFinancialAccount>
                          <cbc:ID>FR7630006000011234567890189</cbc:ID>
                        </cac:PayeeFinancialAccount>
                      </cac:PaymentMeans>
                      <cac:TaxTotal>"""), acme());

            assertThat(b2g(u)).extracting(RuleViolation::rule, RuleViolation::location).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("B2G-CREDIT-NOTE-PAYMENT", "/CreditNote/cac:PaymentMeans"));
        }
    }

    @Nested
    class Lengths {

        @Test
        void fiftyCharacterEngagementAndHundredCharacterServicePass() {
            String ubl = text("ubl-invoice.xml")
                    .replace("<cbc:ID>EJ-2026-0042</cbc:ID>", "<cbc:ID>" + "E".repeat(50) + "</cbc:ID>")
                    .replace("<cbc:BuyerReference>SERVICE-COMPTA</cbc:BuyerReference>",
                            "<cbc:BuyerReference>" + "S".repeat(100) + "</cbc:BuyerReference>");

            assertThat(READER.read(write(dir, "long.xml", ubl), acme()).violations()).isEmpty();
        }

        @Test
        void longerOnesFail() {
            String ubl = text("ubl-invoice.xml")
                    .replace("<cbc:ID>EJ-2026-0042</cbc:ID>", "<cbc:ID>" + "E".repeat(51) + "</cbc:ID>")
                    .replace("<cbc:BuyerReference>SERVICE-COMPTA</cbc:BuyerReference>",
                            "<cbc:BuyerReference>" + "S".repeat(101) + "</cbc:BuyerReference>");

            Understanding u = READER.read(write(dir, "too-long.xml", ubl), acme());

            assertThat(b2g(u)).extracting(RuleViolation::rule, RuleViolation::location).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("B2G-ENGAGEMENT-LENGTH", "/Invoice/cac:OrderReference/cbc:ID"),
                    org.assertj.core.groups.Tuple.tuple("B2G-SERVICE-LENGTH", "/Invoice/cbc:BuyerReference"));
        }

        @Test
        void ciiLengthsAreReadAtTheirCiiPlaces() {
            Understanding u = READER.read(edited(dir, "cii-invoice.xml",
                    "<ram:BuyerReference>SERVICE-COMPTA</ram:BuyerReference>",
                    "<ram:BuyerReference>" + "S".repeat(101) + "</ram:BuyerReference>"), acme());

            assertThat(b2g(u)).extracting(RuleViolation::rule, RuleViolation::location).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("B2G-SERVICE-LENGTH", "/rsm:CrossIndustryInvoice"
                            + "/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerReference"));
        }
    }

    @Nested
    class Cadre {

        private Understanding withProfile(String profile) {
            return ubl("<cbc:ProfileID>A1</cbc:ProfileID>", profile);
        }

        @Test
        void a1ToA25PassExceptA11() {
            assertThat(withProfile("<cbc:ProfileID>A25</cbc:ProfileID>").isAccepted()).isTrue();
            assertThat(withProfile("<cbc:ProfileID>A9</cbc:ProfileID>").isAccepted()).isTrue();
            assertThat(b2g(withProfile("<cbc:ProfileID>A11</cbc:ProfileID>")))
                    .extracting(RuleViolation::rule, RuleViolation::location).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("B2G-CADRE", "/Invoice/cbc:ProfileID"));
            assertThat(b2g(withProfile("<cbc:ProfileID>A26</cbc:ProfileID>")))
                    .extracting(RuleViolation::rule).containsExactly("B2G-CADRE");
        }

        @Test
        void bSAndMFrameworksFail() {
            for (String code : List.of("B1", "S5", "M2")) {
                assertThat(b2g(withProfile("<cbc:ProfileID>" + code + "</cbc:ProfileID>")))
                        .as(code).singleElement().satisfies(v -> {
                            assertThat(v.rule()).isEqualTo("B2G-CADRE");
                            assertThat(v.messageFr()).contains(code, "A1 à A25 hors A11");
                        });
            }
        }

        @Test
        void withoutACadreTheInvoiceIsAcceptedAsA1() {
            assertThat(withProfile("").isAccepted()).isTrue();
            assertThat(withProfile("<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>")
                    .isAccepted()).isTrue();
        }

        @Test
        void theCustomizationIdIsReadWhenTheProfileHoldsNoCadre() {
            String ubl = text("ubl-invoice.xml").replace("<cbc:ProfileID>A1</cbc:ProfileID>", "")
                    .replace("<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>",
                            "<cbc:CustomizationID>A11</cbc:CustomizationID>");

            Understanding u = READER.read(write(dir, "customization.xml", ubl), acme());

            assertThat(b2g(u)).extracting(RuleViolation::rule, RuleViolation::location).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("B2G-CADRE", "/Invoice/cbc:CustomizationID"));
        }

        @Test
        void ciiReadsTheBusinessProcess() {
            Understanding u = READER.read(edited(dir, "cii-invoice.xml", "<ram:ID>A1</ram:ID>", "<ram:ID>S1</ram:ID>"),
                    acme());

            assertThat(b2g(u)).extracting(RuleViolation::rule).containsExactly("B2G-CADRE");
        }
    }

    @Nested
    class Iban {

        @Test
        void aTransferWithAValidIbanPasses() {
            assertThat(ChorusProRules.isIban("FR76 3000 6000 0112 3456 7890 189")).isTrue();
            assertThat(READER.read(InvoiceFixtures.file(dir, "cii-invoice.xml"), acme()).isAccepted()).isTrue();
        }

        @Test
        void aTransferWithoutAnIbanFails() {
            Understanding u = ubl("<cbc:ID>FR7630006000011234567890189</cbc:ID>", "");

            assertThat(b2g(u)).singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo("B2G-IBAN");
                assertThat(v.location()).isEqualTo("/Invoice/cac:PaymentMeans[1]/cac:PayeeFinancialAccount/cbc:ID");
                assertThat(v.messageFr()).contains("virement", "IBAN");
            });
        }

        @Test
        void aWrongCheckDigitFails() {
            Understanding u = READER.read(edited(dir, "cii-invoice.xml", "<ram:IBANID>FR7630006000011234567890189",
                    "<ram:IBANID>FR7630006000011234567890188"), acme());

            assertThat(b2g(u)).extracting(RuleViolation::rule).containsExactly("B2G-IBAN");
        }

        @Test
        void aNonTransferNeedsNoIban() {
            String ubl = text("ubl-invoice.xml").replace("<cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>",
                    "<cbc:PaymentMeansCode>20</cbc:PaymentMeansCode>")
                    .replace("<cbc:ID>FR7630006000011234567890189</cbc:ID>", "<cbc:ID>CHQ</cbc:ID>");

            assertThat(b2g(READER.read(write(dir, "cheque.xml", ubl), acme()))).isEmpty();
        }
    }

    @Nested
    class SupplierScheme {

        @Test
        void aSiretUnderAnIso6523SiretSchemeOrNonePasses() {
            assertThat(ubl("<cbc:ID schemeID=\"0009\">73282932000074</cbc:ID>", "<cbc:ID>73282932000074</cbc:ID>")
                    .isAccepted()).isTrue();
        }

        @Test
        void aSiretUnderAnotherSchemeFails() {
            Understanding u = ubl("<cbc:ID schemeID=\"0009\">73282932000074</cbc:ID>",
                    "<cbc:ID schemeID=\"0088\">73282932000074</cbc:ID>");

            assertThat(b2g(u)).singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo("B2G-SUPPLIER-SCHEME");
                assertThat(v.location())
                        .isEqualTo("/Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID");
                assertThat(v.messageEn()).contains("0088", "1, 0002 or 0009");
            });
        }

        @Test
        void aSiretSchemeOnSomethingElseThanFourteenDigitsFails() {
            Understanding u = ubl("<cbc:CompanyID schemeID=\"0002\">732829320</cbc:CompanyID>",
                    "<cbc:CompanyID schemeID=\"0009\">732829320</cbc:CompanyID>");

            assertThat(b2g(u)).extracting(RuleViolation::rule, RuleViolation::location).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("B2G-SUPPLIER-SCHEME",
                            "/Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID"));
        }
    }
}
