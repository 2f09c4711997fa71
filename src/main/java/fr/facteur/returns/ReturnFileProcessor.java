package fr.facteur.returns;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

import fr.facteur.archive.Archive;
import fr.facteur.archive.Archived;
import fr.facteur.observability.GatewayMetrics;
import fr.facteur.relay.RelayMessage;
import fr.facteur.relay.RelayPublisher;
import fr.facteur.tracking.ReturnFileRepository;
import fr.facteur.tracking.ReturnFileRepository.ReturnFileRecord;
import fr.facteur.tracking.StatusEventRepository;
import fr.facteur.tracking.StatusEventRepository.FlowMatch;
import fr.facteur.tracking.StatusEventRepository.InvoiceMatch;
import fr.facteur.tracking.StatusEventRepository.InvoiceStatusEntry;
import fr.facteur.tracking.StatusEventRepository.NewEvent;

/**
 * Takes one Chorus Pro return file: archives it, records it once per SHA-256, reads its CPPStatut units, correlates
 * each to our flow (IdFlux = flow file name) or invoice (supplier SIRET + invoice number, the debtor SIRET as a
 * check), appends the statuses to their history, keeps every line that matches nothing, then hands each tenant's
 * events to the relay.
 *
 * <p>Exactly-once effect: all the database writes of a file are one transaction; the file is recorded once per
 * SHA-256 and each status once per event key ({@code inv:<invoice>:<code>:<instant>},
 * {@code flow:<flow>:<code>:<instant>}), so the same file taken twice, or the same status in two files, is
 * recorded once. The relay messages are published after the commit; a file taken again (after a crash between
 * commit and publish) publishes its events again, and the relay drops what it already delivered (delivery key).
 *
 * <p>Effects on our rows: an integration report sets the flow's deposit number, state (90 INTEGRATED, 96 PARTIAL,
 * 93/94/95 REJECTED) and report time; a rejected flow moves its invoices that Chorus Pro never knew (still at a
 * gateway status) to REJETEE, so they appear among the invoices awaiting the supplier. An invoice's status is that
 * of its latest known Chorus Pro status (by Horodatage, then lifecycle order), whatever order the files come in,
 * except that a final status (Rejetée, Mise en paiement) is never left: later statuses stay in the history only.
 */
public class ReturnFileProcessor {

    private static final Logger log = LoggerFactory.getLogger(ReturnFileProcessor.class);
    private static final Pattern STATUS_CODE = Pattern.compile("\\d{2}");
    /** Status given to the invoices of a flow Chorus Pro rejected as a whole. */
    static final String FLOW_REJECTED_INVOICE_STATUS = "REJETEE";

    private final Archive archive;
    private final CppStatutParser parser;
    private final ReturnFileRepository returnFiles;
    private final StatusEventRepository events;
    private final RelayPublisher relay;
    private final TransactionOperations transactions;
    private final ObjectMapper json;
    private final GatewayMetrics metrics;

    public ReturnFileProcessor(Archive archive, CppStatutParser parser, ReturnFileRepository returnFiles,
            StatusEventRepository events, RelayPublisher relay, TransactionOperations transactions, ObjectMapper json,
            GatewayMetrics metrics) {
        this.archive = archive;
        this.parser = parser;
        this.returnFiles = returnFiles;
        this.events = events;
        this.relay = relay;
        this.transactions = transactions;
        this.json = json;
        this.metrics = metrics;
    }

    /**
     * What processing a file did.
     *
     * @param alreadyKnown   these bytes had been processed before: nothing was recorded again, only republished
     * @param eventsByTenant the file's events per tenant, as handed to the relay
     */
    public record Outcome(long returnFileId, String kind, int lines, int unmatched,
            Map<String, List<Long>> eventsByTenant, boolean alreadyKnown) {
    }

    /**
     * @param fileName the name Chorus Pro gave the file
     * @param file     a local copy (streamed to the archive, parsed from there)
     * @throws UnreadableReturnFileException when the file is not CPPStatut; it is recorded as UNKNOWN first
     */
    public Outcome process(String fileName, Path file) {
        Archived archived = archive.store(file);
        Optional<ReturnFileRecord> known = returnFiles.findBySha256(archived.sha256());
        if (known.isPresent()) {
            return again(fileName, known.get());
        }
        CppStatutParser.Parsed parsed;
        try {
            parsed = parser.parse(fileName, archive.resolve(archived.relativePath()));
        } catch (UnreadableReturnFileException e) {
            ReturnFileRecord kept = returnFiles.register(fileName, archived.sha256(), CppStatutParser.UNKNOWN,
                    archived.relativePath()).file();
            log.error("return file {} kept as #{} (UNKNOWN, {}): {}", fileName, kept.id(), archived.relativePath(),
                    e.getMessage());
            throw e;
        }
        Outcome outcome = transactions.execute(tx -> record(fileName, archived, parsed));
        // counted after the commit, and only by the instance that recorded the lines
        if (!outcome.alreadyKnown()) {
            metrics.returnLinesUnmatched(outcome.unmatched());
        }
        log.info("return file {} (#{}, {}): {} lines, {} unmatched, events for {}", fileName, outcome.returnFileId(),
                outcome.kind(), outcome.lines(), outcome.unmatched(), outcome.eventsByTenant().keySet());
        publish(outcome);
        return outcome;
    }

