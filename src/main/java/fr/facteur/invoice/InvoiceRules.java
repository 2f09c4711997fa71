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
 * <li>a PDF (Factur-X): {@link #FORMAT_NOT_ACCEPTED}, {@link #PDF_UNREADABLE}, {@link #FACTURX_PDFA},
 * {@link #FACTURX_NO_XML}, {@link #FACTURX_AF_RELATIONSHIP}, {@link #FACTURX_XML_TOO_LARGE}, then its factur-x.xml
 * goes through the stages below ({@link #FACTURX_NOT_CII} at the root, {@link #FACTURX_PROFILE} with the business
 * rules);</li>
 * <li>an XML whose root is no invoice, from a tenant with a mapping: {@link #MAPPING_FAILED}, then the mapped UBL
 * goes through the stages below;</li>
 * <li>{@link #XML_DOCTYPE}, {@link #XML_WELLFORMED}, {@link #SYNTAX_UNKNOWN} — a streaming peek at the root element
 * (when the root is unknown, the rest is streamed too: a file that is not XML at all gets XML-WELLFORMED);</li>
 * <li>{@link #FORMAT_NOT_ACCEPTED} — the tenant's accepted formats (tenant reads only);</li>
 * <li>{@link #XML_WELLFORMED}, {@link #XML_DEPTH}, {@link #XSD} — one validating parse;</li>
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

    /** Elements nested deeper than {@code ValidatingParser.MAX_DEPTH}: refused before building the document. */
    public static final String XML_DEPTH = "XML-DEPTH";

    /** The file starts like a PDF (or is named .pdf) but PDFBox cannot open it, or it is encrypted; location: file. */
    public static final String PDF_UNREADABLE = "PDF-UNREADABLE";
    /** A Factur-X PDF whose XMP metadata does not declare PDF/A-3 (pdfaid:part=3); location: the file name. */
    public static final String FACTURX_PDFA = "FACTURX-PDFA";
    /** A PDF with no embedded factur-x.xml: a plain PDF is not a structured invoice; location: the file name. */
    public static final String FACTURX_NO_XML = "FACTURX-NO-XML";
    /** The embedded factur-x.xml has no /AFRelationship Data, Source or Alternative; location: the file name. */
    public static final String FACTURX_AF_RELATIONSHIP = "FACTURX-AFRELATIONSHIP";
    /** The embedded factur-x.xml exceeds {@code facteur.invoice.max-size}; location: factur-x.xml. */
    public static final String FACTURX_XML_TOO_LARGE = "FACTURX-XML-TOO-LARGE";
    /** The embedded XML is not a CII CrossIndustryInvoice; location: factur-x.xml line:column. */
    public static final String FACTURX_NOT_CII = "FACTURX-NOT-CII";
    /** The guideline id (BT-24) is not a complete Factur-X profile, or disagrees with the XMP ConformanceLevel. */
    public static final String FACTURX_PROFILE = "FACTURX-PROFILE";

    /** The tenant's mapping (XSLT) failed on the supplier's file; location: the file name. */
    public static final String MAPPING_FAILED = "MAPPING-FAILED";

    /** All ids of this class, for reports and documentation (EN 16931 ids are the schematron's own). */
    public static final Set<String> IDS = Set.of(FILE_TOO_LARGE, XML_WELLFORMED, XML_DOCTYPE, SYNTAX_UNKNOWN,
            FORMAT_NOT_ACCEPTED, XSD, FACT_MISSING, SELLER_SIRET, B2G_NUMBER_LENGTH, B2G_TYPE,
            B2G_CREDIT_NOTE_AMOUNTS, B2G_ENGAGEMENT_LENGTH, B2G_SERVICE_LENGTH, B2G_CADRE, B2G_IBAN,
            B2G_CREDIT_NOTE_PAYMENT, B2G_SUPPLIER_SCHEME, XML_DEPTH, PDF_UNREADABLE, FACTURX_PDFA, FACTURX_NO_XML,
            FACTURX_AF_RELATIONSHIP, FACTURX_XML_TOO_LARGE, FACTURX_NOT_CII, FACTURX_PROFILE, MAPPING_FAILED);

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

    static RuleViolation tooDeep(int line, int column, int maxDepth) {
        return new RuleViolation(XML_DEPTH, lineColumn(line, column),
                "Le document imbrique plus de " + maxDepth + " niveaux d'éléments (ligne " + line + ", colonne "
                        + column + ") : refusé par sécurité, aucune facture n'en a besoin.",
                "The document nests more than " + maxDepth + " levels of elements (line " + line + ", column "
                        + column + "): refused for security, no invoice needs that many.");
    }

    static RuleViolation pdfUnreadable(String fileName, String reason) {
        return new RuleViolation(PDF_UNREADABLE, fileName,
                "Le fichier n'est pas un PDF lisible (" + reason + "). Une facture Factur-X est un PDF/A-3 non "
                        + "chiffré contenant factur-x.xml.",
                "The file is not a readable PDF (" + reason + "). A Factur-X invoice is an unencrypted PDF/A-3 "
                        + "embedding factur-x.xml.");
    }

    static RuleViolation facturXPdfA(String fileName, String declaredPart) {
        String found = declaredPart == null ? "aucune déclaration PDF/A" : "PDF/A-" + declaredPart;
        String foundEn = declaredPart == null ? "no PDF/A declaration" : "PDF/A-" + declaredPart;
        return new RuleViolation(FACTURX_PDFA, fileName,
                "Le PDF n'est pas déclaré PDF/A-3 dans ses métadonnées XMP (pdfaid:part=3 attendu, trouvé : " + found
                        + "). Factur-X exige un PDF/A-3 : faites-le produire en PDF/A-3 par votre logiciel.",
                "The PDF is not declared PDF/A-3 in its XMP metadata (pdfaid:part=3 expected, found: " + foundEn
                        + "). Factur-X requires PDF/A-3: have your software produce PDF/A-3.");
    }

    static RuleViolation facturXNoXml(String fileName) {
        return new RuleViolation(FACTURX_NO_XML, fileName,
                "Le PDF ne contient pas de fichier joint factur-x.xml : un PDF seul n'est pas une facture "
                        + "structurée. Envoyez une facture Factur-X, UBL ou CII.",
                "The PDF embeds no factur-x.xml: a plain PDF is not a structured invoice. Send a Factur-X, UBL or "
                        + "CII invoice.");
    }

    static RuleViolation facturXAfRelationship(String fileName, String found) {
        return new RuleViolation(FACTURX_AF_RELATIONSHIP, fileName,
                "Le fichier joint factur-x.xml n'a pas de relation /AFRelationship Data, Source ou Alternative "
                        + "(trouvé : " + (found == null ? "aucune" : found) + "), exigée par PDF/A-3 et Factur-X.",
                "The embedded factur-x.xml has no /AFRelationship Data, Source or Alternative (found: "
                        + (found == null ? "none" : found) + "), required by PDF/A-3 and Factur-X.");
    }

    static RuleViolation facturXXmlTooLarge(String fileName, long maxSize) {
        return new RuleViolation(FACTURX_XML_TOO_LARGE, fileName + "!/" + FacturX.XML_NAME,
                "Le fichier factur-x.xml joint dépasse la taille maximale acceptée (" + maxSize + " octets).",
                "The embedded factur-x.xml exceeds the maximum accepted size (" + maxSize + " bytes).");
    }

    static RuleViolation facturXNotCii(int line, int column, String namespace, String localName) {
        String root = namespace == null || namespace.isEmpty() ? localName : "{" + namespace + "}" + localName;
        return new RuleViolation(FACTURX_NOT_CII, FacturX.XML_NAME + " " + lineColumn(line, column),
                "Le factur-x.xml joint n'est pas une facture CII (élément racine " + root
                        + ") : Factur-X porte une CrossIndustryInvoice D16B.",
                "The embedded factur-x.xml is not a CII invoice (root element " + root
                        + "): Factur-X carries a D16B CrossIndustryInvoice.");
    }

    static RuleViolation facturXProfile(String xpath, String messageFr, String messageEn) {
        return new RuleViolation(FACTURX_PROFILE, xpath, messageFr + " (" + xpath + ")", messageEn + " (" + xpath + ")");
    }

    static RuleViolation mappingFailed(String fileName, String reason) {
        return new RuleViolation(MAPPING_FAILED, fileName,
                "La conversion de votre fichier au format UBL (mapping configuré pour vous) a échoué : " + reason
                        + ". Vérifiez que le fichier suit le format convenu avec votre opérateur.",
                "Converting your file to UBL (the mapping configured for you) failed: " + reason
                        + ". Check that the file follows the format agreed with your operator.");
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
