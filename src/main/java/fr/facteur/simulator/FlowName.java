package fr.facteur.simulator;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a deposited flow, {@code <interface>_<partner>_<flowId>} (e.g. FSO1100A_AAA999_000000000001).
 *
 * @param interfaceCode e.g. FSO1100A, not necessarily a known one
 * @param partnerCode   the depositing partner, shape AAA999
 * @param flowId        the partner's own id of the flow
 */
record FlowName(String interfaceCode, String partnerCode, String flowId) {

    private static final Pattern NAME = Pattern.compile("([A-Z]{3}\\d{4}[A-Z])_([A-Z0-9]{3,8})_([A-Za-z0-9.-]{1,50})");
    private static final Pattern INTERFACE_DIGITS = Pattern.compile("[A-Z]{3}(\\d{4})[A-Z]");

    static Optional<FlowName> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        return m.matches() ? Optional.of(new FlowName(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }

    /**
     * The 4 interface digits of a numeroFluxDepot for any deposited name: those of the interface code when it has
     * the usual shape (even an unknown one), 0000 when the name cannot be read at all.
     */
    static String interfaceNumber(String fileName) {
        int underscore = fileName.indexOf('_');
        Matcher m = INTERFACE_DIGITS.matcher(underscore < 0 ? fileName : fileName.substring(0, underscore));
        return m.matches() ? m.group(1) : "0000";
    }
}
