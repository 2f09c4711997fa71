package fr.facteur.invoice;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of reading a file: the facts, or every rule it failed (not only the first).
 *
 * @param converted the document to deposit instead of the supplier's file, when Facteur made it (a tenant mapping's
 *                  UBL): a temporary file the caller archives then deletes; null when the supplier's own file is sent
 */
public record Understanding(InvoiceFacts facts, List<RuleViolation> violations, Path converted) {

    public static Understanding accepted(InvoiceFacts facts) {
        return new Understanding(facts, List.of(), null);
    }

    public static Understanding rejected(InvoiceFacts factsOrNull, List<RuleViolation> violations) {
        return new Understanding(factsOrNull, List.copyOf(violations), null);
    }

    Understanding withConverted(Path file) {
        return new Understanding(facts, violations, file);
    }

    public boolean isAccepted() {
        return violations.isEmpty();
    }
}
