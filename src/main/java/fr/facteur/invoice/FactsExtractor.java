package fr.facteur.invoice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads the {@link InvoiceFacts} of a UBL or CII document at the EN 16931 locations Chorus Pro uses
 * (chorus-pro.md §2.2), and names every required term that is missing.
 *
 * <p>Lenient by design: it also runs on XSD-invalid documents (to name the invoice in the rejection), so a value
 * that does not parse as a date or an amount becomes null rather than an exception.
 */
final class FactsExtractor {

    /** Identifier schemes that mean SIRET: Chorus Pro's own "1" and ISO 6523 0009 (SIRET-CODE). */
    private static final Set<String> SIRET_SCHEMES = Set.of("1", "0009", "SIRET");
    /** ISO 6523 0002 (SIRENE) carries a SIREN (9 digits) or a SIRET (14): a SIRET only when 14 digits. */
    private static final String SIRENE_SCHEME = "0002";
    private static final Pattern FOURTEEN_DIGITS = Pattern.compile("\\d{14}");
    private static final DateTimeFormatter FORMAT_102 = DateTimeFormatter.BASIC_ISO_DATE;

    /**
     * Where each fact sits in one syntax, relative to the root element.
     *
     * @param partyIds where a party's identifiers are looked for, in order of preference
     */
    private record Locations(String root, String number, String typeCode, String issueDate, boolean cii,
            String seller, String buyer, List<String> partyIds, String serviceCode, String engagementNumber,
            String currency, String totalWithoutVat, String totalVat, String totalWithVat, String amountDue) {
    }

    private static final String UBL_TOTAL = "cac:LegalMonetaryTotal/";
    private static final List<String> UBL_PARTY_IDS = List.of("cac:PartyIdentification/cbc:ID",
            "cac:PartyLegalEntity/cbc:CompanyID");

    private static Locations ubl(String root, String typeCode) {
        return new Locations(root, "cbc:ID", typeCode, "cbc:IssueDate", false,
                "cac:AccountingSupplierParty/cac:Party", "cac:AccountingCustomerParty/cac:Party", UBL_PARTY_IDS,
                "cbc:BuyerReference", "cac:OrderReference/cbc:ID", "cbc:DocumentCurrencyCode",
                UBL_TOTAL + "cbc:TaxExclusiveAmount", "cac:TaxTotal/cbc:TaxAmount", UBL_TOTAL + "cbc:TaxInclusiveAmount",
                UBL_TOTAL + "cbc:PayableAmount");
    }

    private static final String CII_AGREEMENT = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/";
    private static final String CII_SETTLEMENT = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/";
    private static final String CII_SUMMATION = CII_SETTLEMENT + "ram:SpecifiedTradeSettlementHeaderMonetarySummation/";

    private static final Locations UBL_INVOICE = ubl("/Invoice", "cbc:InvoiceTypeCode");
    private static final Locations UBL_CREDIT_NOTE = ubl("/CreditNote", "cbc:CreditNoteTypeCode");
    private static final Locations CII = new Locations("/rsm:CrossIndustryInvoice", "rsm:ExchangedDocument/ram:ID",
            "rsm:ExchangedDocument/ram:TypeCode", "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString", true,
            CII_AGREEMENT + "ram:SellerTradeParty", CII_AGREEMENT + "ram:BuyerTradeParty",
            List.of("ram:SpecifiedLegalOrganization/ram:ID", "ram:ID", "ram:GlobalID"),
            CII_AGREEMENT + "ram:BuyerReference", CII_AGREEMENT + "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID",
            CII_SETTLEMENT + "ram:InvoiceCurrencyCode", CII_SUMMATION + "ram:TaxBasisTotalAmount",
            CII_SUMMATION + "ram:TaxTotalAmount", CII_SUMMATION + "ram:GrandTotalAmount",
            CII_SUMMATION + "ram:DuePayableAmount");

    /**
     * @param facts            the facts found (null fields where absent)
     * @param missing          a FACT-MISSING violation per required term absent
     * @param sellerSiretXPath where the seller SIRET was read (for SELLER-SIRET), null when absent
     */
    record Extraction(InvoiceFacts facts, List<RuleViolation> missing, String sellerSiretXPath) {
    }

    private FactsExtractor() {
    }

