package fr.facteur.inbound;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import fr.facteur.invoice.RuleViolation;

/**
 * The answer a supplier finds beside its file: accepted (with the flow it became), rejected (with every rule it
 * failed), duplicate (with when the same bytes were first received), or — for a batch — one such report per invoice.
 *
 * <p>Each error carries its rule id, its location (XPath of the business term, or line:column in the file), and the
 * explanation in French and in English ({@link RuleViolation}).
 *
 * @param entry    for an invoice of a batch: its name inside the archive
 * @param invoices for a batch: the report of each invoice, in archive order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntakeReport(String file, String tenant, String sha256, OffsetDateTime receivedAt, String outcome,
        String invoiceNumber, String flow, OffsetDateTime firstReceivedAt, String firstFileName,
        List<RuleViolation> errors, String entry, List<IntakeReport> invoices) {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String REJECTED = "REJECTED";
    public static final String DUPLICATE = "DUPLICATE";
    /** A batch whose invoices were each processed: see {@link #invoices()} for each one's outcome. */
    public static final String BATCH = "BATCH";

    /** A report on one file (the shape every channel has always produced). */
    public IntakeReport(String file, String tenant, String sha256, OffsetDateTime receivedAt, String outcome,
            String invoiceNumber, String flow, OffsetDateTime firstReceivedAt, String firstFileName,
            List<RuleViolation> errors) {
        this(file, tenant, sha256, receivedAt, outcome, invoiceNumber, flow, firstReceivedAt, firstFileName, errors,
                null, null);
    }

    static IntakeReport batch(String file, String tenant, String sha256, OffsetDateTime receivedAt,
            List<IntakeReport> invoices) {
        return new IntakeReport(file, tenant, sha256, receivedAt, BATCH, null, null, null, null, List.of(), null,
                List.copyOf(invoices));
    }

    /** This report as an item of a batch: named by its entry, the tenant left to the batch report. */
    IntakeReport inBatch(String entryName) {
        return new IntakeReport(file, null, sha256, receivedAt, outcome, invoiceNumber, flow, firstReceivedAt,
                firstFileName, errors, entryName, null);
    }

    /** How many invoices of a batch had this outcome (0 for a single file). */
    public long count(String invoiceOutcome) {
        return invoices == null ? 0 : invoices.stream().filter(r -> invoiceOutcome.equals(r.outcome())).count();
    }
}
