package fr.facteur.simulator;

import fr.facteur.invoice.Syntax;

/**
 * Where a business term sits in each syntax (EN 16931 bindings, chorus-pro.md §2.2), so error messages name the tag
 * the supplier has to fix, as Chorus Pro's do.
 */
enum InvoiceTag {
    NUMBER("cbc:ID", "rsm:ExchangedDocument/ram:ID"),
    TYPE_CODE("cbc:InvoiceTypeCode", "rsm:ExchangedDocument/ram:TypeCode"),
    SELLER_SIRET("cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID",
            "ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"),
    BUYER_SIRET("cac:AccountingCustomerParty/cac:Party/cac:PartyIdentification/cbc:ID",
            "ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"),
    SERVICE_CODE("cbc:BuyerReference", "ram:ApplicableHeaderTradeAgreement/ram:BuyerReference"),
    ENGAGEMENT("cac:OrderReference/cbc:ID", "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"),
    TOTAL_WITH_VAT("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount",
            "ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount");

    private final String ubl;
    private final String cii;

    InvoiceTag(String ubl, String cii) {
        this.ubl = ubl;
        this.cii = cii;
    }

    /** The tag's path in {@code syntax} (UBL when unknown). */
    String in(Syntax syntax) {
        if (syntax != null && syntax.isCii()) {
            return cii;
        }
        if (this == TYPE_CODE && syntax == Syntax.UBL_CREDIT_NOTE) {
            return "cbc:CreditNoteTypeCode";
        }
        return ubl;
    }
}
