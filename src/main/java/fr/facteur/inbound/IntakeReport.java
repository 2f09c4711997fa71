package fr.facteur.inbound;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import fr.facteur.invoice.RuleViolation;

/**
 * The answer a supplier finds beside its file: accepted (with the flow it became), rejected (with every rule it
 * failed), or duplicate (with when the same bytes were first received).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntakeReport(String file, String tenant, String sha256, OffsetDateTime receivedAt, String outcome,
        String invoiceNumber, String flow, OffsetDateTime firstReceivedAt, String firstFileName,
        List<RuleViolation> errors) {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String REJECTED = "REJECTED";
    public static final String DUPLICATE = "DUPLICATE";
}
