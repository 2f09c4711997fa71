package fr.facteur.simulator;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

import fr.facteur.invoice.InvoiceFacts;

/**
 * The simulator's tables (sim_*): flows received, their error lines, integrated invoices and their planned
 * lifecycle. Plain SQL on PostgreSQL; callers own the transactions.
 */
final class SimulatorStore {

    /** Where an invoice stands in its scenario. */
    enum InvoiceState {
        /** more statuses are planned */
        RUNNING,
        /** stopped on a status that needs a supplier action (Suspendue); a later action appends steps */
        WAITING_SUPPLIER,
        /** its scenario is played out */
        FINISHED
    }

    /** A row of sim_flow. */
    record StoredFlow(long id, String fileName, String numeroFluxDepot, String interfaceCode, IntegrationStatus status,
            Instant receivedAt, String reportFile, String contentSha256) {
    }

    /** The next planned status of an invoice, due now, with what a CPPFactureStatutUnitaire needs. */
    record DueStatus(long invoiceId, int seq, boolean lastStep, String supplierSiret, String supplierName,
            String buyerSiret, String serviceCode, String invoiceNumber, LocalDate issueDate, InvoiceStatus status,
            String comment, boolean waitsForSupplier) {
    }

    private final JdbcTemplate jdbc;

    SimulatorStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    long nextNumeroSequence() {
        return jdbc.queryForObject("select nextval('sim_numero_flux_depot_seq')", Long.class);
    }

    long nextReturnFileSequence() {
        return jdbc.queryForObject("select nextval('sim_return_file_seq')", Long.class);
    }

    Optional<StoredFlow> findFlow(String fileName) {
        return jdbc.query("select * from sim_flow where file_name = ?", SimulatorStore::flow, fileName).stream()
                .findFirst();
    }

