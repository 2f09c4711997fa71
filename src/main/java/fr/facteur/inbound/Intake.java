package fr.facteur.inbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

import fr.facteur.archive.Archive;
import fr.facteur.archive.Archived;
import fr.facteur.directory.DirectoryRules;
import fr.facteur.flow.FlowPackager;
import fr.facteur.flow.PackagedFlow;
import fr.facteur.invoice.InvoiceReader;
import fr.facteur.invoice.RuleViolation;
import fr.facteur.invoice.Understanding;
import fr.facteur.messaging.OutgoingMessage;
import fr.facteur.messaging.QueueSender;
import fr.facteur.observability.GatewayMetrics;
import fr.facteur.relay.RelayMessage;
import fr.facteur.relay.RelayPublisher;
import fr.facteur.tenant.Tenant;
import fr.facteur.tracking.DocumentRecord;
import fr.facteur.tracking.DocumentRepository;
import fr.facteur.tracking.FlowRecord;
import fr.facteur.tracking.FlowRepository;
import fr.facteur.tracking.InvoiceRepository;

/**
 * The intake every channel shares (SFTP now, AS2 next): archive the original byte for byte with its SHA-256,
 * deduplicate on tenant + SHA-256, understand, package and sign, queue for transmission, answer the supplier.
 *
 * <p>Each step is idempotent on a business key (document = tenant + SHA-256, flow = document, queue message =
 * flow ref, answer = document), so a file taken again after a crash resumes where it stopped and never produces a
 * second flow or a second answer.
 */
@Component
public class Intake {

    private static final Logger log = LoggerFactory.getLogger(Intake.class);
    /** The "syntax" a batch document is recorded with. */
    static final String BATCH = "BATCH";

    private final Archive archive;
    private final DocumentRepository documents;
    private final InvoiceReader reader;
    private final InvoiceRepository invoices;
    private final FlowPackager packager;
    private final FlowRepository flows;
    private final TransmitQueue transmitQueue;
    private final RelayPublisher relay;
    private final ObjectMapper json;
    private final GatewayMetrics metrics;
    private final DirectoryRules directoryRules;
    private final BatchProperties batchLimits;
    private final TransactionOperations transactions;
    private final QueueSender queues;

    /**
     * An intake with the default batch limits and no transactions (tests that build one by hand and stop before
     * queueing: nothing is sent to the broker but the answers of {@code relay}).
     */
    public Intake(Archive archive, DocumentRepository documents, InvoiceReader reader, InvoiceRepository invoices,
            FlowPackager packager, FlowRepository flows, TransmitQueue transmitQueue, RelayPublisher relay,
            ObjectMapper json, GatewayMetrics metrics, DirectoryRules directoryRules) {
        this(archive, documents, reader, invoices, packager, flows, transmitQueue, relay, json, metrics,
                directoryRules, BatchProperties.defaults(), TransactionOperations.withoutTransaction(), null);
    }

    @Autowired
    public Intake(Archive archive, DocumentRepository documents, InvoiceReader reader, InvoiceRepository invoices,
            FlowPackager packager, FlowRepository flows, TransmitQueue transmitQueue, RelayPublisher relay,
            ObjectMapper json, GatewayMetrics metrics, DirectoryRules directoryRules, BatchProperties batchLimits,
            PlatformTransactionManager transactionManager, QueueSender queues) {
        this(archive, documents, reader, invoices, packager, flows, transmitQueue, relay, json, metrics,
                directoryRules, batchLimits, new TransactionTemplate(transactionManager), queues);
    }

    private Intake(Archive archive, DocumentRepository documents, InvoiceReader reader, InvoiceRepository invoices,
            FlowPackager packager, FlowRepository flows, TransmitQueue transmitQueue, RelayPublisher relay,
            ObjectMapper json, GatewayMetrics metrics, DirectoryRules directoryRules, BatchProperties batchLimits,
            TransactionOperations transactions, QueueSender queues) {
        this.transactions = transactions;
        this.queues = queues;
        this.batchLimits = batchLimits;
        this.archive = archive;
        this.documents = documents;
        this.reader = reader;
        this.invoices = invoices;
        this.packager = packager;
        this.flows = flows;
        this.transmitQueue = transmitQueue;
        this.relay = relay;
        this.json = json;
        this.metrics = metrics;
        this.directoryRules = directoryRules;
    }

