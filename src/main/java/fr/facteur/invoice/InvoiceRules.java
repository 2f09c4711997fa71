package fr.facteur.invoice;

import java.util.Map;
import java.util.Set;

/**
 * The rules {@link InvoiceReader} applies, by stable id, and the bilingual messages they produce. Checks run in this
 * order and stop at the first stage that fails, as Chorus Pro does (XSD first, then the business rules): a file that
 * is not XML gets no schema errors, an XSD-invalid invoice gets no business-rule errors. Within a stage every
 * violation is reported (every XSD error, every missing fact).
 *
 * <ol>
 * <li>{@link #FILE_TOO_LARGE} — before anything is parsed;</li>
 * <li>{@link #XML_DOCTYPE}, {@link #XML_WELLFORMED}, {@link #SYNTAX_UNKNOWN} — a streaming peek at the root element
 * (when the root is unknown, the rest is streamed too: a file that is not XML at all gets XML-WELLFORMED);</li>
 * <li>{@link #FORMAT_NOT_ACCEPTED} — the tenant's accepted formats (tenant reads only);</li>
 * <li>{@link #XML_WELLFORMED}, {@link #XSD} — one validating parse;</li>
 * <li>{@link #FACT_MISSING}, {@link #SELLER_SIRET} (tenant reads only) — on the extracted facts — together with
 * the EN 16931 business rules (the CEN schematron: its own ids, BR-16, BR-CO-10, ...; see {@link En16931Schematron})
 * and the Chorus Pro B2G rules (B2G-*, see {@code ChorusProRules}): all of them run on an XSD-valid document and
 * every failure of every one is reported.</li>
 * </ol>
 */
public final class InvoiceRules {

    /** The file exceeds {@code facteur.invoice.max-size}; location: the file name. */
    public static final String FILE_TOO_LARGE = "FILE-TOO-LARGE";
    /** The file is not well-formed XML (or not XML at all); location: line:column. */
    public static final String XML_WELLFORMED = "XML-WELLFORMED";
    /** The file has a DOCTYPE: refused outright, entities are never declared, expanded or fetched; location: line:column. */
    public static final String XML_DOCTYPE = "XML-DOCTYPE";
    /** The root element is none of the understood syntaxes; location: line:column of the root. */
    public static final String SYNTAX_UNKNOWN = "SYNTAX-UNKNOWN";
    /** The syntax is understood but not among the tenant's formats; location: the file name. */
    public static final String FORMAT_NOT_ACCEPTED = "FORMAT-NOT-ACCEPTED";
    /** One XSD error (there may be many); location: line:column. */
    public static final String XSD = "XSD";
    /** A business term Facteur needs is absent or empty; location: its XPath. */
    public static final String FACT_MISSING = "FACT-MISSING";
    /** The seller's SIRET is not the sending tenant's; location: the XPath where the SIRET was read. */
    public static final String SELLER_SIRET = "SELLER-SIRET";


    /** Invoice number (BT-1) over 20 characters; location: its XPath. */
    public static final String B2G_NUMBER_LENGTH = "B2G-NUMBER-LENGTH";
    /** Type code (BT-3) other than 380 (invoice) or 381 (credit note); location: its XPath. */
    public static final String B2G_TYPE = "B2G-TYPE";
    /** A credit note (381) with a negative total: Chorus Pro wants its amounts positive; location: the amount. */
    public static final String B2G_CREDIT_NOTE_AMOUNTS = "B2G-CREDIT-NOTE-AMOUNTS";
    /** Engagement number (BT-13) over 50 characters; location: its XPath. */
    public static final String B2G_ENGAGEMENT_LENGTH = "B2G-ENGAGEMENT-LENGTH";
    /** Service code (BT-10) over 100 characters; location: its XPath. */
    public static final String B2G_SERVICE_LENGTH = "B2G-SERVICE-LENGTH";
    /** Cadre de facturation (BT-23, else BT-24) outside A1–A25 or A11; location: its XPath. Absent = A1, accepted. */
    public static final String B2G_CADRE = "B2G-CADRE";
    /** A transfer (payment means 30, 31, 42, 58) without a valid payee IBAN; location: the payment means. */
    public static final String B2G_IBAN = "B2G-IBAN";
    /** A credit note carrying payment means; location: the payment means. */
    public static final String B2G_CREDIT_NOTE_PAYMENT = "B2G-CREDIT-NOTE-PAYMENT";
    /** A supplier SIRET under a scheme other than 1, 0002, 0009 or none; location: the identifier. */
    public static final String B2G_SUPPLIER_SCHEME = "B2G-SUPPLIER-SCHEME";

    /** All ids of this class, for reports and documentation (EN 16931 ids are the schematron's own). */
    public static final Set<String> IDS = Set.of(FILE_TOO_LARGE, XML_WELLFORMED, XML_DOCTYPE, SYNTAX_UNKNOWN,
            FORMAT_NOT_ACCEPTED, XSD, FACT_MISSING, SELLER_SIRET, B2G_NUMBER_LENGTH, B2G_TYPE,
            B2G_CREDIT_NOTE_AMOUNTS, B2G_ENGAGEMENT_LENGTH, B2G_SERVICE_LENGTH, B2G_CADRE, B2G_IBAN,
            B2G_CREDIT_NOTE_PAYMENT, B2G_SUPPLIER_SCHEME);

    private InvoiceRules() {
    }