    static Extraction extract(Document document, Syntax syntax) {
        Locations at = switch (syntax) {
            case UBL_INVOICE -> UBL_INVOICE;
            case UBL_CREDIT_NOTE -> UBL_CREDIT_NOTE;
            case CII, FACTURX -> CII;
        };
        Element root = document.getDocumentElement();
        String number = DomPath.text(root, at.number());
        Identified seller = siret(root, at, at.seller());
        Identified buyer = siret(root, at, at.buyer());
        String currency = DomPath.text(root, at.currency());
        InvoiceFacts facts = new InvoiceFacts(syntax, number, DomPath.text(root, at.typeCode()),
                issueDate(root, at), seller == null ? null : seller.value(), buyer == null ? null : buyer.value(),
                DomPath.text(root, at.serviceCode()), DomPath.text(root, at.engagementNumber()), currency,
                amount(root, at.totalWithoutVat(), currency), amount(root, at.totalVat(), currency),
                amount(root, at.totalWithVat(), currency), amount(root, at.amountDue(), currency));

        List<RuleViolation> missing = new ArrayList<>();
        if (number == null) {
            missing.add(InvoiceRules.factMissing(xpath(at, at.number()), "numéro de facture (BT-1)",
                    "invoice number (BT-1)"));
        }
        if (seller == null) {
            missing.add(InvoiceRules.factMissing(xpath(at, at.seller() + "/" + at.partyIds().get(0)),
                    "SIRET du vendeur (14 chiffres, cherché en " + alternatives(at, at.seller()) + ")",
                    "seller SIRET (14 digits, looked for at " + alternatives(at, at.seller()) + ")"));
        }
        if (buyer == null) {
            missing.add(InvoiceRules.factMissing(xpath(at, at.buyer() + "/" + at.partyIds().get(0)),
                    "SIRET de l'acheteur, la structure publique destinataire (14 chiffres, cherché en "
                            + alternatives(at, at.buyer()) + ")",
                    "buyer SIRET, the public recipient (14 digits, looked for at " + alternatives(at, at.buyer())
                            + ")"));
        }
        return new Extraction(facts, missing, seller == null ? null : seller.xpath());
    }

    /** A SIRET and where it was read. */
    private record Identified(String value, String xpath) {
    }

    /**
     * A party's SIRET: among its identifiers (in {@link Locations#partyIds} order), the first that is 14 digits with
     * a SIRET or SIRENE scheme or none; else the first explicitly labelled SIRET, whatever its value (so the supplier
     * sees what it sent); else none. Spaces inside the number are ignored.
     */
    private static Identified siret(Element root, Locations at, String party) {
        Identified labelled = null;
        for (String idPath : at.partyIds()) {
            String path = party + "/" + idPath;
            for (Element id : DomPath.all(root, path)) {
                String value = DomPath.text(id);
                if (value == null) {
                    continue;
                }
                value = value.replace(" ", "");
                String scheme = id.getAttribute("schemeID").strip();
                boolean siretScheme = SIRET_SCHEMES.contains(scheme);
                if (FOURTEEN_DIGITS.matcher(value).matches()
                        && (scheme.isEmpty() || siretScheme || SIRENE_SCHEME.equals(scheme))) {
                    return new Identified(value, xpath(at, path));
                }
                if (siretScheme && labelled == null) {
                    labelled = new Identified(value, xpath(at, path));
                }
            }
        }
        return labelled;
    }

    private static String alternatives(Locations at, String party) {
        return String.join(", ", at.partyIds().stream().map(p -> xpath(at, party + "/" + p)).toList());
    }

    private static String xpath(Locations at, String path) {
        return at.root() + "/" + path;
    }

    private static LocalDate issueDate(Element root, Locations at) {
        List<Element> found = DomPath.all(root, at.issueDate());
        if (found.isEmpty()) {
            return null;
        }
        String value = DomPath.text(found.get(0));
        if (value == null) {
            return null;
        }
        try {
            if (at.cii()) {
                // UN/EDIFACT 2379 format 102 = CCYYMMDD, the only one EN 16931 allows
                return "102".equals(found.get(0).getAttribute("format").strip())
                        ? LocalDate.parse(value, FORMAT_102) : null;
            }
            // xsd:date, possibly with a time zone suffix
            return value.length() >= 10 ? LocalDate.parse(value.substring(0, 10)) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * An amount: the occurrence in the document currency when the term is repeated per currency (VAT in accounting
     * currency, BT-111), else the first.
     */
    private static BigDecimal amount(Element root, String path, String currency) {
        List<Element> found = DomPath.all(root, path);
        if (found.isEmpty()) {
            return null;
        }
        Element chosen = found.get(0);
        for (Element e : found) {
            if (currency != null && currency.equals(e.getAttribute("currencyID").strip())) {
                chosen = e;
                break;
            }
        }
        String value = DomPath.text(chosen);
        try {
            return value == null ? null : new BigDecimal(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
