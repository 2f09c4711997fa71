package fr.facteur.tracking;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The status_event table (every status learnt from Chorus Pro, flow or invoice level), the look-ups that correlate
 * a return line to our flow or invoice, and the effect of a status on them (flow state, invoice status).
 *
 * <p>Recording is idempotent on {@code event_key}: the same status received twice, in one file or in two, is one
 * event. Invoice and flow rows are otherwise written by their owners; this class only moves what Chorus Pro tells:
 * flow.numero_flux_depot / state / report_at and invoice.status / status_at.
 */
@Repository
public class StatusEventRepository {

    /** Statuses the gateway itself gives an invoice before Chorus Pro knows it. */
    private static final List<String> GATEWAY_STATUSES = List.of("RECEIVED", "QUEUED", "TRANSMITTED");

    private final JdbcTemplate jdbc;

    public StatusEventRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One of our invoices a return line may be about. */
    public record InvoiceMatch(long id, String tenantId, String buyerSiret, Long flowId) {
    }

    /** One of our flows an integration report is about, with its invoices. */
    public record FlowMatch(long id, String tenantId, String name, List<Long> invoiceIds) {
    }

    /** An event to record. */
    public record NewEvent(String eventKey, String tenantId, Long invoiceId, Long flowId, long returnFileId,
            int lineNo, String level, String code, String status, String label, String detail,
            OffsetDateTime occurredAt) {
    }

    /** An invoice-level status of an invoice, to find its latest. */
    public record InvoiceStatusEntry(String code, String status, OffsetDateTime occurredAt) {
    }

    /**
     * An event with what the relay needs to present it to its supplier.
     *
     * @param lineNo             position of the unit in its return file
     * @param flowInvoiceNumbers for a flow-level event: the numbers of the flow's invoices
     */
    public record RelayableEvent(long id, String tenantId, String level, String code, String status, String label,
            String detail, OffsetDateTime occurredAt, Integer lineNo, Long invoiceId, String invoiceNumber,
            String sellerSiret, Long flowId, String flowName, String numeroFluxDepot,
            List<String> flowInvoiceNumbers, String buyerSiret) {
    }

    // --- correlation -------------------------------------------------------------------------------------------

    /** Our invoices with this seller SIRET and number, most recent first (a number sent again after a rejection). */
    public List<InvoiceMatch> invoicesOf(String sellerSiret, String number) {
        return jdbc.query("""
                select id, tenant_id, buyer_siret, flow_id from invoice where seller_siret = ? and number = ?
                order by created_at desc, id desc""", (rs, i) -> new InvoiceMatch(rs.getLong("id"),
                rs.getString("tenant_id"), rs.getString("buyer_siret"), (Long) rs.getObject("flow_id")),
                sellerSiret, number);
    }

    /** The flow with this file name (IdFlux of an integration report). */
    public Optional<FlowMatch> flowNamed(String name) {
        return jdbc.query("select id, tenant_id, name from flow where name = ?", (rs, i) -> new FlowMatch(
                rs.getLong("id"), rs.getString("tenant_id"), rs.getString("name"), List.of()), name).stream()
                .findFirst()
                .map(f -> new FlowMatch(f.id(), f.tenantId(), f.name(), jdbc.queryForList(
                        "select id from invoice where flow_id = ? and tenant_id = ? order by id", Long.class,
                        f.id(), f.tenantId())));
    }

    /** The numbers of a flow's invoices, by invoice id (a report's error lines name invoices by number). */
    public Map<Long, String> invoiceNumbersOfFlow(long flowId) {
        Map<Long, String> numbers = new LinkedHashMap<>();
        jdbc.query("select id, number from invoice where flow_id = ? order by id",
                rs -> {
                    numbers.put(rs.getLong("id"), rs.getString("number"));
                }, flowId);
        return numbers;
    }

    // --- recording ---------------------------------------------------------------------------------------------

    /** Records an event once per key; returns its id when this call recorded it, empty when it was known. */
    public Optional<Long> record(NewEvent e) {
        return Optional.ofNullable(jdbc.query("""
                insert into status_event (event_key, tenant_id, invoice_id, flow_id, return_file_id, line_no, level,
                    code, status, label, detail, occurred_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (event_key) do nothing
                returning id""", rs -> rs.next() ? rs.getLong(1) : null,
                e.eventKey(), e.tenantId(), e.invoiceId(), e.flowId(), e.returnFileId(), e.lineNo(), e.level(),
                e.code(), e.status(), e.label(), e.detail(), e.occurredAt()));
    }