    /**
     * Statuses that come from the Chorus Pro API rather than from a file (ConsulterCR, ConsulterHistoriqueFacture):
     * the raw JSON answer is archived and recorded as the "return file" the operator can inspect, and the lines go
     * through exactly the same recording, correlation, idempotence and relay as those of a CPPStatut file.
     *
     * @param name    a name for the answer (shown as the return file's name)
     * @param rawJson the answer(s) as received
     * @param kind    {@link #API_FLOW_STATUS} or {@link #API_INVOICE_STATUS}
     * @param lines   the statuses read from the answer, numbered 1.. in the answer's order
     */
    public Outcome recordApiStatuses(String name, byte[] rawJson, String kind, List<ReturnLine> lines) {
        Archived archived = archive.store(rawJson);
        Optional<ReturnFileRecord> known = returnFiles.findBySha256(archived.sha256());
        if (known.isPresent()) {
            return again(name, known.get());
        }
        Outcome outcome = transactions.execute(tx -> record(name, archived, new CppStatutParser.Parsed(kind, lines)));
        if (!outcome.alreadyKnown()) {
            metrics.returnLinesUnmatched(outcome.unmatched());
        }
        log.info("Chorus Pro API answer {} (#{}, {}): {} lines, {} unmatched, events for {}", name,
                outcome.returnFileId(), outcome.kind(), outcome.lines(), outcome.unmatched(),
                outcome.eventsByTenant().keySet());
        publish(outcome);
        return outcome;
    }

    /** Kind of a return file that is a ConsulterCR answer. */
    public static final String API_FLOW_STATUS = "API_FLOW_STATUS";
    /** Kind of a return file that holds RechercherFactureParFournisseur and ConsulterHistoriqueFacture answers. */
    public static final String API_INVOICE_STATUS = "API_INVOICE_STATUS";

    /** The same bytes again: nothing to record, but republish in case the first run stopped before publishing. */
    private Outcome again(String fileName, ReturnFileRecord known) {
        if (CppStatutParser.UNKNOWN.equals(known.kind())) {
            throw new UnreadableReturnFileException(fileName + " was already received as return file #" + known.id()
                    + " (" + known.name() + ") and is not a CPPStatut document");
        }
        log.info("return file {} is return file #{} ({}) again: its events are handed to the relay again",
                fileName, known.id(), known.name());
        Outcome outcome = new Outcome(known.id(), known.kind(), known.lineCount(), known.unmatched(),
                events.eventIdsByTenant(known.id()), true);
        publish(outcome);
        return outcome;
    }

    private Outcome record(String fileName, Archived archived, CppStatutParser.Parsed parsed) {
        ReturnFileRepository.Registration registration = returnFiles.register(fileName, archived.sha256(),
                parsed.kind(), archived.relativePath());
        long fileId = registration.file().id();
        // another instance may have registered the same bytes meanwhile: then it recorded the lines
        if (registration.firstTime()) {
            Set<Long> touchedInvoices = new LinkedHashSet<>();
            for (ReturnLine line : parsed.lines()) {
                if (line instanceof ReturnLine.FlowStatus flowStatus) {
                    recordFlowStatus(fileId, fileName, flowStatus);
                } else if (line instanceof ReturnLine.InvoiceStatus invoiceStatus) {
                    recordInvoiceStatus(fileId, fileName, invoiceStatus).ifPresent(touchedInvoices::add);
                }
            }
            touchedInvoices.forEach(this::refreshInvoiceStatus);
            returnFiles.updateCounts(fileId, parsed.lines().size());
        }
        ReturnFileRecord file = returnFiles.find(fileId).orElseThrow();
        return new Outcome(fileId, file.kind(), file.lineCount(), file.unmatched(), events.eventIdsByTenant(fileId),
                !registration.firstTime());
    }

