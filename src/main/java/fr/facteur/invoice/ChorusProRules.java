package fr.facteur.invoice;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The Chorus Pro B2G rules that EN 16931 does not make (chorus-pro.md §2), each with its own B2G-* id (listed in
 * {@link InvoiceRules}) and a message that tells the accountant what to change. Plain code on the XSD-valid DOM, so
 * each rule is unit-testable on a mutated fixture; every failure is reported, not only the first.
 *
 * <p>Cadre de facturation: read from BT-23 (UBL ProfileID, CII BusinessProcessSpecifiedDocumentContextParameter),
 * else from BT-24 (CustomizationID, GuidelineSpecifiedDocumentContextParameter) when that looks like a cadre code
 * (a letter and one or two digits). When neither holds a cadre code the invoice is accepted: Chorus Pro then
 * deposits it under A1 (supplier invoice), which is what a B2G supplier sends by default.
 */
final class ChorusProRules {

    static final int MAX_NUMBER_LENGTH = 20;
    static final int MAX_ENGAGEMENT_LENGTH = 50;
    static final int MAX_SERVICE_LENGTH = 100;
    /** UNTDID 4461 codes that are credit transfers: the money goes to the supplier's account, so it needs an IBAN. */
    static final Set<String> TRANSFER_CODES = Set.of("30", "31", "42", "58");
    /** Schemes a supplier SIRET may carry: Chorus Pro's "1", ISO 6523 0002 (SIRENE), 0009 (SIRET), or none. */
    static final Set<String> SUPPLIER_SCHEMES = Set.of("", "1", "0002", "0009");
    private static final Set<String> SIRET_ONLY_SCHEMES = Set.of("1", "0009");

    private static final Pattern CADRE_LIKE = Pattern.compile("[A-Z]\\d{1,2}");
    private static final Pattern FOURTEEN_DIGITS = Pattern.compile("\\d{14}");
    private static final Pattern IBAN_SHAPE = Pattern.compile("[A-Z]{2}\\d{2}[A-Z0-9]{11,30}");

    /** Where each term sits in one syntax, relative to the root element. */
    private record Paths(String root, String number, String typeCode, List<String> totals, String engagement,
            String service, String profile, String customization, String paymentMeans, String paymentCode,
            String iban, List<String> supplierIds) {
    }

    private static final String UBL_TOTAL = "cac:LegalMonetaryTotal/";
    private static final String UBL_SUPPLIER = "cac:AccountingSupplierParty/cac:Party/";

    private static Paths ubl(String root, String typeCode) {
        return new Paths(root, "cbc:ID", typeCode,
                List.of(UBL_TOTAL + "cbc:TaxExclusiveAmount", UBL_TOTAL + "cbc:TaxInclusiveAmount",
                        UBL_TOTAL + "cbc:PayableAmount"),
                "cac:OrderReference/cbc:ID", "cbc:BuyerReference", "cbc:ProfileID", "cbc:CustomizationID",
                "cac:PaymentMeans", "cbc:PaymentMeansCode", "cac:PayeeFinancialAccount/cbc:ID",
                List.of(UBL_SUPPLIER + "cac:PartyIdentification/cbc:ID",
                        UBL_SUPPLIER + "cac:PartyLegalEntity/cbc:CompanyID"));
    }

    private static final String CII_CONTEXT = "rsm:ExchangedDocumentContext/";
    private static final String CII_AGREEMENT = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/";
    private static final String CII_SETTLEMENT = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/";
    private static final String CII_SUMMATION = CII_SETTLEMENT + "ram:SpecifiedTradeSettlementHeaderMonetarySummation/";
    private static final String CII_SELLER = CII_AGREEMENT + "ram:SellerTradeParty/";

    private static final Paths UBL_INVOICE = ubl("/Invoice", "cbc:InvoiceTypeCode");
    private static final Paths UBL_CREDIT_NOTE = ubl("/CreditNote", "cbc:CreditNoteTypeCode");
    private static final Paths CII = new Paths("/rsm:CrossIndustryInvoice", "rsm:ExchangedDocument/ram:ID",
            "rsm:ExchangedDocument/ram:TypeCode",
            List.of(CII_SUMMATION + "ram:TaxBasisTotalAmount", CII_SUMMATION + "ram:GrandTotalAmount",
                    CII_SUMMATION + "ram:DuePayableAmount"),
            CII_AGREEMENT + "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID", CII_AGREEMENT + "ram:BuyerReference",
            CII_CONTEXT + "ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID",
            CII_CONTEXT + "ram:GuidelineSpecifiedDocumentContextParameter/ram:ID",
            CII_SETTLEMENT + "ram:SpecifiedTradeSettlementPaymentMeans", "ram:TypeCode",
            "ram:PayeePartyCreditorFinancialAccount/ram:IBANID",
            List.of(CII_SELLER + "ram:SpecifiedLegalOrganization/ram:ID", CII_SELLER + "ram:ID"));

