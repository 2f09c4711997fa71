package fr.facteur.invoice;

import java.util.List;

import org.w3c.dom.Document;

/**
 * The Factur-X profile check: the CII's guideline id (BT-24) must be a profile that makes a complete EN 16931
 * invoice (BASIC, EN 16931, EXTENDED), and the PDF's XMP {@code fx:ConformanceLevel} must name the same profile.
 *
 * <p>MINIMUM and BASIC WL are valid Factur-X but carry no invoice lines, so the EN 16931 rules cannot pass on them;
 * they are refused here with a message saying so, rather than with a dozen BR-* failures that would not tell the
 * supplier what to change.
 */
final class FacturXProfile {

    static final String GUIDELINE = "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID";
    static final String GUIDELINE_XPATH = "/rsm:CrossIndustryInvoice/" + GUIDELINE;

    private FacturXProfile() {
    }

    static List<RuleViolation> check(Document document, String xmpLevel) {
        String guideline = DomPath.text(document.getDocumentElement(), GUIDELINE);
        if (guideline == null) {
            return List.of(); // reported by the facts and EN 16931 rules (BR-01)
        }
        String partial = FacturX.PARTIAL_PROFILES.get(guideline);
        if (partial != null) {
            return List.of(InvoiceRules.facturXProfile(GUIDELINE_XPATH,
                    "Le profil Factur-X " + partial + " ne porte pas une facture complète (pas de lignes) : "
                            + "utilisez le profil BASIC, EN 16931 ou EXTENDED",
                    "The Factur-X profile " + partial + " does not carry a complete invoice (no lines): use the "
                            + "BASIC, EN 16931 or EXTENDED profile"));
        }
        String profile = FacturX.PROFILES.get(guideline);
        if (profile == null) {
            return List.of(InvoiceRules.facturXProfile(GUIDELINE_XPATH,
                    "L'identifiant de profil " + guideline + " n'est pas un profil Factur-X connu (BASIC, "
                            + "EN 16931, EXTENDED)",
                    "The guideline id " + guideline + " is not a known Factur-X profile (BASIC, EN 16931, "
                            + "EXTENDED)"));
        }
        String level = FacturX.normalisedLevel(xmpLevel);
        if (level != null && !level.equals(profile)) {
            return List.of(InvoiceRules.facturXProfile(GUIDELINE_XPATH,
                    "Le profil du XML (" + profile + ") n'est pas celui déclaré dans les métadonnées XMP du PDF ("
                            + xmpLevel + ")",
                    "The XML's profile (" + profile + ") is not the one the PDF's XMP metadata declares ("
                            + xmpLevel + ")"));
        }
        return List.of();
    }
}