    private void recordFlowStatus(long fileId, String fileName, ReturnLine.FlowStatus line) {
        Optional<String> problem = commonProblem(line);
        if (problem.isEmpty() && line.flowName() == null) {
            problem = Optional.of("no IdFlux: the report names no flow");
        }
        Optional<FlowMatch> flow = problem.isPresent() ? Optional.empty() : events.flowNamed(line.flowName());
        if (problem.isEmpty() && flow.isEmpty()) {
            problem = Optional.of("no flow named " + line.flowName());
        }
        if (problem.isPresent()) {
            unmatched(fileId, fileName, line.lineNo(), null, null, line.flowName(), line.code(), problem.get());
            return;
        }
        FlowMatch match = flow.get();
        Optional<CppStatutCode> code = CppStatutCode.of(line.code()).filter(c -> c.level() == CppStatutCode.Level.FLOW);
        // a flow with one invoice (the usual case) gets the report in that invoice's history too
        Long invoiceId = match.invoiceIds().size() == 1 ? match.invoiceIds().get(0) : null;
        events.record(new NewEvent("flow:" + match.id() + ":" + line.code() + ":" + line.occurredAt().toInstant(),
                match.tenantId(), invoiceId, match.id(), fileId, line.lineNo(), "FLOW", line.code(),
                CppStatutCode.INTEGRATION_REPORT, code.map(CppStatutCode::label).orElse(undocumented(line.code())),
                flowDetail(line), line.occurredAt()));
        String state = code.flatMap(CppStatutCode::flowState).orElse(null);
        String numeroFluxDepot = line.numeroFluxDepot() != null && line.numeroFluxDepot().length() <= 40
                ? line.numeroFluxDepot() : null;
        events.applyFlowReport(match.id(), numeroFluxDepot, state, line.occurredAt());
        if (match.invoiceIds().size() > 1 && ("REJECTED".equals(state) || "PARTIAL".equals(state))) {
            rejectNamedInvoices(fileId, match, line, code.map(CppStatutCode::label).orElse(undocumented(line.code())));
        }
        if ("REJECTED".equals(state)) {
            events.settleInvoicesOfRejectedFlow(match.id(), FLOW_REJECTED_INVOICE_STATUS, line.occurredAt());
        }
    }

    /**
     * A flow of several invoices integrated partially (96, IN_INTEGRE_PARTIEL) or rejected: each invoice its error
     * lines name gets its own rejection in its history, with the reasons, so its supplier is told which invoice
     * failed and why, and the invoice waits in the work list; the integrated ones are left to their lifecycle.
     * Error lines name an invoice by its number: numeroDP over the API (kept as the description), "Facture
     * &lt;number&gt; : …" in a CPPStatut LibelleErreur. The event is INVOICE-level with the report's code, at the
     * report's line (its unit carries the error lines), and status REJETEE.
     */
    private void rejectNamedInvoices(long fileId, FlowMatch flow, ReturnLine.FlowStatus line, String reportLabel) {
        for (Map.Entry<Long, String> invoice : events.invoiceNumbersOfFlow(flow.id()).entrySet()) {
            List<String> reasons = line.errors().stream().filter(e -> names(e, invoice.getValue()))
                    .map(e -> e.code() == null ? e.label() : e.code() + " : " + e.label()).toList();
            if (reasons.isEmpty()) {
                continue;
            }
            events.record(new NewEvent("rej:" + invoice.getKey() + ":" + line.code() + ":"
                    + line.occurredAt().toInstant(), flow.tenantId(), invoice.getKey(), flow.id(), fileId,
                    line.lineNo(), "INVOICE", line.code(), FLOW_REJECTED_INVOICE_STATUS,
                    "Rejetée à l'intégration du flux (" + reportLabel + ")", String.join(" ; ", reasons),
                    line.occurredAt()));
            events.setInvoiceStatus(invoice.getKey(), FLOW_REJECTED_INVOICE_STATUS, line.occurredAt());
        }
    }

    private static boolean names(ReturnLine.ErrorLine error, String number) {
        if (number == null) {
            return false;
        }
        if (number.equals(error.description()) && "DP".equals(error.nature())) {
            return true;
        }
        String label = error.label() == null ? "" : error.label();
        return Pattern.compile("\\bFacture " + Pattern.quote(number) + "(?![A-Za-z0-9_-])").matcher(label).find();
    }