    /** The ids of the events a return file recorded, per tenant, in recording order. */
    public Map<String, List<Long>> eventIdsByTenant(long returnFileId) {
        Map<String, List<Long>> byTenant = new LinkedHashMap<>();
        jdbc.query("select id, tenant_id from status_event where return_file_id = ? order by id", rs -> {
            byTenant.computeIfAbsent(rs.getString("tenant_id"), t -> new ArrayList<>()).add(rs.getLong("id"));
        }, returnFileId);
        return byTenant;
    }

    /** The invoice-level statuses an invoice received, in any order. */
    public List<InvoiceStatusEntry> invoiceStatuses(long invoiceId) {
        return jdbc.query("select code, status, occurred_at from status_event where invoice_id = ? and level = 'INVOICE'",
                (rs, i) -> new InvoiceStatusEntry(rs.getString("code"), rs.getString("status"),
                        rs.getObject("occurred_at", OffsetDateTime.class)), invoiceId);
    }

    // --- effects -----------------------------------------------------------------------------------------------

    /**
     * Applies an integration report to its flow: the deposit number when given, and the state (when the code
     * settles one) unless a later report already did.
     *
     * @param state null for a report that settles no state (intermediate codes)
     */
    public void applyFlowReport(long flowId, String numeroFluxDepot, String state, OffsetDateTime reportAt) {
        jdbc.update("""
                update flow set numero_flux_depot = coalesce(?, numero_flux_depot),
                    state = coalesce(?, state),
                    report_at = ?
                where id = ? and (report_at is null or report_at <= ?)""",
                numeroFluxDepot, state, reportAt, flowId, reportAt);
    }

    /**
     * Gives the invoices of a rejected flow a status, unless Chorus Pro already gave them one of its own: only
     * invoices still at a gateway status (RECEIVED, QUEUED, TRANSMITTED) move.
     */
    public void settleInvoicesOfRejectedFlow(long flowId, String status, OffsetDateTime at) {
        jdbc.update("update invoice set status = ?, status_at = ? where flow_id = ? and status in (?, ?, ?)",
                status, at, flowId, GATEWAY_STATUSES.get(0), GATEWAY_STATUSES.get(1), GATEWAY_STATUSES.get(2));
    }

    /** Sets an invoice's current status (the caller decided it is the latest in its lifecycle). */
    public void setInvoiceStatus(long invoiceId, String status, OffsetDateTime at) {
        jdbc.update("""
                update invoice set status = ?, status_at = ?
                where id = ? and (status <> ? or status_at <> ?)""", status, at, invoiceId, status, at);
    }

    // --- relay -------------------------------------------------------------------------------------------------

    /**
     * The events of one return file for one tenant, among the given ids, with their invoice or flow. The tenant is
     * checked on the event and again on the invoice and flow it points to: an event is never handed to a tenant
     * that does not own what it is about.
     */
    public List<RelayableEvent> eventsToRelay(String tenantId, long returnFileId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("""
                select e.*, i.number as invoice_number, i.seller_siret, i.buyer_siret, f.name as flow_name, f.numero_flux_depot,
                    case when e.level = 'FLOW' then array(select n.number from invoice n
                        where n.flow_id = e.flow_id and n.tenant_id = e.tenant_id order by n.number) end
                        as flow_invoice_numbers
                from status_event e
                left join invoice i on i.id = e.invoice_id
                left join flow f on f.id = e.flow_id
                where e.tenant_id = ? and e.return_file_id = ? and e.id = any (?)
                  and (e.invoice_id is null or i.tenant_id = e.tenant_id)
                  and (e.flow_id is null or f.tenant_id = e.tenant_id)
                order by e.line_no, e.id""", (rs, i) -> relayable(rs),
                tenantId, returnFileId, ids.toArray(Long[]::new));
    }

    private static RelayableEvent relayable(ResultSet rs) throws SQLException {
        Array numbers = rs.getArray("flow_invoice_numbers");
        return new RelayableEvent(rs.getLong("id"), rs.getString("tenant_id"), rs.getString("level"),
                rs.getString("code"), rs.getString("status"), rs.getString("label"), rs.getString("detail"),
                rs.getObject("occurred_at", OffsetDateTime.class), (Integer) rs.getObject("line_no"),
                (Long) rs.getObject("invoice_id"), rs.getString("invoice_number"), rs.getString("seller_siret"),
                (Long) rs.getObject("flow_id"), rs.getString("flow_name"), rs.getString("numero_flux_depot"),
                numbers == null ? List.of() : Arrays.asList((String[]) numbers.getArray()),
                rs.getString("buyer_siret"));
    }
}
