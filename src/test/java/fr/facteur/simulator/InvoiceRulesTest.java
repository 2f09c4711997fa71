package fr.facteur.simulator;

import static fr.facteur.simulator.DropBoxTest.UNIT;
import static fr.facteur.simulator.DropBoxTest.assertRejected;
import static fr.facteur.simulator.SimulatorRig.T0;
import static fr.facteur.simulator.SimulatorRig.xpath;
import static fr.facteur.simulator.SimulatorRig.xpathAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import fr.facteur.invoice.Syntax;

/** The invoice-level checks (chorus-pro.md §6), each seen in the integration report of a deposited flow. */
class InvoiceRulesTest {

    @TempDir
    Path dataDir;

    static Stream<Arguments> brokenInvoices() {
        String supplierTag = "cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID";
        String buyerTag = "cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID";
        return Stream.of(
                Arguments.of(TestFacts.invoice("F2026-0001").engagement("EJ-" + "9".repeat(48)), "ENGAGEMENT",
                        "Facture F2026-0001 : le numéro d'engagement dépasse 50 caractères (cac:OrderReference/cbc:ID)"),
                Arguments.of(TestFacts.invoice("F2026-0001").syntax(Syntax.CII).engagement("EJ-" + "9".repeat(48)),
                        "ENGAGEMENT", "Facture F2026-0001 : le numéro d'engagement dépasse 50 caractères "
                                + "(ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID)"),
                Arguments.of(TestFacts.invoice("F2026-0001").serviceCode("S".repeat(101)), "CODE_SERVICE",
                        "Facture F2026-0001 : le code service dépasse 100 caractères (cbc:BuyerReference)"),
                Arguments.of(TestFacts.invoice("F2026-000000000000001"), "NUMERO_FACTURE",
                        "Facture F2026-000000000000001 : le numéro de facture dépasse 20 caractères (cbc:ID)"),
                Arguments.of(TestFacts.invoice("F2026-0001").type("389"), "TYPE_FACTURE", "Facture F2026-0001 : le "
                        + "type de facture « 389 » n'est pas accepté, 380 (facture) ou 381 (avoir) attendu "
                        + "(cbc:InvoiceTypeCode)"),
                Arguments.of(TestFacts.invoice("F2026-0001").syntax(Syntax.UBL_CREDIT_NOTE).type("381")
                        .totalWithVat("-120.00"), "AVOIR_MONTANT", "Facture F2026-0001 : un avoir doit porter des "
                                + "montants positifs (cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount)"),
                Arguments.of(TestFacts.invoice("F2026-0001").seller(null), "SIRET_FOURNISSEUR",
                        "Facture F2026-0001 : le SIRET du fournisseur est absent (" + supplierTag + ")"),
                Arguments.of(TestFacts.invoice("F2026-0001").seller("732829320"), "SIRET_FOURNISSEUR",
                        "Facture F2026-0001 : le SIRET du fournisseur « 732829320 » doit compter 14 chiffres ("
                                + supplierTag + ")"),
                Arguments.of(TestFacts.invoice("F2026-0001").buyer("12345678901234"), "DESTINATAIRE_INCONNU",
                        "Facture F2026-0001 : le destinataire 12345678901234 n'est pas une structure publique de "
                                + "l'annuaire Chorus Pro (" + buyerTag + ")"),
                Arguments.of(TestFacts.invoice("F2026-0001").buyer("1100020110004A"), "SIRET_DESTINATAIRE",
                        "Facture F2026-0001 : le SIRET du destinataire « 1100020110004A » doit compter 14 chiffres ("
                                + buyerTag + ")"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("brokenInvoices")
    void anInvoiceBreakingARuleRejectsItsFlowWithALineNamingTheTag(TestFacts invoice, String code, String label) {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        var facts = invoice.build();
        boolean cii = facts.syntax() == Syntax.CII;
        String flow = (cii ? "FSO1106A" : "FSO1100A") + "_AAA999_000000000001";
        rig.deposit(flow, cii ? "cii-invoice.xml" : "ubl-invoice.xml", facts);

        Path report = rig.scan(T0).get(0);

        assertRejected(report, code, label);
        assertThat(xpath(report, UNIT + "Details/LigneErreurDetail/NatureErreur")).isEqualTo("METIER");
        assertThat(rig.jdbc.queryForObject("select count(*) from sim_invoice", Integer.class)).isZero();
    }

    @Test
    void everyRuleAnInvoiceBreaksIsReported() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit("FSO1100A_AAA999_000000000001", "ubl-invoice.xml",
                TestFacts.invoice("F2026-000000000000001").type("389").build());

        Path report = rig.scan(T0).get(0);

        assertThat(xpath(report, UNIT + "Details/@NbLignesErreur")).isEqualTo("2");
        assertThat(xpathAll(report, UNIT + "Details/LigneErreurDetail/CodeErreur"))
                .containsExactly("NUMERO_FACTURE", "TYPE_FACTURE");
    }

    @Test
    void aSupplierCannotDepositTheSameInvoiceNumberTwiceButAnotherSupplierMay() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit("FSO1100A_AAA999_000000000001", "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());
        rig.deposit("FSO1100A_AAA999_000000000002", "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());
        rig.deposit("FSO1106A_AAA999_000000000003", "cii-invoice.xml",
                TestFacts.invoice("F2026-0001").syntax(Syntax.CII).seller(TestFacts.DURAND).build());

        List<Path> reports = rig.scan(T0);

        assertThat(xpath(reports.get(0), UNIT + "IdStatut")).isEqualTo("90");
        assertRejected(reports.get(1), "FACTURE_EN_DOUBLON", "Facture F2026-0001 : le fournisseur 73282932000074 a "
                + "déjà déposé une facture portant ce numéro (cbc:ID)");
        assertThat(xpath(reports.get(2), UNIT + "IdStatut")).isEqualTo("90");
    }

    @Test
    void aRejectedInvoiceMayBeDepositedAgainOnceCorrected() {
        SimulatorRig rig = SimulatorRig.start(dataDir);
        rig.deposit("FSO1100A_AAA999_000000000001", "ubl-invoice.xml",
                TestFacts.invoice("F2026-0001").engagement("X".repeat(51)).build());
        assertThat(xpath(rig.scan(T0).get(0), UNIT + "IdStatut")).isEqualTo("93");

        rig.deposit("FSO1100A_AAA999_000000000002", "ubl-invoice.xml", TestFacts.invoice("F2026-0001").build());

        assertThat(xpath(rig.scan(T0.plusSeconds(60)).get(0), UNIT + "IdStatut")).isEqualTo("90");
    }

    @Test
    void anEmptyDirectoryAcceptsAnyFourteenDigitRecipient() {
        SimulatorRig rig = SimulatorRig.start(dataDir, SimulatorProperties.defaults()
                .withDirectory(List.of(), Map.of()));
        rig.deposit("FSO1100A_AAA999_000000000001", "ubl-invoice.xml",
                TestFacts.invoice("F2026-0001").buyer("12345678901234").build());

        assertThat(xpath(rig.scan(T0).get(0), UNIT + "IdStatut")).isEqualTo("90");
    }
}