    /** Records the line's status on its invoice; returns the invoice when its current status may have changed. */
    private Optional<Long> recordInvoiceStatus(long fileId, String fileName, ReturnLine.InvoiceStatus line) {
        Optional<String> problem = commonProblem(line);
        if (problem.isEmpty() && (line.supplierId() == null || line.invoiceNumber() == null)) {
            problem = Optional.of("no Fournisseur/Identifiant or no IdFacture: the line names no invoice");
        }
        List<InvoiceMatch> candidates = problem.isPresent() ? List.of()
                : events.invoicesOf(line.supplierId(), line.invoiceNumber());
        if (problem.isEmpty() && candidates.isEmpty()) {
            problem = Optional.of("no invoice " + line.invoiceNumber() + " of supplier " + line.supplierId());
        }
        // the most recent invoice with that number that went to this debtor (a number may have been sent again)
        Optional<InvoiceMatch> invoice = candidates.stream().filter(c -> sameDebtor(c, line)).findFirst();
        if (problem.isEmpty() && invoice.isEmpty()) {
            problem = Optional.of("invoice " + line.invoiceNumber() + " of supplier " + line.supplierId()
                    + " was addressed to " + candidates.get(0).buyerSiret() + ", not to the debtor "
                    + line.debtorId() + " of the return line");
        }
        if (problem.isPresent()) {
            unmatched(fileId, fileName, line.lineNo(), line.supplierId(), line.invoiceNumber(), null, line.code(),
                    problem.get());
            return Optional.empty();
        }
        InvoiceMatch match = invoice.get();
        Optional<CppStatutCode> code = CppStatutCode.of(line.code())
                .filter(c -> c.level() == CppStatutCode.Level.INVOICE);
        events.record(new NewEvent("inv:" + match.id() + ":" + line.code() + ":" + line.occurredAt().toInstant(),
                match.tenantId(), match.id(), match.flowId(), fileId, line.lineNo(), "INVOICE", line.code(),
                code.map(CppStatutCode::status).orElse("CPP_" + line.code()),
                code.map(CppStatutCode::label).orElse(undocumented(line.code())), line.comment(), line.occurredAt()));
        return code.isPresent() ? Optional.of(match.id()) : Optional.empty();
    }

    /** What makes any line unusable, whatever its level. */
    private static Optional<String> commonProblem(ReturnLine line) {
        if (line.code() == null || !STATUS_CODE.matcher(line.code()).matches()) {
            return Optional.of("IdStatut '" + line.code() + "' is not a CPPStatut status code");
        }
        if (line.occurredAt() == null) {
            return Optional.of("Horodatage '" + line.timestamp() + "' is missing or unreadable");
        }
        return Optional.empty();
    }

    private static boolean sameDebtor(InvoiceMatch invoice, ReturnLine.InvoiceStatus line) {
        return line.debtorId() == null || invoice.buyerSiret() == null || line.debtorId().equals(invoice.buyerSiret());
    }

    /** The invoice's status becomes its latest Chorus Pro status: by Horodatage, then by lifecycle order. */
    private void refreshInvoiceStatus(long invoiceId) {
        record Known(CppStatutCode code, InvoiceStatusEntry entry) {
        }
        List<Known> known = new ArrayList<>();
        for (InvoiceStatusEntry entry : events.invoiceStatuses(invoiceId)) {
            CppStatutCode.of(entry.code()).filter(c -> c.level() == CppStatutCode.Level.INVOICE)
                    .ifPresent(c -> known.add(new Known(c, entry)));
        }
        Comparator<Known> latestFirst = Comparator.comparing((Known k) -> k.entry().occurredAt().toInstant())
                .thenComparingInt(k -> k.code().lifecycleRank());
        // Rejetée and Mise en paiement are final: once one is known, the invoice keeps the first of them and a later
        // status (a manual push, a late file) only goes into its history
        Optional<Known> firstFinal = known.stream().filter(k -> k.code().isFinal()).min(latestFirst);
        (firstFinal.isPresent() ? firstFinal : known.stream().max(latestFirst))
                .ifPresent(latest -> events.setInvoiceStatus(invoiceId, latest.code().status(),
                        latest.entry().occurredAt()));
    }

    private void unmatched(long fileId, String fileName, int lineNo, String supplierId, String invoiceNumber,
            String flowName, String code, String reason) {
        returnFiles.recordUnmatched(fileId, lineNo, supplierId, invoiceNumber, flowName, code, reason);
        log.warn("return file {} (#{}) line {} matches nothing, kept as unmatched: {}", fileName, fileId, lineNo,
                reason);
    }

    private String flowDetail(ReturnLine.FlowStatus line) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("numeroFluxDepot", line.numeroFluxDepot());
        detail.put("comment", line.comment());
        detail.put("producer", line.producer());
        detail.put("errors", line.errors());
        try {
            return json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the detail of an integration report", e);
        }
    }

    private static String undocumented(String code) {
        return "Statut Chorus Pro " + code + " (non documenté)";
    }

    private void publish(Outcome outcome) {
        outcome.eventsByTenant().forEach((tenantId, ids) ->
                relay.publish(RelayMessage.returnEvents(tenantId, outcome.returnFileId(), ids)));
    }
}