    private ChorusProRules() {
    }

    /** Every B2G rule {@code document} fails (empty when it meets them all). */
    static List<RuleViolation> check(Document document, Syntax syntax) {
        Paths at = switch (syntax) {
            case UBL_INVOICE -> UBL_INVOICE;
            case UBL_CREDIT_NOTE -> UBL_CREDIT_NOTE;
            case CII, FACTURX -> CII;
        };
        Element root = document.getDocumentElement();
        List<RuleViolation> violations = new ArrayList<>();
        length(root, at, at.number(), MAX_NUMBER_LENGTH, InvoiceRules.B2G_NUMBER_LENGTH,
                "numéro de facture (BT-1)", "invoice number (BT-1)", violations);
        length(root, at, at.engagement(), MAX_ENGAGEMENT_LENGTH, InvoiceRules.B2G_ENGAGEMENT_LENGTH,
                "numéro d'engagement juridique (BT-13)", "engagement number (BT-13)", violations);
        length(root, at, at.service(), MAX_SERVICE_LENGTH, InvoiceRules.B2G_SERVICE_LENGTH,
                "code service exécutant (BT-10)", "service code (BT-10)", violations);

        String type = DomPath.text(root, at.typeCode());
        boolean creditNote = "381".equals(type);
        if (type != null && !"380".equals(type) && !creditNote) {
            violations.add(InvoiceRules.b2g(InvoiceRules.B2G_TYPE, xpath(at, at.typeCode()),
                    "Le type de document " + type + " n'est pas accepté par Chorus Pro : utilisez 380 (facture) ou "
                            + "381 (avoir)",
                    "Document type " + type + " is not accepted by Chorus Pro: use 380 (invoice) or 381 (credit note)"));
        }
        if (creditNote) {
            creditNoteAmounts(root, at, violations);
            List<Element> means = DomPath.all(root, at.paymentMeans());
            if (!means.isEmpty()) {
                violations.add(InvoiceRules.b2g(InvoiceRules.B2G_CREDIT_NOTE_PAYMENT, xpath(at, at.paymentMeans()),
                        "Un avoir (381) ne doit pas porter de moyen de paiement : c'est la structure publique qui ne "
                                + "paie pas, retirez le bloc moyen de paiement",
                        "A credit note (381) must carry no payment means: the public body pays nothing, remove the "
                                + "payment means block"));
            }
        } else {
            transfersHaveAnIban(root, at, violations);
        }
        cadre(root, at, violations);
        supplierScheme(root, at, violations);
        return violations;
    }

    private static void length(Element root, Paths at, String path, int max, String rule, String termFr,
            String termEn, List<RuleViolation> violations) {
        String value = DomPath.text(root, path);
        if (value != null && value.length() > max) {
            violations.add(InvoiceRules.b2g(rule, xpath(at, path),
                    "Le " + termFr + " « " + value + " » fait " + value.length() + " caractères ; Chorus Pro en "
                            + "accepte au plus " + max,
                    "The " + termEn + " \"" + value + "\" is " + value.length() + " characters long; Chorus Pro "
                            + "accepts at most " + max));
        }
    }

    private static void creditNoteAmounts(Element root, Paths at, List<RuleViolation> violations) {
        for (String path : at.totals()) {
            String value = DomPath.text(root, path);
            if (value == null) {
                continue;
            }
            BigDecimal amount;
            try {
                amount = new BigDecimal(value);
            } catch (NumberFormatException e) {
                continue; // the XSD has already refused a non-decimal amount
            }
            if (amount.signum() < 0) {
                violations.add(InvoiceRules.b2g(InvoiceRules.B2G_CREDIT_NOTE_AMOUNTS, xpath(at, path),
                        "Un avoir (381) porte des montants positifs : le type 381 dit déjà qu'il s'agit d'un crédit. "
                                + "Écrivez " + amount.negate().toPlainString() + " au lieu de " + value,
                        "A credit note (381) carries positive amounts: type 381 already says it is a credit. "
                                + "Write " + amount.negate().toPlainString() + " instead of " + value));
            }
        }
    }

