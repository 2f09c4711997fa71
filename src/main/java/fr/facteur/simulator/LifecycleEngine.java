package fr.facteur.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Plays the invoices' scenarios: at each tick, every status that is due (for every supplier) goes into ONE CPPStatut
 * file with a CPPFactureStatuts section, as Chorus Pro mixes suppliers in its return files. An invoice moves one step
 * per tick at most, the next one due step-delay after this one, so statuses of one invoice never share a file and
 * always come in order.
 *
 * <p>All state is in the sim_* tables, so a new engine on the same database (after a restart) carries on where the
 * last one stopped. The file is renamed into place before the transaction commits: a crash in between re-emits those
 * statuses at the next tick (at least once), which the gateway must absorb anyway, rather than losing them.
 */
final class LifecycleEngine {

    /** Upper bound of units in one return file; the rest goes at the next tick. */
    static final int MAX_UNITS_PER_FILE = 1000;

    private final SimulatorStore store;
    private final CppStatutWriter writer;
    private final ReturnsFolder folder;
    private final TransactionTemplate transactions;
    private final Duration stepDelay;
    private final String producerId;
    private final String partnerCode;

    LifecycleEngine(SimulatorStore store, CppStatutWriter writer, ReturnsFolder folder,
            TransactionTemplate transactions, Duration stepDelay, String producerId, String partnerCode) {
        this.store = store;
        this.writer = writer;
        this.folder = folder;
        this.transactions = transactions;
        this.stepDelay = stepDelay;
        this.producerId = producerId;
        this.partnerCode = partnerCode;
    }

    /**
     * Emits every status due at {@code now}.
     *
     * @return the file written, or empty when nothing was due
     */
    Optional<Path> tick(Instant now) {
        return transactions.execute(tx -> {
            List<SimulatorStore.DueStatus> due = store.lockDue(now, MAX_UNITS_PER_FILE);
            if (due.isEmpty()) {
                return Optional.<Path>empty();
            }
            String name = ReturnsFolder.statusesName(now, store.nextReturnFileSequence());
            List<CppStatutWriter.InvoiceStatusUnit> units = due.stream()
                    .map(d -> new CppStatutWriter.InvoiceStatusUnit(d.supplierSiret(), d.supplierName(),
                            d.buyerSiret(), d.serviceCode(), d.status(), d.comment(), now, d.invoiceNumber(),
                            d.issueDate()))
                    .toList();
            for (SimulatorStore.DueStatus status : due) {
                store.recordEmission(status, name, now, now.plus(stepDelay));
            }
            CppStatutWriter.Envelope envelope = new CppStatutWriter.Envelope(now, ReturnsFolder.fileId(name),
                    partnerCode, producerId);
            return Optional.of(folder.write(name, writer.invoiceStatuses(envelope, units)));
        });
    }

    /** See {@link Simulator#push}. */
    Path push(String invoiceNumber, String supplierSiret, InvoiceStatus status, String comment, Instant now) {
        return transactions.execute(tx -> {
            List<SimulatorStore.StoredInvoice> found = store.findInvoicesNumbered(invoiceNumber).stream()
                    .filter(i -> supplierSiret == null || i.supplierSiret().equals(supplierSiret)).toList();
            if (found.isEmpty()) {
                throw new java.util.NoSuchElementException("no invoice " + invoiceNumber
                        + (supplierSiret == null ? "" : " of supplier " + supplierSiret) + " in the simulator");
            }
            if (found.size() > 1) {
                throw new IllegalArgumentException("several suppliers have an invoice " + invoiceNumber
                        + ": give the supplier's SIRET");
            }
            SimulatorStore.StoredInvoice invoice = found.get(0);
            String name = ReturnsFolder.statusesName(now, store.nextReturnFileSequence());
            store.recordPushed(invoice.id(), status, comment, name, now, now.plus(stepDelay));
            CppStatutWriter.Envelope envelope = new CppStatutWriter.Envelope(now, ReturnsFolder.fileId(name),
                    partnerCode, producerId);
            return folder.write(name, writer.invoiceStatuses(envelope, List.of(new CppStatutWriter.InvoiceStatusUnit(
                    invoice.supplierSiret(), invoice.supplierName(), invoice.buyerSiret(), invoice.serviceCode(),
                    status, comment, now, invoice.number(), invoice.issueDate()))));
        });
    }
}
