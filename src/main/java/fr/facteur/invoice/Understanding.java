package fr.facteur.invoice;

import java.util.List;

/** The outcome of reading a file: the facts, or every rule it failed (not only the first). */
public record Understanding(InvoiceFacts facts, List<RuleViolation> violations) {

    public static Understanding accepted(InvoiceFacts facts) {
        return new Understanding(facts, List.of());
    }

    public static Understanding rejected(InvoiceFacts factsOrNull, List<RuleViolation> violations) {
        return new Understanding(factsOrNull, List.copyOf(violations));
    }

    public boolean isAccepted() {
        return violations.isEmpty();
    }
}
