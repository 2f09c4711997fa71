package fr.facteur.action;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The supplier_action tables (V8): every action received, accepted or refused, and its archived attachments. */
@Repository
class SupplierActionRepository {

    private final JdbcTemplate jdbc;

    SupplierActionRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    long insert(String tenantId, Long invoiceId, String invoiceNumber, SupplierAction.Kind kind, String source,
            String sourceName, String request, String outcome, String reason) {
        return jdbc.queryForObject("""
                insert into supplier_action (tenant_id, invoice_id, invoice_number, kind, source, source_name, request,
                    outcome, reason)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""", Long.class, tenantId, invoiceId, invoiceNumber,
                kind.name(), source, sourceName, request, outcome, reason);
    }

    long insertUnknown(String tenantId, String fileName, String reason) {
        return jdbc.queryForObject("""
                insert into supplier_action (tenant_id, kind, source, source_name, request, outcome, reason)
                values (?, 'UNKNOWN', 'FILE', ?, '{}', 'REJECTED', ?) returning id""", Long.class, tenantId, fileName,
                reason);
    }

    void addAttachment(long actionId, String name, String sha256, long size, String archivePath) {
        jdbc.update("insert into supplier_action_attachment (action_id, name, sha256, size, archive_path) "
                + "values (?, ?, ?, ?, ?)", actionId, name, sha256, size, archivePath);
    }

    void settle(long actionId, String outcome, String reason, String chorusProFile) {
        jdbc.update("update supplier_action set outcome = ?, reason = ?, chorus_pro_file = ? where id = ?", outcome,
                reason, chorusProFile, actionId);
    }

    /** Whether an action of this kind already went to Chorus Pro since the invoice got its current status. */
    boolean transmittedSince(long invoiceId, SupplierAction.Kind kind, OffsetDateTime since) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select exists (select 1 from supplier_action where invoice_id = ? and kind = ?
                    and outcome = 'TRANSMITTED' and created_at >= ?)""", Boolean.class, invoiceId, kind.name(),
                since));
    }

    /** The actions on an invoice, oldest first, for the API. */
    List<Map<String, Object>> ofInvoice(long invoiceId) {
        return jdbc.queryForList("""
                select id, kind, source, source_name as "sourceName", outcome, reason,
                    chorus_pro_file as "chorusProFile", created_at as "createdAt"
                from supplier_action where invoice_id = ? order by id""", invoiceId);
    }
}
