package fr.facteur.inbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import fr.facteur.archive.Archive;
import fr.facteur.archive.Archived;
import fr.facteur.directory.DirectoryRules;
import fr.facteur.flow.FlowPackager;
import fr.facteur.flow.PackagedFlow;
import fr.facteur.invoice.InvoiceReader;
import fr.facteur.invoice.RuleViolation;
import fr.facteur.invoice.Understanding;
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

    /** An intake with the default batch limits (tests that build one by hand). */
    public Intake(Archive archive, DocumentRepository documents, InvoiceReader reader, InvoiceRepository invoices,
            FlowPackager packager, FlowRepository flows, TransmitQueue transmitQueue, RelayPublisher relay,
            ObjectMapper json, GatewayMetrics metrics, DirectoryRules directoryRules) {
        this(archive, documents, reader, invoices, packager, flows, transmitQueue, relay, json, metrics,
                directoryRules, BatchProperties.defaults());
    }

    @Autowired
    public Intake(Archive archive, DocumentRepository documents, InvoiceReader reader, InvoiceRepository invoices,
            FlowPackager packager, FlowRepository flows, TransmitQueue transmitQueue, RelayPublisher relay,
            ObjectMapper json, GatewayMetrics metrics, DirectoryRules directoryRules, BatchProperties batchLimits) {
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
        String name = FileNames.sanitize(fileName);
        if (BatchArchive.isBatch(name)) {
            return receiveBatch(tenant, channel, name, content, transmissionId);
        }
        return receiveOne(tenant, channel, name, content, true, transmissionId);
    }

    /**
     * A batch (.zip, .tar.gz): archived and recorded as one document, unpacked under the limits of
     * {@link BatchProperties}, then each invoice goes through {@link #receiveOne} exactly as if it had come alone (its
     * own document, deduplication, rules, flow). The supplier gets one answer for the batch listing every invoice;
     * a batch that breaks a batch rule is refused whole and no invoice of it is read.
     */
    private IntakeReport receiveBatch(Tenant tenant, String channel, String name, Path content,
            String transmissionId) {
        Archived original = archive.store(content);
        DocumentRepository.Arrival arrival = documents.recordArrival(tenant.id(), original.sha256(), name, channel,
                original.size(), original.relativePath(), transmissionId);
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
                        transmissionId == null ? null : transmissionId + "!" + entry.name()).inBatch(entry.name()));
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

    private IntakeReport receiveOne(Tenant tenant, String channel, String name, Path content, boolean answerIt,
            String transmissionId) {
        long takenAt = System.nanoTime();
        metrics.invoiceReceived(tenant.id());
        Archived original = archive.store(content);
        DocumentRepository.Arrival arrival = documents.recordArrival(tenant.id(), original.sha256(), name, channel,
                original.size(), original.relativePath(), transmissionId);
        DocumentRecord document = arrival.document();
        if (arrival.retry() && document.isSettled()) {
            return retried(tenant, name, original, document);
        }
        if (!arrival.firstTime() && document.isSettled()) {
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

        Understanding understanding = checkDirectory(reader.read(archive.resolve(original.relativePath()), tenant));
        String syntax = understanding.facts() == null ? null : understanding.facts().syntax().name();
        if (!understanding.isAccepted()) {
            deleteConverted(understanding);
            log.info("{}: {} rejected: {}", tenant.id(), name, understanding.violations());
            IntakeReport report = new IntakeReport(name, tenant.id(), original.sha256(), document.receivedAt(),
                    IntakeReport.REJECTED, understanding.facts() == null ? null : understanding.facts().number(),
                    null, null, null, understanding.violations());
            metrics.invoiceRejected(tenant.id(),
                    understanding.violations().isEmpty() ? null : understanding.violations().get(0).rule());
            // answer before settling, as for an acceptance: a retry of a settled document answers nothing again
            if (answerIt) {
                answer(RelayMessage.Kind.REJECTION, tenant, "answer:" + document.id(), document.id(), name, report);
            }
            documents.markRejected(document.id(), syntax, toJson(understanding.violations()));
            return report;
        }

        long invoiceId = invoices.recordInvoice(tenant.id(), document.id(), understanding.facts());
        // what is deposited: the supplier's file itself (UBL, CII, the Factur-X PDF) or the UBL its mapping made
        Path payload = understanding.converted() != null ? understanding.converted()
                : archive.resolve(original.relativePath());
        FlowRecord flow;
        try {
            flow = flows.findByDocument(document.id()).orElseGet(() -> {
                PackagedFlow packaged = packager.pack(understanding.facts(), payload, flowRef(document.id()));
                return flows.recordPackaged(document.id(), tenant.id(), packaged.flowRef(), packaged.name(),
                        packaged.interfaceCode(), archive.relativize(packaged.flowFile()),
                        archive.relativize(packaged.signatureFile()));
            });
        } finally {
            deleteConverted(understanding);
        }
        invoices.attachFlow(invoiceId, flow.id());
        transmitQueue.enqueue(tenant.id(), flow);
        flows.markQueued(flow.id());
        invoices.advanceGatewayStatus(flow.id(), "RECEIVED", "QUEUED");
        metrics.stageTime(GatewayMetrics.STAGE_INTAKE, Duration.ofNanos(System.nanoTime() - takenAt));

        IntakeReport report = new IntakeReport(name, tenant.id(), original.sha256(), document.receivedAt(),
                IntakeReport.ACCEPTED, understanding.facts().number(), flow.name(), null, null, List.of());
        // answer before settling: a crash in between resends an answer the relay deduplicates, never loses it
        if (answerIt) {
            answer(RelayMessage.Kind.ACK, tenant, "answer:" + document.id(), document.id(), name, report);
        }
        documents.markAccepted(document.id(), syntax);
        log.info("{}: {} accepted as invoice {} in flow {}", tenant.id(), name, understanding.facts().number(), flow.name());
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
