package fr.facteur.invoice;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One failed rule, explained so that a supplier's accountant can act on it: in French first (the suppliers of the
 * French State), in English too.
 *
 * <p>Ids are stable and part of the contract with suppliers (they appear in rejection reports and may be matched by
 * their tools): never rename one. Facteur's own ids (stages and Chorus Pro B2G-* rules) are listed in
 * {@link InvoiceRules}; EN 16931 rules keep the CEN schematron's ids (BR-CO-10, ..., see {@link En16931Schematron}),
 * so {@code rule} is a plain string rather than an enum.
 *
 * @param rule     stable id: XSD, XML-WELLFORMED, SELLER-SIRET, ... BR-CO-10 (EN 16931), B2G-IBAN (Chorus Pro)
 * @param location where it failed: "line:column" for XML and XSD errors, the XPath of a business term, or the file
 *                 name for file-level rules; never null (empty when nothing more precise is known)
 * @param line     the line in the file where the element at {@code location} is (for an XPath location, found by
 *                 {@code LineLocator}; for a line:column, its line); null when the rule is about the whole file.
 *                 For a Factur-X it is the line in its factur-x.xml, for a mapped file the line in the mapped UBL.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleViolation(String rule, String location, String messageFr, String messageEn, Integer line) {

    private static final Pattern LINE_COLUMN = Pattern.compile("(?:.* )?(\\d+):\\d+");

    public RuleViolation {
        Objects.requireNonNull(rule, "rule");
        location = location == null ? "" : location;
        Objects.requireNonNull(messageFr, "messageFr");
        Objects.requireNonNull(messageEn, "messageEn");
        if (line == null) {
            Matcher m = LINE_COLUMN.matcher(location);
            if (m.matches()) {
                line = Integer.valueOf(m.group(1));
            }
        }
    }

    /** A violation whose line is not known yet (or, for a line:column location, read from it). */
    public RuleViolation(String rule, String location, String messageFr, String messageEn) {
        this(rule, location, messageFr, messageEn, null);
    }

    /** The same violation, placed at {@code line}. */
    public RuleViolation atLine(int line) {
        return new RuleViolation(rule, location, messageFr, messageEn, line);
    }
}
