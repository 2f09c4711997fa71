package fr.facteur.simulator;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the simulator's API (package {@code simulator.api}) needs of the simulator: a deposit goes through the same
 * {@link FlowIntake} as a file from the SFTP drop box (and gets the same integration report in the returns folder),
 * and the consultations read the same tables the lifecycle engine plays, so the API and the return files always
 * tell the same story.
 */
public final class PisteBackend {

    static final String CHANNEL = "API";

    /** A flow as ConsulterCR shows it. */
    public record FlowView(long id, String fileName, String numeroFluxDepot, String interfaceCode, String statusCode,
            Instant receivedAt, List<ErrorView> errors) {
    }

    /** A LigneErreurDetail of the integration report. */
    public record ErrorView(String invoiceNumber, String supplierId, String code, String label, String description) {
    }

    /** An integrated invoice and its latest emitted status (null when none was emitted yet). */
    public record InvoiceView(long id, String number, String supplierSiret, String buyerSiret, LocalDate issueDate,
            String latestCode) {
    }

    /** An emitted status of an invoice. */
    public record Passage(int seq, String code, String comment, Instant at) {
    }

    /** The outcome of a deposit: the flow recorded, or the first one when the name was already deposited. */
    public record Deposited(FlowView flow, boolean alreadyReceived) {
    }

    private final FlowIntake intake;
    private final IntegrationReports reports;
    private final SimulatorStore store;
    private final JdbcTemplate jdbc;

    private final SupplierActionInbox actions;

    PisteBackend(FlowIntake intake, IntegrationReports reports, SimulatorStore store, JdbcTemplate jdbc,
            SupplierActionInbox actions) {
        this.actions = actions;
        this.intake = intake;
        this.reports = reports;
        this.store = store;
        this.jdbc = jdbc;
    }

    /** DeposerFluxFacture: checks and records the decoded flow, then publishes its report like the drop box does. */
    public Deposited deposit(String fileName, Path content, Instant now) {
        Optional<SimulatorStore.StoredFlow> known = store.findFlow(fileName);
        if (known.isPresent()) {
            return new Deposited(flow(known.get().numeroFluxDepot()).orElseThrow(), true);
        }
        SimulatorStore.StoredFlow recorded = intake.receive(
                new FlowIntake.Deposit(fileName, content, CHANNEL, now, List.of()));
        reports.publish(recorded);
        return new Deposited(flow(recorded.numeroFluxDepot()).orElseThrow(), false);
    }

    public Optional<FlowView> flow(String numeroFluxDepot) {
        return jdbc.query("select * from sim_flow where numero_flux_depot = ?", (rs, i) -> new FlowView(
                rs.getLong("id"), rs.getString("file_name"), rs.getString("numero_flux_depot"),
                rs.getString("interface_code"), rs.getString("status_code"),
                rs.getTimestamp("received_at").toInstant(), List.of()), numeroFluxDepot).stream().findFirst()
                .map(f -> new FlowView(f.id(), f.fileName(), f.numeroFluxDepot(), f.interfaceCode(), f.statusCode(),
                        f.receivedAt(), store.errors(f.id()).stream().map(e -> new ErrorView(e.invoiceNumber(),
                                e.supplierId(), e.code().name(), e.label(), e.description())).toList()));
    }

    /** Flows received over the API or SFTP with this name (tests: a flow deposited exactly once). */
    public int flowsNamed(String fileName) {
        return jdbc.queryForObject("select count(*) from sim_flow where file_name = ?", Integer.class, fileName);
    }

    public List<InvoiceView> invoicesOf(String numeroFluxDepot) {
        return jdbc.query("""
                select i.id, i.number, i.supplier_siret, i.buyer_siret, i.issue_date,
                       (select s.status_code from sim_invoice_step s where s.invoice_id = i.id
                        and s.emitted_at is not null order by s.seq desc limit 1) as latest
                from sim_invoice i join sim_flow f on f.id = i.flow_id
                where f.numero_flux_depot = ? order by i.id
                """, (rs, n) -> new InvoiceView(rs.getLong("id"), rs.getString("number"),
                rs.getString("supplier_siret"), rs.getString("buyer_siret"), rs.getObject("issue_date", LocalDate.class),
                rs.getString("latest")), numeroFluxDepot);
    }

    public Optional<InvoiceView> invoice(long id) {
        return jdbc.query("""
                select i.id, i.number, i.supplier_siret, i.buyer_siret, i.issue_date,
                       (select s.status_code from sim_invoice_step s where s.invoice_id = i.id
                        and s.emitted_at is not null order by s.seq desc limit 1) as latest
                from sim_invoice i where i.id = ?
                """, (rs, n) -> new InvoiceView(rs.getLong("id"), rs.getString("number"),
                rs.getString("supplier_siret"), rs.getString("buyer_siret"), rs.getObject("issue_date", LocalDate.class),
                rs.getString("latest")), id).stream().findFirst();
    }

    /** A piece uploaded with AjouterFichierDansSysteme, named by a completion. */
    public record Attachment(String name, String contentBase64) {
    }

    /**
     * CompleterFacture: the same effect as a COMPLETER action file (Complétée, then the rest of the nominal path).
     *
     * @param callName unique per call (recorded in sim_supplier_action)
     * @return the refusal, empty when applied
     */
    public Optional<String> complete(long invoiceId, String comment, List<Attachment> attachments, String callName,
            Instant now) {
        Optional<InvoiceView> invoice = invoice(invoiceId);
        if (invoice.isEmpty()) {
            return Optional.of("facture " + invoiceId + " inconnue");
        }
        return actions.takeApi(callName, new SupplierActionInbox.ActionFile(SupplierActionInbox.COMPLETER,
                invoice.get().supplierSiret(), invoice.get().number(), comment, attachments.stream()
                        .map(a -> new SupplierActionInbox.Attachment(a.name(), a.contentBase64())).toList(), null,
                null, null), now);
    }

    /** RecyclerFacture: the same effect as a RECYCLER action file (new routing data, same invoice number). */
    public Optional<String> recycle(long invoiceId, String recipientSiret, String serviceCode, String engagementNumber,
            String callName, Instant now) {
        Optional<InvoiceView> invoice = invoice(invoiceId);
        if (invoice.isEmpty()) {
            return Optional.of("facture " + invoiceId + " inconnue");
        }
        return actions.takeApi(callName, new SupplierActionInbox.ActionFile(SupplierActionInbox.RECYCLER,
                invoice.get().supplierSiret(), invoice.get().number(), null, List.of(), recipientSiret, serviceCode,
                engagementNumber), now);
    }

    /** The statuses emitted so far, in the order they were emitted. */
    public List<Passage> history(long invoiceId) {
        return jdbc.query("select seq, status_code, comment, emitted_at from sim_invoice_step "
                + "where invoice_id = ? and emitted_at is not null order by emitted_at, seq",
                (rs, n) -> new Passage(rs.getInt("seq"), rs.getString("status_code"), rs.getString("comment"),
                        rs.getTimestamp("emitted_at").toInstant()), invoiceId);
    }
}
