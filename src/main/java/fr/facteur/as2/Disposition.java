package fr.facteur.as2;

/**
 * The dispositions an AS2 receiver reports in its MDN, worded as RFC 4130 §7.4.3 (and, for the unknown partner,
 * as AS2 products commonly word it), so a partner's software can act on the exact reason.
 */
public enum Disposition {
    PROCESSED("processed"),
    DECRYPTION_FAILED("processed/error: decryption-failed"),
    DECOMPRESSION_FAILED("processed/error: decompression-failed"),
    AUTHENTICATION_FAILED("processed/error: authentication-failed"),
    INSUFFICIENT_MESSAGE_SECURITY("processed/error: insufficient-message-security"),
    UNKNOWN_TRADING_PARTNER("processed/error: unknown-trading-partner"),
    UNEXPECTED_PROCESSING_ERROR("processed/error: unexpected-processing-error");

    /** RFC 3798 action and sending modes: the receiver answers by itself, without a human. */
    public static final String MODES = "automatic-action/MDN-sent-automatically";

    private final String text;

    Disposition(String text) {
        this.text = text;
    }

    /** The disposition type and modifier, e.g. "processed/error: decryption-failed". */
    public String text() {
        return text;
    }

    /** The value of the Disposition field of the MDN. */
    public String headerValue() {
        return MODES + "; " + text;
    }

    public boolean isSuccess() {
        return this == PROCESSED;
    }

    /** The disposition a Disposition field value holds, or null when it is none of ours. */
    public static Disposition fromHeader(String value) {
        if (value == null) {
            return null;
        }
        String normalised = value.replaceAll("\\s+", " ").trim();
        int semi = normalised.indexOf(';');
        String tail = semi < 0 ? normalised : normalised.substring(semi + 1).trim();
        for (Disposition d : values()) {
            if (d.text.equalsIgnoreCase(tail)) {
                return d;
            }
        }
        return null;
    }
}
