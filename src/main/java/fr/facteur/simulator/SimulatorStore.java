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
            Instant receivedAt, String reportFile) {
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
            IntegrationStatus status, Instant receivedAt) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var insert = c.prepareStatement("insert into sim_flow (file_name, numero_flux_depot, interface_code, "
                    + "channel, status_code, received_at) values (?, ?, ?, ?, ?, ?)", new String[] {"id"});
            insert.setString(1, fileName);
            insert.setString(2, numeroFluxDepot);
            insert.setString(3, interfaceCode);
            insert.setString(4, channel);
            insert.setString(5, status.code());
            insert.setTimestamp(6, Timestamp.from(receivedAt));
            return insert;
        }, key);
        return new StoredFlow(key.getKey().longValue(), fileName, numeroFluxDepot, interfaceCode, status, receivedAt,
                null);
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

    private static StoredFlow flow(ResultSet rs, int row) throws SQLException {
        return new StoredFlow(rs.getLong("id"), rs.getString("file_name"), rs.getString("numero_flux_depot"),
                rs.getString("interface_code"), IntegrationStatus.ofCode(rs.getString("status_code")),
                rs.getTimestamp("received_at").toInstant(), rs.getString("report_file"));
    }

    private static LocalDate localDate(ResultSet rs, String column) throws SQLException {
        // read as a LocalDate: java.sql.Date would go through the JVM's time zone
        return rs.getObject(column, LocalDate.class);
    }
}
