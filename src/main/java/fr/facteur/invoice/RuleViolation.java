package fr.facteur.invoice;

/**
 * One failed rule, explained so that a supplier's accountant can act on it.
 *
 * @param rule     stable id: XSD, XML-WELLFORMED, FX-SELLER-SIRET, ... (EN 16931 ids such as BR-CO-10 come later)
 * @param location XPath and/or line:column where it failed, or the file name
 */
public record RuleViolation(String rule, String location, String messageFr, String messageEn) {
}
