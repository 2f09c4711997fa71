package fr.facteur.simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Supplier actions deposited in the drop box: {@code *.action.json} files, the simulator's stand-in for PISTE's
 * CompleterFacture and RecyclerFacture (chorus-pro.md §3.2, §5), whose JSON fields they mirror. A completion resumes
 * a Suspendue invoice with Complétée and the rest of the nominal path; a recycling changes the routing data of an A
 * recycler invoice (same number) and plays its new recipient's scenario from routing on.
 *
 * <p>An action on an invoice that does not wait for it is refused, recorded and logged; nothing is emitted (the real
 * API answers such a call with an error; the gateway checks the status before sending, so this is rare).
 */
final class SupplierActionInbox {

    private static final Logger log = LoggerFactory.getLogger(SupplierActionInbox.class);
    static final String SUFFIX = ".action.json";
    static final String COMPLETER = "COMPLETER";
    static final String RECYCLER = "RECYCLER";

    /** The file's content (see the README's "Supplier actions"). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ActionFile(String action, String supplierSiret, String invoiceNumber, String comment,
            List<Attachment> attachments, String recipientSiret, String serviceCode, String engagementNumber) {
    }

    /** A piece attached to a completion: its name and content in base64, as CompleterFacture takes it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Attachment(String name, String contentBase64) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final SimulatorStore store;
    private final Scenarios scenarios;
    private final SimulatedDirectory directory;
    private final TransactionTemplate transactions;
    private final Duration stepDelay;

    SupplierActionInbox(SimulatorStore store, Scenarios scenarios, SimulatedDirectory directory,
            TransactionTemplate transactions, Duration stepDelay) {
        this.store = store;
        this.scenarios = scenarios;
        this.directory = directory;
        this.transactions = transactions;
        this.stepDelay = stepDelay;
    }

    static boolean isActionName(String name) {
        return !name.startsWith(".") && name.endsWith(SUFFIX);
    }

    /** Applies the action once (by file name); returns the refusal reason, empty when applied. */
    Optional<String> take(Path file, Instant now) {
        String name = file.getFileName().toString();
        ActionFile action;
        try {
            action = json.readValue(file.toFile(), ActionFile.class);
        } catch (IOException e) {
            transactions.executeWithoutResult(tx -> store.recordAction(name, "?", null, "REFUSED",
                    "unreadable: " + e.getMessage(), now));
            log.warn("Simulator: action file {} is not readable JSON: {}", name, e.getMessage());
            return Optional.of("unreadable action file");
        }
        Optional<String> refusal;
        try {
            refusal = transactions.execute(tx -> apply(name, action, now));
        } catch (AlreadyTaken again) {
            log.info("Simulator: action file {} was already taken", name);
            return Optional.empty();
        }
        refusal.ifPresentOrElse(r -> log.warn("Simulator: action {} refused: {}", name, r),
                () -> log.info("Simulator: action {} ({} on invoice {}) applied", name, action.action(),
                        action.invoiceNumber()));
        return refusal;
    }

    /**
     * The same action asked over the API (CompleterFacture, RecyclerFacture): applied at once, recorded under
     * {@code name} (unique per call).
     *
     * @return the refusal reason, empty when applied
     */
    Optional<String> takeApi(String name, ActionFile action, Instant now) {
        Optional<String> refusal = transactions.execute(tx -> apply(name, action, now));
        refusal.ifPresentOrElse(r -> log.warn("Simulator API: {} refused: {}", name, r),
                () -> log.info("Simulator API: {} on invoice {} applied", action.action(), action.invoiceNumber()));
        return refusal;
    }

    private Optional<String> apply(String name, ActionFile action, Instant now) {
        Optional<SimulatorStore.StoredInvoice> found = action.supplierSiret() == null || action.invoiceNumber() == null
                ? Optional.empty() : store.findInvoice(action.supplierSiret(), action.invoiceNumber());
        String kind = action.action() == null ? "?" : action.action().trim().toUpperCase();
        Optional<String> refusal = found.isEmpty()
                ? Optional.of("no invoice " + action.invoiceNumber() + " of supplier " + action.supplierSiret())
                : switch (kind) {
                    case COMPLETER -> complete(found.get(), action, now);
                    case RECYCLER -> recycle(found.get(), action, now);
                    default -> Optional.of("unknown action " + action.action() + ", COMPLETER or RECYCLER expected");
                };
        if (!store.recordAction(name, kind, found.map(SimulatorStore.StoredInvoice::id).orElse(null),
                refusal.isPresent() ? "REFUSED" : "APPLIED", refusal.orElse(null), now)) {
            // the same file again (e.g. a crash before it was moved): its effect is already there
            throw new AlreadyTaken();
        }
        return refusal;
    }

    private Optional<String> complete(SimulatorStore.StoredInvoice invoice, ActionFile action, Instant now) {
        if (invoice.state() != SimulatorStore.InvoiceState.WAITING_SUPPLIER
                || invoice.lastEmitted() != InvoiceStatus.SUSPENDUE) {
            return Optional.of("invoice " + invoice.number() + " is not Suspendue (last status "
                    + invoice.lastEmitted() + ")");
        }
        List<String> problems = new ArrayList<>();
        for (Attachment attachment : action.attachments() == null ? List.<Attachment>of() : action.attachments()) {
            // Chorus Pro's attachment rules (chorus-pro.md §1): name ≤ 50 characters with an extension
            if (attachment.name() == null || attachment.name().length() > 50 || !attachment.name().contains(".")) {
                problems.add("attachment name " + attachment.name() + " must have an extension and ≤ 50 characters");
            }
        }
        if (!problems.isEmpty()) {
            return Optional.of(String.join("; ", problems));
        }
        List<Scenario.Step> steps = new ArrayList<>(Scenarios.AFTER_COMPLETION);
        String comment = action.comment() == null || action.comment().isBlank() ? null
                : "Complément du fournisseur : " + action.comment().strip();
        steps.set(0, new Scenario.Step(InvoiceStatus.COMPLETEE, comment == null ? null
                : comment.substring(0, Math.min(comment.length(), 500)), false));
        store.resume(invoice.id(), steps, now.plus(stepDelay));
        return Optional.empty();
    }

    private Optional<String> recycle(SimulatorStore.StoredInvoice invoice, ActionFile action, Instant now) {
        if (invoice.state() != SimulatorStore.InvoiceState.WAITING_SUPPLIER
                || invoice.lastEmitted() != InvoiceStatus.A_RECYCLER) {
            return Optional.of("invoice " + invoice.number() + " is not A recycler (last status "
                    + invoice.lastEmitted() + ")");
        }
        String recipient = action.recipientSiret() == null ? invoice.buyerSiret() : action.recipientSiret().strip();
        if (!directory.accepts(recipient)) {
            return Optional.of("recipient " + recipient + " is not a public structure of the directory");
        }
        if (action.serviceCode() != null && action.serviceCode().length() > InvoiceChecks.MAX_SERVICE_CODE_LENGTH
                || action.engagementNumber() != null
                        && action.engagementNumber().length() > InvoiceChecks.MAX_ENGAGEMENT_LENGTH) {
            return Optional.of("service code or engagement number too long");
        }
        store.reroute(invoice.id(), recipient, action.serviceCode(), action.engagementNumber());
        store.resume(invoice.id(), scenarios.afterRecycling(recipient), now.plus(stepDelay));
        return Optional.empty();
    }

    /** Thrown inside the transaction to roll back the effect of a file already taken. */
    static final class AlreadyTaken extends RuntimeException {
        AlreadyTaken() {
            super("action file already taken", null, false, false);
        }
    }
}