    static RuleViolation fileTooLarge(String fileName, long size, long maxSize) {
        return new RuleViolation(FILE_TOO_LARGE, fileName,
                "Le fichier fait " + size + " octets, au-delà de la taille maximale acceptée (" + maxSize
                        + " octets). Envoyez les factures dans des fichiers plus petits.",
                "The file is " + size + " bytes, over the maximum accepted size (" + maxSize
                        + " bytes). Send the invoices in smaller files.");
    }

    static RuleViolation notWellFormed(int line, int column, String parserMessage) {
        return new RuleViolation(XML_WELLFORMED, lineColumn(line, column),
                "Le fichier n'est pas un XML bien formé (ligne " + line + ", colonne " + column + ") : " + parserMessage,
                "The file is not well-formed XML (line " + line + ", column " + column + "): " + parserMessage);
    }

    static RuleViolation doctype(int line, int column) {
        return new RuleViolation(XML_DOCTYPE, lineColumn(line, column),
                "Le fichier contient une déclaration DOCTYPE (ligne " + line + ", colonne " + column
                        + ") : elle est refusée par sécurité (entités externes, expansion d'entités). Une facture UBL "
                        + "ou CII n'en a pas besoin : retirez-la.",
                "The file has a DOCTYPE declaration (line " + line + ", column " + column
                        + "): it is refused for security (external entities, entity expansion). A UBL or CII invoice "
                        + "needs none: remove it.");
    }

    static RuleViolation syntaxUnknown(int line, int column, String namespace, String localName) {
        String root = namespace == null || namespace.isEmpty() ? localName : "{" + namespace + "}" + localName;
        return new RuleViolation(SYNTAX_UNKNOWN, lineColumn(line, column),
                "L'élément racine " + root + " n'est pas celui d'une facture reconnue. Formats acceptés : UBL 2.1 "
                        + "Invoice ou CreditNote, CII D16B CrossIndustryInvoice (avec leur espace de noms).",
                "The root element " + root + " is not that of a known invoice. Accepted: UBL 2.1 Invoice or "
                        + "CreditNote, CII D16B CrossIndustryInvoice (with their namespace).");
    }

    static RuleViolation formatNotAccepted(String fileName, Syntax syntax, Set<String> accepted) {
        return new RuleViolation(FORMAT_NOT_ACCEPTED, fileName,
                "Le format " + syntax.format() + " (" + syntax.title() + ") n'est pas ouvert pour ce fournisseur. "
                        + "Formats ouverts : " + accepted + ".",
                "The format " + syntax.format() + " (" + syntax.title() + ") is not enabled for this supplier. "
                        + "Enabled formats: " + accepted + ".");
    }

    static RuleViolation xsd(Syntax syntax, int line, int column, String validatorMessage) {
        validatorMessage = withPrefixes(validatorMessage);
        return new RuleViolation(XSD, lineColumn(line, column),
                "Non conforme au schéma " + syntax.title() + " (ligne " + line + ", colonne " + column + ") : "
                        + validatorMessage,
                "Not valid against the " + syntax.title() + " schema (line " + line + ", column " + column + "): "
                        + validatorMessage);
    }

    static RuleViolation xsdTruncated(Syntax syntax, int shown) {
        return new RuleViolation(XSD, "",
                "Plus de " + shown + " erreurs de schéma " + syntax.title() + " : les suivantes ne sont pas listées.",
                "More than " + shown + " " + syntax.title() + " schema errors: the rest are not listed.");
    }

    static RuleViolation factMissing(String xpath, String termFr, String termEn) {
        return new RuleViolation(FACT_MISSING, xpath,
                "Information obligatoire absente ou vide : " + termFr + " (" + xpath + ").",
                "Required information missing or empty: " + termEn + " (" + xpath + ").");
    }

    static RuleViolation sellerSiret(String xpath, String invoiceSiret, String tenantSiret) {
        return new RuleViolation(SELLER_SIRET, xpath,
                "Le SIRET du vendeur " + invoiceSiret + " n'est pas celui du fournisseur " + tenantSiret
                        + " qui envoie le fichier : un fournisseur ne peut pas déposer de facture pour un autre.",
                "The seller SIRET " + invoiceSiret + " is not that of the sending supplier " + tenantSiret
                        + ": a supplier cannot submit invoices for another.");
    }

    /**
     * A failed EN 16931 assert: the CEN text is English only, so the French message names the rule and quotes it.
     */
    static RuleViolation en16931(String ruleId, String xpath, String assertText) {
        return new RuleViolation(ruleId, xpath,
                "Règle EN 16931 " + ruleId + " non respectée (" + xpath + ") : " + assertText,
                "EN 16931 rule " + ruleId + " not met (" + xpath + "): " + assertText);
    }

    /** A Chorus Pro rule, with the messages written by {@code ChorusProRules}. */
    static RuleViolation b2g(String ruleId, String xpath, String messageFr, String messageEn) {
        return new RuleViolation(ruleId, xpath, messageFr + " (" + xpath + ")", messageEn + " (" + xpath + ")");
    }

    /**
     * The validator names elements {"urn:oasis:...:CommonBasicComponents-2":Colour}; the usual prefixes (cbc:Colour)
     * make its messages several times shorter and are what the accountant's tools show.
     */
    private static String withPrefixes(String message) {
        if (message == null) {
            return "";
        }
        for (Map.Entry<String, String> ns : DomPath.NAMESPACES.entrySet()) {
            message = message.replace("\"" + ns.getValue() + "\":", ns.getKey() + ":");
        }
        return message;
    }

    private static String lineColumn(int line, int column) {
        return line + ":" + column;
    }
}
