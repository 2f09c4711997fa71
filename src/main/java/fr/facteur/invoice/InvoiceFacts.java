package fr.facteur.invoice;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What Facteur needs to know of an invoice (EN 16931 business terms in brackets).
 *
 * <p>Any field may be null when the document lacks it (or, for a rejected document, when it does not parse); an
 * accepted document always has its number and both SIRETs.
 *
 * @param syntax           the detected syntax, which gives the Chorus Pro interface code
 * @param number           invoice number (BT-1)
 * @param typeCode         380 invoice, 381 credit note, ... (BT-3)
 * @param issueDate        issue date (BT-2)
 * @param sellerSiret      supplier SIRET (UBL PartyIdentification / PartyLegalEntity CompanyID, CII SpecifiedLegalOrganization)
 * @param buyerSiret       recipient SIRET
 * @param serviceCode      service exécutant (BT-10 BuyerReference), may be null
 * @param engagementNumber engagement juridique (BT-13 order reference), may be null
 * @param currency         invoice currency (BT-5)
 * @param totalWithoutVat  total without VAT (BT-109: UBL TaxExclusiveAmount, CII TaxBasisTotalAmount)
 * @param totalVat         total VAT in the invoice currency (BT-110: UBL TaxTotal/TaxAmount, CII TaxTotalAmount)
 * @param totalWithVat     total with VAT (BT-112: UBL TaxInclusiveAmount, CII GrandTotalAmount)
 * @param amountDue        amount due for payment (BT-115: UBL PayableAmount, CII DuePayableAmount)
 */
public record InvoiceFacts(Syntax syntax, String number, String typeCode, LocalDate issueDate, String sellerSiret,
        String buyerSiret, String serviceCode, String engagementNumber, String currency, BigDecimal totalWithoutVat,
        BigDecimal totalVat, BigDecimal totalWithVat, BigDecimal amountDue) {
}