    StoredFlow insertFlow(String fileName, String numeroFluxDepot, String interfaceCode, String channel,
            IntegrationStatus status, Instant receivedAt, String contentSha256) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var insert = c.prepareStatement("insert into sim_flow (file_name, numero_flux_depot, interface_code, "
                    + "channel, status_code, received_at, content_sha256) values (?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"});
            insert.setString(1, fileName);
            insert.setString(2, numeroFluxDepot);
            insert.setString(3, interfaceCode);
            insert.setString(4, channel);
            insert.setString(5, status.code());
            insert.setTimestamp(6, Timestamp.from(receivedAt));
            insert.setString(7, contentSha256);
            return insert;
        }, key);
        return new StoredFlow(key.getKey().longValue(), fileName, numeroFluxDepot, interfaceCode, status, receivedAt,
                null, contentSha256);
    }

    void insertErrors(long flowId, List<FlowError> errors) {
        int line = 0;
        for (FlowError error : errors) {
            jdbc.update("insert into sim_flow_error (flow_id, line_no, invoice_number, supplier_id, nature, code, "
                    + "label, description) values (?, ?, ?, ?, ?, ?, ?, ?)", flowId, ++line, error.invoiceNumber(),
                    error.supplierId(), error.code().nature().name(), error.code().name(), error.label(),
                    error.description());
        }
    }

    List<FlowError> errors(long flowId) {
        return jdbc.query("select * from sim_flow_error where flow_id = ? order by line_no",
                (rs, i) -> new FlowError(FlowErrorCode.valueOf(rs.getString("code")), rs.getString("label"),
                        rs.getString("description"), rs.getString("invoice_number"), rs.getString("supplier_id")),
                flowId);
    }

    void markReported(long flowId, String reportFile) {
        jdbc.update("update sim_flow set report_file = ? where id = ?", reportFile, flowId);
    }

    boolean invoiceExists(String supplierSiret, String number) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from sim_invoice where supplier_siret = ? and number = ?)", Boolean.class,
                supplierSiret, number));
    }

    int countInvoices(long flowId) {
        return jdbc.queryForObject("select count(*) from sim_invoice where flow_id = ?", Integer.class, flowId);
    }

    /**
     * Records an integrated invoice and copies its scenario into its plan.
     *
     * @param firstDue when its first status is due
     */
    long insertInvoice(long flowId, InvoiceFacts facts, String supplierName, Scenario scenario, Instant depositedAt,
            Instant firstDue) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var insert = c.prepareStatement("insert into sim_invoice (flow_id, supplier_siret, supplier_name, number, "
                    + "type_code, issue_date, buyer_siret, service_code, engagement_number, currency, total_with_vat, "
                    + "scenario, state, next_seq, next_due_at, deposited_at) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)", new String[] {"id"});
            insert.setLong(1, flowId);
            insert.setString(2, facts.sellerSiret());
            insert.setString(3, supplierName);
            insert.setString(4, facts.number());
            insert.setString(5, facts.typeCode());
            insert.setObject(6, facts.issueDate(), java.sql.Types.DATE);
            insert.setString(7, facts.buyerSiret());
            insert.setString(8, facts.serviceCode());
            insert.setString(9, facts.engagementNumber());
            insert.setString(10, facts.currency());
            insert.setBigDecimal(11, facts.totalWithVat());
            insert.setString(12, scenario.name());
            insert.setString(13, InvoiceState.RUNNING.name());
            insert.setTimestamp(14, Timestamp.from(firstDue));
            insert.setTimestamp(15, Timestamp.from(depositedAt));
            return insert;
        }, key);
        long invoiceId = key.getKey().longValue();
        int seq = 0;
        for (Scenario.Step step : scenario.steps()) {
            jdbc.update("insert into sim_invoice_step (invoice_id, seq, status_code, comment, waits_for_supplier) "
                    + "values (?, ?, ?, ?, ?)", invoiceId, ++seq, step.status().code(), step.comment(),
                    step.waitsForSupplier());
        }
        return invoiceId;
    }

    /**
     * Locks and returns the due statuses (one per invoice: the next planned one), oldest first. Rows another
     * simulator instance holds are skipped, never emitted twice.
     */
    List<DueStatus> lockDue(Instant now, int limit) {
        return jdbc.query("""
                select i.id, i.next_seq, i.supplier_siret, i.supplier_name, i.buyer_siret, i.service_code, i.number,
                       i.issue_date, s.status_code, s.comment, s.waits_for_supplier,
                       i.next_seq = (select max(x.seq) from sim_invoice_step x where x.invoice_id = i.id) as last_step
                from sim_invoice i
                join sim_invoice_step s on s.invoice_id = i.id and s.seq = i.next_seq
                where i.next_due_at <= ?
                order by i.next_due_at, i.id
                limit ?
                for update of i skip locked
                """, (rs, n) -> new DueStatus(rs.getLong("id"), rs.getInt("next_seq"), rs.getBoolean("last_step"),
                rs.getString("supplier_siret"), rs.getString("supplier_name"), rs.getString("buyer_siret"),
                rs.getString("service_code"), rs.getString("number"), localDate(rs, "issue_date"),
                InvoiceStatus.ofCode(rs.getString("status_code")), rs.getString("comment"),
                rs.getBoolean("waits_for_supplier")), Timestamp.from(now), limit);
    }

    /**
     * Marks a status emitted in {@code returnFile} and moves its invoice on: to the next step due at
     * {@code nextDue}, to waiting for the supplier, or to finished.
     */
    void recordEmission(DueStatus due, String returnFile, Instant emittedAt, Instant nextDue) {
        jdbc.update("update sim_invoice_step set emitted_at = ?, return_file = ? where invoice_id = ? and seq = ?",
                Timestamp.from(emittedAt), returnFile, due.invoiceId(), due.seq());
        if (due.waitsForSupplier()) {
            // keeps next_seq: a supplier action resumes there (or appends after the last step)
            jdbc.update("update sim_invoice set state = ?, next_seq = ?, next_due_at = null where id = ?",
                    InvoiceState.WAITING_SUPPLIER.name(), due.lastStep() ? null : due.seq() + 1, due.invoiceId());
        } else if (due.lastStep()) {
            jdbc.update("update sim_invoice set state = ?, next_seq = null, next_due_at = null where id = ?",
                    InvoiceState.FINISHED.name(), due.invoiceId());
        } else {
            jdbc.update("update sim_invoice set next_seq = ?, next_due_at = ? where id = ?", due.seq() + 1,
                    Timestamp.from(nextDue), due.invoiceId());
        }
    }

    /** An integrated invoice as a supplier action or a manual status push finds it. */
    record StoredInvoice(long id, String supplierSiret, String supplierName, String number, String buyerSiret,
            String serviceCode, LocalDate issueDate, InvoiceState state, InvoiceStatus lastEmitted) {
    }

    /** The invoice of this supplier with this number (Chorus Pro refuses a second one, so at most one). */
    Optional<StoredInvoice> findInvoice(String supplierSiret, String number) {
        return jdbc.query("""
                select i.*, (select s.status_code from sim_invoice_step s where s.invoice_id = i.id
                             and s.emitted_at is not null order by s.seq desc limit 1) as last_code
                from sim_invoice i where i.supplier_siret = ? and i.number = ? for update""",
                SimulatorStore::invoice, supplierSiret, number).stream().findFirst();
    }

    /** The invoices with this number, whatever their supplier (an operator pushing a status knows the number). */
    List<StoredInvoice> findInvoicesNumbered(String number) {
        return jdbc.query("""
                select i.*, (select s.status_code from sim_invoice_step s where s.invoice_id = i.id
                             and s.emitted_at is not null order by s.seq desc limit 1) as last_code
                from sim_invoice i where i.number = ? order by i.id""", SimulatorStore::invoice, number);
    }

    /**
     * Appends steps after the invoice's last one and sets it running again, the first new step due at {@code due}:
     * what a supplier action does to an invoice that waited for it. Planned steps not yet emitted are dropped.
     */
    void resume(long invoiceId, List<Scenario.Step> steps, Instant due) {
        jdbc.update("delete from sim_invoice_step where invoice_id = ? and emitted_at is null", invoiceId);
        int seq = jdbc.queryForObject("select coalesce(max(seq), 0) from sim_invoice_step where invoice_id = ?",
                Integer.class, invoiceId);
        int first = seq + 1;
        for (Scenario.Step step : steps) {
            jdbc.update("insert into sim_invoice_step (invoice_id, seq, status_code, comment, waits_for_supplier) "
                    + "values (?, ?, ?, ?, ?)", invoiceId, ++seq, step.status().code(), step.comment(),
                    step.waitsForSupplier());
        }
        jdbc.update("update sim_invoice set state = ?, next_seq = ?, next_due_at = ? where id = ?",
                InvoiceState.RUNNING.name(), first, Timestamp.from(due), invoiceId);
    }

    /**
     * Records a status an operator pushed as emitted, before the steps still planned: a waiting status stops the
     * invoice for its supplier, a final one (rejection, Mise en paiement) ends it, any other lets the rest of the
     * plan follow from {@code nextDue}.
     */
    void recordPushed(long invoiceId, InvoiceStatus status, String comment, String returnFile, Instant at,
            Instant nextDue) {
        List<Scenario.Step> rest = jdbc.query("""
                select status_code, comment, waits_for_supplier from sim_invoice_step
                where invoice_id = ? and emitted_at is null order by seq""",
                (rs, i) -> new Scenario.Step(InvoiceStatus.ofCode(rs.getString(1)), rs.getString(2), rs.getBoolean(3)),
                invoiceId);
        jdbc.update("delete from sim_invoice_step where invoice_id = ? and emitted_at is null", invoiceId);
        jdbc.update("""
                insert into sim_invoice_step (invoice_id, seq, status_code, comment, waits_for_supplier, emitted_at,
                    return_file)
                values (?, (select coalesce(max(seq), 0) + 1 from sim_invoice_step where invoice_id = ?), ?, ?, ?, ?, ?)""",
                invoiceId, invoiceId, status.code(), comment, false, Timestamp.from(at), returnFile);
        boolean waits = status == InvoiceStatus.SUSPENDUE || status == InvoiceStatus.A_RECYCLER;
        boolean ends = status == InvoiceStatus.REJETEE || status == InvoiceStatus.REJETEE_ACHEMINEMENT
                || status == InvoiceStatus.MISE_EN_PAIEMENT;
        if (waits || ends || rest.isEmpty()) {
            jdbc.update("update sim_invoice set state = ?, next_seq = null, next_due_at = null where id = ?",
                    (waits ? InvoiceState.WAITING_SUPPLIER : InvoiceState.FINISHED).name(), invoiceId);
        } else {
            resume(invoiceId, rest, nextDue);
        }
    }

    /** New routing data of a recycled invoice (its number stays). */
    void reroute(long invoiceId, String buyerSiret, String serviceCode, String engagementNumber) {
        jdbc.update("update sim_invoice set buyer_siret = ?, service_code = ?, engagement_number = ? where id = ?",
                buyerSiret, serviceCode, engagementNumber, invoiceId);
    }

    /** Records a supplier action received in the drop box, once per file name. */
    boolean recordAction(String fileName, String action, Long invoiceId, String outcome, String detail,
            Instant receivedAt) {
        return jdbc.update("""
                insert into sim_supplier_action (file_name, action, invoice_id, outcome, detail, received_at)
                values (?, ?, ?, ?, ?, ?) on conflict (file_name) do nothing""", fileName, action, invoiceId,
                outcome, detail, Timestamp.from(receivedAt)) == 1;
    }

    private static StoredInvoice invoice(ResultSet rs, int row) throws SQLException {
        String last = rs.getString("last_code");
        return new StoredInvoice(rs.getLong("id"), rs.getString("supplier_siret"), rs.getString("supplier_name"),
                rs.getString("number"), rs.getString("buyer_siret"), rs.getString("service_code"),
                localDate(rs, "issue_date"), InvoiceState.valueOf(rs.getString("state")),
                last == null ? null : InvoiceStatus.ofCode(last));
    }

    private static StoredFlow flow(ResultSet rs, int row) throws SQLException {
        return new StoredFlow(rs.getLong("id"), rs.getString("file_name"), rs.getString("numero_flux_depot"),
                rs.getString("interface_code"), IntegrationStatus.ofCode(rs.getString("status_code")),
                rs.getTimestamp("received_at").toInstant(), rs.getString("report_file"), rs.getString("content_sha256"));
    }

    private static LocalDate localDate(ResultSet rs, String column) throws SQLException {
        // read as a LocalDate: java.sql.Date would go through the JVM's time zone
        return rs.getObject(column, LocalDate.class);
    }
}
