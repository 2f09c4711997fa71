package fr.facteur.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Read side of the tracking store for the API: invoice search, invoice page, flows, documents. */
@Repository
public class InvoiceQueries {

    private final JdbcTemplate jdbc;

    public InvoiceQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record InvoiceSummary(long id, String tenantId, String number, String typeCode, String syntax,
            String sellerSiret, String buyerSiret, String serviceCode, String engagementNumber, String currency,
            java.math.BigDecimal totalWithVat, String status, OffsetDateTime statusAt, OffsetDateTime createdAt,
            Long flowId, long documentId) {
    }

    public record StatusEntry(String level, String code, String status, String detail, OffsetDateTime occurredAt,
            OffsetDateTime recordedAt, Long returnFileId) {
    }

    public record DeliveryEntry(String kind, String channel, String fileName, OffsetDateTime deliveredAt) {
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    /** Filters are optional (null = no filter); dates are invoice reception dates, {@code to} inclusive. */
    public Page<InvoiceSummary> search(String tenant, String status, String number, LocalDate from, LocalDate to,
            int page, int size) {
        return search(null, tenant, status, number, from, to, page, size);
    }

    /**
     * @param scope the only tenants whose invoices may be returned (a viewer limited to some tenants); null = all
     */
    public Page<InvoiceSummary> search(Collection<String> scope, String tenant, String status, String number,
            LocalDate from, LocalDate to, int page, int size) {
        StringBuilder where = new StringBuilder(" where 1=1");
        List<Object> args = new ArrayList<>();
        if (scope != null) {
            // an empty scope matches nothing: "tenant_id = any('{}')" is false for every row
            where.append(" and tenant_id = any(?)");
            args.add(scope.toArray(String[]::new));
        }
        if (tenant != null) {
            where.append(" and tenant_id = ?");
            args.add(tenant);
        }
        if (status != null) {
            where.append(" and status = ?");
            args.add(status);
        }
        if (number != null) {
            where.append(" and number = ?");
            args.add(number);
        }
        if (from != null) {
            where.append(" and created_at >= ?");
            args.add(from.atStartOfDay().atOffset(ZoneOffset.UTC));
        }
        if (to != null) {
            where.append(" and created_at < ?");
            args.add(to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
        }
        long total = jdbc.queryForObject("select count(*) from invoice" + where, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(size);
        pageArgs.add((long) page * size);
        List<InvoiceSummary> items = jdbc.query("select * from invoice" + where + " order by id desc limit ? offset ?",
                InvoiceQueries::summary, pageArgs.toArray());
        return new Page<>(items, page, size, total);
    }

    public Optional<InvoiceSummary> invoice(long id) {
        return jdbc.query("select * from invoice where id = ?", InvoiceQueries::summary, id).stream().findFirst();
    }

    /** The invoice's history: flow-level reports of its flow, then its own statuses, in the order they happened. */
    public List<StatusEntry> history(long invoiceId) {
        return jdbc.query("""
                select e.* from status_event e
                where e.invoice_id = ?
                   or (e.invoice_id is null and e.flow_id = (select flow_id from invoice where id = ?))
                order by e.occurred_at, e.id""", (rs, i) -> new StatusEntry(rs.getString("level"),
                rs.getString("code"), rs.getString("status"), rs.getString("detail"),
                rs.getObject("occurred_at", OffsetDateTime.class), rs.getObject("recorded_at", OffsetDateTime.class),
                (Long) rs.getObject("return_file_id")), invoiceId, invoiceId);
    }

    public List<DeliveryEntry> deliveries(long documentId, Long flowId) {
        return jdbc.query("""
                select d.* from delivery d where d.document_id = ?
                union all
                select d.* from delivery d where d.return_file_id in (
                    select e.return_file_id from status_event e where e.flow_id = ? or e.invoice_id in
                        (select id from invoice where document_id = ?))
                  and d.tenant_id = (select tenant_id from document where id = ?)
                order by delivered_at""", (rs, i) -> new DeliveryEntry(rs.getString("kind"), rs.getString("channel"),
                rs.getString("file_name"), rs.getObject("delivered_at", OffsetDateTime.class)),
                documentId, flowId, documentId, documentId);
    }

    /** Return files that carried a status of this invoice or of its flow: id → name. */
    public List<Map<String, Object>> returnFiles(long invoiceId) {
        return jdbc.queryForList("""
                select distinct r.id, r.name, r.received_at from return_file r join status_event e on e.return_file_id = r.id
                where e.invoice_id = ? or (e.invoice_id is null and e.flow_id = (select flow_id from invoice where id = ?))
                order by r.received_at""", invoiceId, invoiceId);
    }

    public Optional<String> returnFileArchivePath(long returnFileId) {
        return jdbc.queryForList("select archive_path from return_file where id = ?", String.class, returnFileId)
                .stream().findFirst();
    }

    private static InvoiceSummary summary(ResultSet rs, int row) throws SQLException {
        return new InvoiceSummary(rs.getLong("id"), rs.getString("tenant_id"), rs.getString("number"),
                rs.getString("type_code"), rs.getString("syntax"), rs.getString("seller_siret"),
                rs.getString("buyer_siret"), rs.getString("service_code"), rs.getString("engagement_number"),
                rs.getString("currency"), rs.getBigDecimal("total_with_vat"), rs.getString("status"),
                rs.getObject("status_at", OffsetDateTime.class), rs.getObject("created_at", OffsetDateTime.class),
                (Long) rs.getObject("flow_id"), rs.getLong("document_id"));
    }
}
