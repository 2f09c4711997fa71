package fr.facteur.invoice;

/** Invoice syntaxes Facteur understands, with the Chorus Pro interface code each is deposited under. */
public enum Syntax {
    UBL_INVOICE("UBL", "FSO1100A"),
    UBL_CREDIT_NOTE("UBL", "FSO1100A"),
    CII("CII", "FSO1106A");

    private final String format;
    private final String interfaceCode;

    Syntax(String format, String interfaceCode) {
        this.format = format;
        this.interfaceCode = interfaceCode;
    }

    /** The tenant-file name of the format (formats: [UBL, CII, FACTURX]). */
    public String format() {
        return format;
    }

    public String interfaceCode() {
        return interfaceCode;
    }
}