    /**
     * Takes one file a tenant sent.
     *
     * @param channel  SFTP or AS2
     * @param fileName the name the supplier gave (sanitised here)
     * @param content  a local copy of the bytes (streamed to the archive, never loaded whole)
     */
    public IntakeReport receive(Tenant tenant, String channel, String fileName, Path content) {
        return receive(tenant, channel, fileName, content, null);
    }

    /**
     * As {@link #receive(Tenant, String, String, Path)}, knowing the transmission the file came by.
     *
     * @param transmissionId identifies this transmission at its sender (AS2: partner and Message-ID; SFTP: the
     *                       poller's claim key, name + size + date): when it comes again for a document already
     *                       settled, it is a retry after a stop (the gateway took it but died before answering the
     *                       sender or moving the file), not a duplicate; its answer already went, nothing is
     *                       answered again. Null when unknown.
     */
    public IntakeReport receive(Tenant tenant, String channel, String fileName, Path content, String transmissionId) {
        return receive(tenant, channel, fileName, content, transmissionId, QueueOrder.none());
    }

    /**
     * As {@link #receive(Tenant, String, String, Path, String)}, for a file read in parallel with others of its tenant:
     * its flow is queued only once its {@code turn} comes (the files taken before it are queued or ended otherwise).
     * The caller closes the turn.
     */
    public IntakeReport receive(Tenant tenant, String channel, String fileName, Path content, String transmissionId,
            QueueOrder.Turn turn) {
        String name = FileNames.sanitize(fileName);
        Optional<RuleViolation> badName = FileNames.refusal(fileName);
        if (badName.isPresent()) {
            // kept and answered under its sanitised name, never read
            metrics.invoiceReceived(tenant.id());
            return rejected(tenant, channel, name, archive.store(content), OffsetDateTime.now(), transmissionId,
                    new Understanding(null, List.of(badName.get()), null), true);
        }
        if (BatchArchive.isBatch(name)) {
            return receiveBatch(tenant, channel, name, content, transmissionId, turn);
        }
        return receiveOne(tenant, channel, name, content, true, transmissionId, turn);
    }

