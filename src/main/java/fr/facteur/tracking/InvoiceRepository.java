package fr.facteur.tracking;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import fr.facteur.invoice.InvoiceFacts;

/** Writes of the invoice table (reads for the API are in {@link InvoiceQueries}). */
@Repository
public class InvoiceRepository {

    private final JdbcTemplate jdbc;

    public InvoiceRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the invoice a document carries; idempotent on (document, number). Returns its id. */
    public long recordInvoice(String tenantId, long documentId, InvoiceFacts facts) {
        jdbc.update("""
                insert into invoice (tenant_id, document_id, number, type_code, syntax, issue_date, seller_siret,
                    buyer_siret, service_code, engagement_number, currency, total_without_vat, total_vat,
                    total_with_vat, amount_due, status)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'RECEIVED')
                on conflict (document_id, number) do nothing""",
                tenantId, documentId, facts.number(), facts.typeCode(), facts.syntax().name(), facts.issueDate(),
                facts.sellerSiret(), facts.buyerSiret(), facts.serviceCode(), facts.engagementNumber(),
                facts.currency(), facts.totalWithoutVat(), facts.totalVat(), facts.totalWithVat(), facts.amountDue());
        return jdbc.queryForObject("select id from invoice where document_id = ? and number = ?", Long.class,
                documentId, facts.number());
    }

    /** New routing data after a recycling (the number stays): Chorus Pro's next statuses name the new debtor. */
    public void reroute(long invoiceId, String buyerSiret, String serviceCode, String engagementNumber) {
        jdbc.update("update invoice set buyer_siret = ?, service_code = ?, engagement_number = ? where id = ?",
                buyerSiret, serviceCode, engagementNumber, invoiceId);
    }

    public void attachFlow(long invoiceId, long flowId) {
        jdbc.update("update invoice set flow_id = ? where id = ?", flowId, invoiceId);
    }

    /**
     * Moves the gateway-side status forward (RECEIVED → QUEUED → TRANSMITTED) without ever overwriting a status
     * that Chorus Pro already sent back.
     */
    public void advanceGatewayStatus(long flowId, String from, String to) {
        jdbc.update("update invoice set status = ?, status_at = now() where flow_id = ? and status = ?", to, flowId, from);
    }
}