    private static void transfersHaveAnIban(Element root, Paths at, List<RuleViolation> violations) {
        List<Element> means = DomPath.all(root, at.paymentMeans());
        for (int i = 0; i < means.size(); i++) {
            String code = DomPath.text(means.get(i), at.paymentCode());
            if (!TRANSFER_CODES.contains(code)) {
                continue;
            }
            String where = xpath(at, at.paymentMeans()) + "[" + (i + 1) + "]/" + at.iban();
            String iban = DomPath.text(means.get(i), at.iban());
            if (iban == null) {
                violations.add(InvoiceRules.b2g(InvoiceRules.B2G_IBAN, where,
                        "Le moyen de paiement " + code + " est un virement : indiquez l'IBAN du compte à créditer "
                                + "(BT-84)",
                        "Payment means " + code + " is a credit transfer: give the IBAN of the account to be paid "
                                + "(BT-84)"));
            } else if (!isIban(iban)) {
                violations.add(InvoiceRules.b2g(InvoiceRules.B2G_IBAN, where,
                        "L'IBAN « " + iban + " » du virement n'est pas valide (format ou clé de contrôle) : "
                                + "recopiez-le depuis le RIB",
                        "The transfer IBAN \"" + iban + "\" is not valid (format or check digits): copy it from "
                                + "the bank details"));
            }
        }
    }

    /** ISO 13616: two letters, two check digits, the account; the whole, rearranged, is 1 modulo 97. */
    static boolean isIban(String value) {
        String iban = value.replace(" ", "").toUpperCase(java.util.Locale.ROOT);
        if (!IBAN_SHAPE.matcher(iban).matches()) {
            return false;
        }
        StringBuilder digits = new StringBuilder();
        for (char c : (iban.substring(4) + iban.substring(0, 4)).toCharArray()) {
            digits.append(Character.digit(c, 36));
        }
        return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    private static void cadre(Element root, Paths at, List<RuleViolation> violations) {
        String path = at.profile();
        String code = DomPath.text(root, path);
        if (code == null || !CADRE_LIKE.matcher(code).matches()) {
            path = at.customization();
            code = DomPath.text(root, path);
            if (code == null || !CADRE_LIKE.matcher(code).matches()) {
                return; // no cadre given: Chorus Pro deposits the invoice under A1
            }
        }
        if (!isAcceptedCadre(code)) {
            violations.add(InvoiceRules.b2g(InvoiceRules.B2G_CADRE, xpath(at, path),
                    "Le cadre de facturation " + code + " n'est pas accepté pour ce dépôt : utilisez un cadre A1 à "
                            + "A25 hors A11 (A1 pour une facture de fournisseur) ; les cadres B, S et M ne sont pas "
                            + "ouverts",
                    "Billing framework " + code + " is not accepted for this deposit: use A1 to A25 except A11 "
                            + "(A1 for a supplier invoice); B, S and M frameworks are not open"));
        }
    }

    static boolean isAcceptedCadre(String code) {
        if (code.charAt(0) != 'A') {
            return false;
        }
        int n = Integer.parseInt(code.substring(1));
        return n >= 1 && n <= 25 && n != 11 && !code.startsWith("A0");
    }

    private static void supplierScheme(Element root, Paths at, List<RuleViolation> violations) {
        for (String path : at.supplierIds()) {
            for (Element id : DomPath.all(root, path)) {
                String value = DomPath.text(id);
                if (value == null) {
                    continue;
                }
                value = value.replace(" ", "");
                String scheme = id.getAttribute("schemeID").strip();
                boolean fourteenDigits = FOURTEEN_DIGITS.matcher(value).matches();
                if (fourteenDigits && !SUPPLIER_SCHEMES.contains(scheme)) {
                    violations.add(InvoiceRules.b2g(InvoiceRules.B2G_SUPPLIER_SCHEME, xpath(at, path),
                            "Le SIRET du fournisseur " + value + " est qualifié par le schéma « " + scheme
                                    + " » : Chorus Pro attend 1, 0002 ou 0009 (SIRET), ou aucun schéma",
                            "The supplier SIRET " + value + " is qualified by scheme \"" + scheme
                                    + "\": Chorus Pro expects 1, 0002 or 0009 (SIRET), or no scheme"));
                } else if (!fourteenDigits && SIRET_ONLY_SCHEMES.contains(scheme)) {
                    violations.add(InvoiceRules.b2g(InvoiceRules.B2G_SUPPLIER_SCHEME, xpath(at, path),
                            "L'identifiant du fournisseur « " + value + " » est déclaré comme SIRET (schéma " + scheme
                                    + ") mais n'a pas 14 chiffres",
                            "The supplier identifier \"" + value + "\" is declared a SIRET (scheme " + scheme
                                    + ") but is not 14 digits"));
                }
            }
        }
    }

    private static String xpath(Paths at, String path) {
        return at.root() + "/" + path;
    }
}