    /**
     * A batch (.zip, .tar.gz): archived and recorded as one document, unpacked under the limits of
     * {@link BatchProperties}, then each invoice goes through {@link #receiveOne} exactly as if it had come alone (its
     * own document, deduplication, rules, flow). The supplier gets one answer for the batch listing every invoice;
     * a batch that breaks a batch rule is refused whole and no invoice of it is read.
     */
    private IntakeReport receiveBatch(Tenant tenant, String channel, String name, Path content,
            String transmissionId, QueueOrder.Turn turn) {
        Archived original = archive.store(content);
        DocumentRepository.Arrival arrival = documents.recordArrival(tenant.id(), original.sha256(), name, channel,
                original.size(), original.relativePath(), OffsetDateTime.now(), transmissionId);
        DocumentRecord document = arrival.document();
        if (arrival.retry() && document.isSettled()) {
            return retried(tenant, name, original, document);
        }
        if (!arrival.firstTime() && document.isSettled()) {
            IntakeReport report = new IntakeReport(name, tenant.id(), original.sha256(), OffsetDateTime.now(),
                    IntakeReport.DUPLICATE, null, null, document.receivedAt(), document.fileName(), List.of());
            answer(RelayMessage.Kind.DUPLICATE, tenant, "duplicate:" + arrival.receiptId(), document.id(), name, report);
            return report;
        }
        Path work = null;
        try {
            // unpacked under the data directory, never in the system's temp folder: nothing a supplier sends is
            // written outside the data directory
            work = Files.createTempDirectory(archive.workFolder("batches"), "batch-");
            BatchArchive.Opened opened = BatchArchive.open(archive.resolve(original.relativePath()), name,
                    batchLimits, work);
            if (opened.refused()) {
                log.info("{}: batch {} refused: {}", tenant.id(), name, opened.violations());
                IntakeReport report = new IntakeReport(name, tenant.id(), original.sha256(), document.receivedAt(),
                        IntakeReport.REJECTED, null, null, null, null, opened.violations());
                metrics.invoiceRejected(tenant.id(), opened.violations().get(0).rule());
                // answer before settling (see receiveOne)
                answer(RelayMessage.Kind.REJECTION, tenant, "answer:" + document.id(), document.id(), name, report);
                documents.markRejected(document.id(), BATCH, toJson(opened.violations()));
                return report;
            }
            List<IntakeReport> items = new ArrayList<>();
            for (BatchArchive.Entry entry : opened.entries()) {
                items.add(receiveOne(tenant, channel, FileNames.sanitize(entry.name()), entry.file(), false,
                        transmissionId == null ? null : transmissionId + "!" + entry.name(), turn)
                        .inBatch(entry.name()));
            }
            IntakeReport report = IntakeReport.batch(name, tenant.id(), original.sha256(), document.receivedAt(),
                    items);
            boolean anyRejected = items.stream().anyMatch(r -> IntakeReport.REJECTED.equals(r.outcome()));
            answer(anyRejected ? RelayMessage.Kind.REJECTION : RelayMessage.Kind.ACK, tenant,
                    "answer:" + document.id(), document.id(), name, report);
            documents.markAccepted(document.id(), BATCH);
            log.info("{}: batch {} processed: {} invoices, {} rejected", tenant.id(), name, items.size(),
                    items.stream().filter(r -> IntakeReport.REJECTED.equals(r.outcome())).count());
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack batch " + name, e);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * One invoice. What reaches the database and the broker, and in which order, is what makes a file taken again
     * after a crash (SFTP leaves it in the folder, an AS2 partner resends it) end with exactly one flow queued and
     * one answer. The invariants, for anyone changing this method or testing crashes:
     * <ol>
     * <li>The file is archived and read before anything is written: a crash there leaves nothing but archived bytes
     * (content-addressed, harmless).</li>
     * <li><b>One database transaction</b> records the arrival (document RECEIVED, receipt), the invoice, the flow
     * (packaged and signed inside it), the invoice's link to the flow, the flow's QUEUED mark and the invoice's
     * QUEUED status. The document stays RECEIVED: only step 4 settles it.</li>
     * <li><b>One JMS transaction</b>, committed right after the database one, puts the transmit message (duplicate
     * id {@code flow:<flowRef>}) and the answer ({@code answer:<documentId>}) on their queues: both or neither.</li>
     * <li>The document is marked ACCEPTED (settled) last.</li>
     * </ol>
     * A crash between 2 and 3 leaves a RECEIVED document with a QUEUED flow and no message; between 3 and 4, the
     * messages are queued but the document is still RECEIVED. Either way the file comes again, its arrival is
     * RESUMED (same document, same flow, same ids) and the messages are sent again <em>one by one</em>: the broker
     * drops those it already has (a JMS transaction holding a known duplicate id would be ignored whole and fail, so
     * a resumed intake never uses one), then the document is settled. Only a settled document makes a new arrival a
     * DUPLICATE, so nothing settled can lack its messages. The flow row is committed before its message exists,
     * so the transmit consumer always finds it. A settled document that comes again by the same transmission (an AS2
     * retry with the same Message-ID, a polled file re-read) is a retry: neither processed nor answered again.
     * Files read in parallel wait for their {@code turn} just before queueing, so a tenant's flows are queued in the
     * order its files were taken.
     */
    private IntakeReport receiveOne(Tenant tenant, String channel, String name, Path content, boolean answerIt,
            String transmissionId, QueueOrder.Turn turn) {
        long takenAt = System.nanoTime();
        OffsetDateTime receivedAt = OffsetDateTime.now();
        metrics.invoiceReceived(tenant.id());
        Archived original = archive.store(content);
        // a read-only look first: a settled duplicate is answered at once, without reading or writing anything else
        Optional<DocumentRecord> known = documents.findByHash(tenant.id(), original.sha256());
        if (known.isPresent() && known.get().isSettled()) {
            return duplicateOrRetry(documents.recordArrival(tenant.id(), original.sha256(), name, channel,
                    original.size(), original.relativePath(), receivedAt, transmissionId), tenant, name, original,
                    answerIt);
        }

        Understanding understanding = checkDirectory(reader.read(archive.resolve(original.relativePath()), tenant));
        if (!understanding.isAccepted()) {
            return rejected(tenant, channel, name, original, receivedAt, transmissionId, understanding, answerIt);
        }
        String syntax = understanding.facts().syntax().name();
        // what is deposited: the supplier's file itself (UBL, CII, the Factur-X PDF) or the UBL its mapping made
        Path payload = understanding.converted() != null ? understanding.converted()
                : archive.resolve(original.relativePath());
        Recorded recorded;
        try {
            recorded = transactions.execute(status -> {
                DocumentRepository.Arrival arrival = documents.recordArrival(tenant.id(), original.sha256(), name,
                        channel, original.size(), original.relativePath(), receivedAt, transmissionId);
                DocumentRecord document = arrival.document();
                if (!arrival.firstTime() && document.isSettled()) {
                    return new Recorded(arrival, null); // another copy of the same bytes settled meanwhile
                }
                long invoiceId = invoices.recordInvoice(tenant.id(), document.id(), understanding.facts());
                FlowRecord flow = flows.findByDocument(document.id()).orElseGet(() -> {
                    PackagedFlow packaged = packager.pack(understanding.facts(), payload, flowRef(document.id()));
                    return flows.recordPackaged(document.id(), tenant.id(), packaged.flowRef(), packaged.name(),
                            packaged.interfaceCode(), archive.relativize(packaged.flowFile()),
                            archive.relativize(packaged.signatureFile()));
                });
                invoices.attachFlow(invoiceId, flow.id());
                flows.markQueued(flow.id());
                invoices.advanceGatewayStatus(flow.id(), "RECEIVED", "QUEUED");
                return new Recorded(arrival, flow);
            });
        } finally {
            deleteConverted(understanding);
        }
        DocumentRecord document = recorded.arrival().document();
        if (recorded.flow() == null) {
            return duplicateOrRetry(recorded.arrival(), tenant, name, original, answerIt);
        }
        FlowRecord flow = recorded.flow();
        IntakeReport report = new IntakeReport(name, tenant.id(), original.sha256(), document.receivedAt(),
                IntakeReport.ACCEPTED, understanding.facts().number(), flow.name(), null, null, List.of());
        List<OutgoingMessage> messages = new ArrayList<>();
        messages.add(transmitQueue.message(tenant.id(), flow));
        // answer before settling: a crash in between resends an answer the relay deduplicates, never loses it
        if (answerIt) {
            messages.add(relay.message(RelayMessage.answer(RelayMessage.Kind.ACK, tenant.id(),
                    "answer:" + document.id(), document.id(), name, toJson(report))));
        }
        turn.awaitTurn(); // the tenant's earlier files are queued (or ended otherwise) first
        if (recorded.arrival().firstTime()) {
            queues.sendTogether(messages); // new ids: none of them can be known to the broker yet
        } else {
            queues.sendEach(messages); // RESUMED: some may be queued already, the broker drops those one by one
        }
        metrics.stageTime(GatewayMetrics.STAGE_INTAKE, Duration.ofNanos(System.nanoTime() - takenAt));
        documents.markAccepted(document.id(), syntax);
        log.info("{}: {} accepted as invoice {} in flow {}", tenant.id(), name, understanding.facts().number(), flow.name());
        return report;
    }

    /** What the intake's database transaction recorded; no flow when the arrival turned out to be a duplicate. */
    private record Recorded(DocumentRepository.Arrival arrival, FlowRecord flow) {
    }

    /** A settled document arrived again: by the same transmission (a retry after a stop), or a real duplicate. */
    private IntakeReport duplicateOrRetry(DocumentRepository.Arrival arrival, Tenant tenant, String name,
            Archived original, boolean answerIt) {
        return arrival.retry() ? retried(tenant, name, original, arrival.document())
                : duplicate(arrival, tenant, name, original, answerIt);
    }

    private IntakeReport duplicate(DocumentRepository.Arrival arrival, Tenant tenant, String name, Archived original,
            boolean answerIt) {
        DocumentRecord document = arrival.document();
        log.info("{}: {} is a duplicate of document {} ({})", tenant.id(), name, document.id(), document.fileName());
        IntakeReport report = new IntakeReport(name, tenant.id(), original.sha256(), OffsetDateTime.now(),
                IntakeReport.DUPLICATE, null, null, document.receivedAt(), document.fileName(), List.of());
        metrics.invoiceDuplicate(tenant.id());
        if (answerIt) {
            answer(RelayMessage.Kind.DUPLICATE, tenant, "duplicate:" + arrival.receiptId(), document.id(), name,
                    report);
        }
        return report;
    }

    /**
     * A refused invoice: arrival recorded, answer sent, then the document settled REJECTED (answer before settling,
     * as for an accepted one, so a crash in between resends the rejection rather than answering "duplicate").
     */
    private IntakeReport rejected(Tenant tenant, String channel, String name, Archived original,
            OffsetDateTime receivedAt, String transmissionId, Understanding understanding, boolean answerIt) {
        deleteConverted(understanding);
        DocumentRepository.Arrival arrival = documents.recordArrival(tenant.id(), original.sha256(), name, channel,
                original.size(), original.relativePath(), receivedAt, transmissionId);
        DocumentRecord document = arrival.document();
        if (!arrival.firstTime() && document.isSettled()) {
            return duplicateOrRetry(arrival, tenant, name, original, answerIt);
        }
        String syntax = understanding.facts() == null ? null : understanding.facts().syntax().name();
        log.info("{}: {} rejected: {}", tenant.id(), name, understanding.violations());
        IntakeReport report = new IntakeReport(name, tenant.id(), original.sha256(), document.receivedAt(),
                IntakeReport.REJECTED, understanding.facts() == null ? null : understanding.facts().number(),
                null, null, null, understanding.violations());
        metrics.invoiceRejected(tenant.id(),
                understanding.violations().isEmpty() ? null : understanding.violations().get(0).rule());
        if (answerIt) {
            answer(RelayMessage.Kind.REJECTION, tenant, "answer:" + document.id(), document.id(), name, report);
        }
        documents.markRejected(document.id(), syntax, toJson(understanding.violations()));
        return report;
    }

    /**
     * The same transmission again, its document already settled: the gateway took it, answered (answers go before
     * settling) and stopped before the sender had its MDN or the poller moved the file. It is neither processed nor
     * answered again, and not a duplicate either: the supplier sent it once (found by the crash suite).
     */
    private IntakeReport retried(Tenant tenant, String name, Archived original, DocumentRecord document) {
        log.info("{}: {} is a retry of the transmission of document {}: already {}, not answered again", tenant.id(),
                name, document.id(), document.state());
        return new IntakeReport(name, tenant.id(), original.sha256(), document.receivedAt(), document.state(), null,
                null, null, null, List.of());
    }

    /**
     * A readable invoice the directory refuses (unknown recipient, missing service or engagement...) is rejected like
     * an unreadable one: Chorus Pro would reject it anyway, days later.
     */
    private Understanding checkDirectory(Understanding understanding) {
        if (!understanding.isAccepted()) {
            return understanding;
        }
        List<RuleViolation> violations = directoryRules.check(understanding.facts());
        if (violations.isEmpty()) {
            return understanding;
        }
        deleteConverted(understanding);
        return Understanding.rejected(understanding.facts(), violations);
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("cannot delete the batch work folder {}", dir, e);
        }
    }

    private static void deleteConverted(Understanding understanding) {
        if (understanding.converted() != null) {
            try {
                Files.deleteIfExists(understanding.converted());
            } catch (IOException e) {
                log.warn("cannot delete the temporary file {}", understanding.converted(), e);
            }
        }
    }

    /** Flow ids are derived from the document id: unique across gateway instances and stable across retries. */
    static String flowRef(long documentId) {
        return String.format("%012d", documentId);
    }

    private void answer(RelayMessage.Kind kind, Tenant tenant, String key, long documentId, String fileName,
            IntakeReport report) {
        relay.publish(RelayMessage.answer(kind, tenant.id(), key, documentId, fileName, toJson(report)));
    }

    private String toJson(Object value) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
