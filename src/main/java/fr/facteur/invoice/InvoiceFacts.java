package fr.facteur.invoice;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What Facteur needs to know of an invoice (EN 16931 business terms in brackets).
 *
 * @param number           invoice number (BT-1)
 * @param typeCode         380 invoice, 381 credit note, ... (BT-3)
 * @param sellerSiret      supplier SIRET (UBL PartyIdentification / PartyLegalEntity CompanyID, CII SpecifiedLegalOrganization)
 * @param buyerSiret       recipient SIRET
 * @param serviceCode      service exécutant (BT-10 BuyerReference), may be null
 * @param engagementNumber engagement juridique (BT-13 order reference), may be null
 */
public record InvoiceFacts(Syntax syntax, String number, String typeCode, LocalDate issueDate, String sellerSiret,
        String buyerSiret, String serviceCode, String engagementNumber, String currency, BigDecimal totalWithoutVat,
        BigDecimal totalVat, BigDecimal totalWithVat, BigDecimal amountDue) {
}
