package fr.facteur.invoice;

import java.util.Objects;

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
 */
public record RuleViolation(String rule, String location, String messageFr, String messageEn) {

    public RuleViolation {
        Objects.requireNonNull(rule, "rule");
        location = location == null ? "" : location;
        Objects.requireNonNull(messageFr, "messageFr");
        Objects.requireNonNull(messageEn, "messageEn");
    }
}
