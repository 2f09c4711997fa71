package fr.facteur.simulator;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Chorus Pro simulator: a drop box that takes deposited flows and answers each with an integration report, and
 * a lifecycle engine that emits the integrated invoices' statuses. Time is always given by the caller, so the
 * scheduler passes the clock and tests pass whatever instant they need (no test waits on real time).
 */
public final class Simulator {

    private final DropBox dropBox;
    private final LifecycleEngine lifecycle;
    private final SimulatorProperties.Folders folders;
    private PisteBackend piste;

    private Simulator(DropBox dropBox, LifecycleEngine lifecycle, SimulatorProperties.Folders folders) {
        this.dropBox = dropBox;
        this.lifecycle = lifecycle;
        this.folders = folders;
    }

    /** The simulator as its API (simulator.api) sees it: deposits and consultations. */
    public PisteBackend piste() {
        return piste;
    }

    /**
     * Builds a simulator on its tables in {@code dataSource} (Flyway V2__simulator.sql applied).
     *
     * @param dataDir     base of relative folders
     * @param partnerCode the operator's partner code: Recepteur of every return file
     * @param reader      understands a flow's content (the gateway's InvoiceReader in production)
     */
    public static Simulator assemble(SimulatorProperties properties, Path dataDir, String partnerCode,
            DataSource dataSource, InvoiceFileReader reader) {
        SimulatorProperties.Folders folders = properties.folders(dataDir);
        // a transaction manager of our own on the shared DataSource: the application may hold several managers
        // (JDBC, JMS), and JdbcTemplate joins whichever transaction is bound to this DataSource
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        SimulatorStore store = new SimulatorStore(new JdbcTemplate(dataSource));
        CppStatutWriter writer = new CppStatutWriter();
        ReturnsFolder returns = new ReturnsFolder(folders.returns());
        Scenarios scenarios = new Scenarios(properties.scenarioByRecipient(), properties.defaultScenario());
        SimulatedDirectory directory = new SimulatedDirectory(properties.knownRecipients());
        InvoiceChecks checks = new InvoiceChecks(directory);
        DetachedSignatureVerifier signatures = new DetachedSignatureVerifier(
                DetachedSignatureVerifier.readCertificates(properties.trustedSigners()));
        FlowIntake intake = new FlowIntake(reader, checks, scenarios, store, transactions, properties.stepDelay());
        IntegrationReports reports = new IntegrationReports(store, writer, returns, properties.producerId(),
                partnerCode);
        SupplierActionInbox actions = new SupplierActionInbox(store, scenarios, directory, transactions,
                properties.stepDelay());
        DropBox dropBox = new DropBox(folders, properties.signatureWait(), signatures, intake, reports, store,
                actions);
        LifecycleEngine lifecycle = new LifecycleEngine(store, writer, returns, transactions, properties.stepDelay(),
                properties.producerId(), partnerCode);
        Simulator simulator = new Simulator(dropBox, lifecycle, folders);
        simulator.piste = new PisteBackend(intake, reports, store, new JdbcTemplate(dataSource), actions);
        return simulator;
    }

    /**
     * Takes every complete flow in the drop box as of {@code now}.
     *
     * @return the integration reports written (CPPStatut CPPFluxStatuts files)
     */
    public synchronized List<Path> scan(Instant now) {
        return dropBox.scan(now);
    }

    /**
     * Emits every invoice status due at {@code now}, all suppliers together, in one file.
     *
     * @return the CPPStatut CPPFactureStatuts file written, or empty when nothing was due
     */
    public Optional<Path> tick(Instant now) {
        return lifecycle.tick(now);
    }

    /**
     * An operator's status, by hand (demo): emitted at once in its own CPPStatut file, like any other. Suspendue and
     * A recycler make the invoice wait for its supplier, a rejection or Mise en paiement ends its scenario; any
     * other status is inserted before the rest of the scenario.
     *
     * @param supplierSiret needed only when several suppliers have an invoice with this number
     * @return the file written
     * @throws java.util.NoSuchElementException when no invoice has this number
     * @throws IllegalArgumentException         when the number is ambiguous without the supplier
     */
    public Path push(String invoiceNumber, String supplierSiret, InvoiceStatus status, String comment, Instant now) {
        return lifecycle.push(invoiceNumber, supplierSiret, status, comment, now);
    }

    /**
     * Takes a flow received by AS2: kept in the processed folder (like the drop box's flows), then checked and
     * reported exactly like a flow from the drop box. Its return files still go to the returns folder (SFTP).
     *
     * @param name the flow's file name (Content-Disposition); anything but [A-Za-z0-9._-] is replaced
     * @return the integration report written
     */
    public synchronized Path receive(String name, byte[] content, String channel, Instant now) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
        try {
            java.nio.file.Files.createDirectories(folders.processed());
            Path kept = folders.processed().resolve(safe);
            if (java.nio.file.Files.exists(kept)) {
                kept = folders.processed().resolve(safe + "." + now.toEpochMilli());
            }
            java.nio.file.Files.write(kept, content);
            return dropBox.receive(safe, kept, channel, now);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot keep flow " + safe, e);
        }
    }

    /** The drop box, the processed folder and the returns folder, resolved. */
    public SimulatorProperties.Folders folders() {
        return folders;
    }
}
