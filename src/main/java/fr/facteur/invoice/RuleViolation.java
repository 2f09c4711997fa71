package fr.facteur.invoice;

import java.util.Objects;

/**
 * One failed rule, explained so that a supplier's accountant can act on it: in French first (the suppliers of the
 * French State), in English too.
 *
 * <p>Ids are stable and part of the contract with suppliers (they appear in rejection reports and may be matched by
 * their tools): never rename one. The ids of this issue are listed in {@link InvoiceRules}; EN 16931 schematron ids
 * (BR-CO-10, ...) and Chorus Pro B2G rules are added by later checks with their own ids, so {@code rule} is a plain
 * string rather than an enum.
 *
 * @param rule     stable id: XSD, XML-WELLFORMED, SELLER-SIRET, ... (EN 16931 ids such as BR-CO-10 come later)
 * @param location where it failed: "line:column" for XML and XSD errors, the XPath of a business term, or the file
 *                 name for file-level rules; never null (empty when nothing more precise is known)
 */
public record RuleViolation(String rule, String location, String messageFr, String messageEn) {

    public RuleViolation {
        Objects.requireNonNull(rule, "rule");
        location = location == null ? "" : location;
        Objects.requireNonNull(messageFr, "messageFr");
        Objects.requireNonNull(messageEn, "messageEn");
    }
}
