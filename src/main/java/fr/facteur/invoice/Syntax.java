package fr.facteur.invoice;

import java.util.Optional;

/**
 * Invoice syntaxes Facteur understands, with the Chorus Pro interface code each is deposited under and the root
 * element (namespace + local name) that identifies it.
 */
public enum Syntax {
    UBL_INVOICE("UBL", "FSO1100A", "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "Invoice",
            "UBL 2.1 Invoice"),
    UBL_CREDIT_NOTE("UBL", "FSO1100A", "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2", "CreditNote",
            "UBL 2.1 CreditNote"),
    CII("CII", "FSO1106A", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100", "CrossIndustryInvoice",
            "UN/CEFACT CII D16B"),
    /**
     * A Factur-X PDF/A-3 whose embedded factur-x.xml is a CII D16B invoice: validated as CII, deposited as the PDF
     * itself (E2 mixed flow). Never detected from an XML root: only from a PDF (see {@link FacturX}).
     */
    FACTURX("FACTURX", "FSO1117A", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
            "CrossIndustryInvoice", "Factur-X (PDF/A-3 + CII D16B)");

    private final String format;
    private final String interfaceCode;
    private final String rootNamespace;
    private final String rootName;
    private final String title;

    Syntax(String format, String interfaceCode, String rootNamespace, String rootName, String title) {
        this.format = format;
        this.interfaceCode = interfaceCode;
        this.rootNamespace = rootNamespace;
        this.rootName = rootName;
        this.title = title;
    }

    /** The tenant-file name of the format (formats: [UBL, CII, FACTURX]). */
    public String format() {
        return format;
    }

    /** The Chorus Pro interface code of an E1 deposit in this syntax. */
    public String interfaceCode() {
        return interfaceCode;
    }

    /** Namespace URI of the root element. */
    public String rootNamespace() {
        return rootNamespace;
    }

    /** Local name of the root element. */
    public String rootName() {
        return rootName;
    }

    /** Human name of the syntax and version, used in messages ("UBL 2.1 Invoice"). */
    public String title() {
        return title;
    }

    /** True when the XML is a CII document (plain CII, or the XML inside a Factur-X PDF). */
    public boolean isCii() {
        return this == CII || this == FACTURX;
    }

    /** The syntax whose root element is {@code {namespace}localName}, if any (a bare XML is never FACTURX). */
    public static Optional<Syntax> ofRoot(String namespace, String localName) {
        for (Syntax s : values()) {
            if (s != FACTURX && s.rootNamespace.equals(namespace) && s.rootName.equals(localName)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
