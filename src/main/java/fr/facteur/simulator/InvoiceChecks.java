package fr.facteur.simulator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import fr.facteur.invoice.InvoiceFacts;
import fr.facteur.invoice.Syntax;

/**
 * The invoice-level checks of chorus-pro.md §6 that apply to E1 UBL and CII deposits, each failure a sentence that
 * names the invoice and the faulty tag. All failures of an invoice are reported, not only the first.
 *
 * <p>Not checked yet (the facts do not carry them, or the directory does not model them): service code and EJ
 * required by the recipient's flags, contract number, cadre de facturation, IBAN of a transfer.
 */
final class InvoiceChecks {

    static final int MAX_NUMBER_LENGTH = 20;
    static final int MAX_ENGAGEMENT_LENGTH = 50;
    static final int MAX_SERVICE_CODE_LENGTH = 100;
    private static final Set<String> TYPE_CODES = Set.of("380", "381");

    /** Whether a supplier already has an integrated invoice with this number. */
    @FunctionalInterface
    interface IntegratedInvoices {
        boolean exists(String supplierSiret, String number);
    }

    private final SimulatedDirectory directory;

    InvoiceChecks(SimulatedDirectory directory) {
        this.directory = directory;
    }

    /** Every rule {@code facts} breaks; empty when Chorus Pro would integrate the invoice. */
    List<FlowError> check(InvoiceFacts facts, IntegratedInvoices integrated) {
        List<FlowError> errors = new ArrayList<>();
        Syntax syntax = facts.syntax();
        String number = facts.number();
        String invoice = number == null || number.isBlank() ? "Facture sans numéro" : "Facture " + number;
        Reporter report = (code, what, tag, detail) -> errors.add(FlowError.ofInvoice(code, number,
                facts.sellerSiret(), invoice + " : " + what + " (" + tag.in(syntax) + ")", detail));

        if (number == null || number.isBlank()) {
            report.add(FlowErrorCode.NUMERO_FACTURE, "le numéro de facture est absent", InvoiceTag.NUMBER, null);
        } else if (number.length() > MAX_NUMBER_LENGTH) {
            report.add(FlowErrorCode.NUMERO_FACTURE, "le numéro de facture dépasse " + MAX_NUMBER_LENGTH
                    + " caractères", InvoiceTag.NUMBER, number.length() + " caractères reçus");
        }

        if (facts.typeCode() == null || facts.typeCode().isBlank()) {
            report.add(FlowErrorCode.TYPE_FACTURE, "le type de facture est absent", InvoiceTag.TYPE_CODE, null);
        } else if (!TYPE_CODES.contains(facts.typeCode())) {
            report.add(FlowErrorCode.TYPE_FACTURE, "le type de facture " + quoted(facts.typeCode())
                    + " n'est pas accepté, 380 (facture) ou 381 (avoir) attendu", InvoiceTag.TYPE_CODE, null);
        } else if ("381".equals(facts.typeCode()) && facts.totalWithVat() != null
                && facts.totalWithVat().compareTo(BigDecimal.ZERO) < 0) {
            report.add(FlowErrorCode.AVOIR_MONTANT, "un avoir doit porter des montants positifs",
                    InvoiceTag.TOTAL_WITH_VAT, "montant TTC reçu : " + facts.totalWithVat().toPlainString());
        }

        String seller = facts.sellerSiret();
        if (seller == null || seller.isBlank()) {
            report.add(FlowErrorCode.SIRET_FOURNISSEUR, "le SIRET du fournisseur est absent", InvoiceTag.SELLER_SIRET,
                    null);
        } else if (!SimulatedDirectory.isSiret(seller)) {
            report.add(FlowErrorCode.SIRET_FOURNISSEUR, "le SIRET du fournisseur " + quoted(seller)
                    + " doit compter 14 chiffres", InvoiceTag.SELLER_SIRET, null);
        }

        String buyer = facts.buyerSiret();
        if (buyer == null || buyer.isBlank()) {
            report.add(FlowErrorCode.SIRET_DESTINATAIRE, "le SIRET du destinataire est absent",
                    InvoiceTag.BUYER_SIRET, null);
        } else if (!SimulatedDirectory.isSiret(buyer)) {
            report.add(FlowErrorCode.SIRET_DESTINATAIRE, "le SIRET du destinataire " + quoted(buyer)
                    + " doit compter 14 chiffres", InvoiceTag.BUYER_SIRET, null);
        } else if (!directory.accepts(buyer)) {
            report.add(FlowErrorCode.DESTINATAIRE_INCONNU, "le destinataire " + buyer
                    + " n'est pas une structure publique de l'annuaire Chorus Pro", InvoiceTag.BUYER_SIRET, null);
        }

        String serviceCode = facts.serviceCode();
        if (serviceCode != null && serviceCode.length() > MAX_SERVICE_CODE_LENGTH) {
            report.add(FlowErrorCode.CODE_SERVICE, "le code service dépasse " + MAX_SERVICE_CODE_LENGTH
                    + " caractères", InvoiceTag.SERVICE_CODE, serviceCode.length() + " caractères reçus");
        }

        String engagement = facts.engagementNumber();
        if (engagement != null && engagement.length() > MAX_ENGAGEMENT_LENGTH) {
            report.add(FlowErrorCode.ENGAGEMENT, "le numéro d'engagement dépasse " + MAX_ENGAGEMENT_LENGTH
                    + " caractères", InvoiceTag.ENGAGEMENT, engagement.length() + " caractères reçus");
        }

        if (number != null && !number.isBlank() && SimulatedDirectory.isSiret(seller)
                && integrated.exists(seller, number)) {
            report.add(FlowErrorCode.FACTURE_EN_DOUBLON, "le fournisseur " + seller
                    + " a déjà déposé une facture portant ce numéro", InvoiceTag.NUMBER, null);
        }
        return errors;
    }

    private static String quoted(String value) {
        return "« " + (value == null ? "" : value) + " »";
    }

    @FunctionalInterface
    private interface Reporter {
        void add(FlowErrorCode code, String what, InvoiceTag tag, String detail);
    }
}
