package fr.facteur.as2.outbound;

import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/** The as2_outbound_message table (V6): one row per outbound AS2 message, its attempts and its MDN. */
public class As2OutboundRepository {

    /** An outbound message as recorded. */
    public record Row(long id, String reference, String messageId, String purpose, String tenantId,
            String partnerAs2Id, String fileName, String mic, String mdnMode, String partnerCertificates,
            String status, int attempts, String lastError, String mdnDisposition, String mdnMic) {
    }

    private final JdbcTemplate jdbc;

    public As2OutboundRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Row> findByReference(String reference) {
        return jdbc.query(SELECT + " where reference = ?", (rs, i) -> row(rs), reference).stream().findFirst();
    }

    public Optional<Row> findByMessageId(String messageId) {
        return jdbc.query(SELECT + " where message_id = ?", (rs, i) -> row(rs), messageId).stream().findFirst();
    }

    /** Inserts the message unless its reference is already there (another instance, a redelivery); returns the row. */
    Row create(String reference, String messageId, String purpose, String tenantId, String localAs2Id,
            String partnerAs2Id, String url, String fileName, String mic, String mdnMode, String certificates) {
        jdbc.update("insert into as2_outbound_message (reference, message_id, purpose, tenant_id, local_as2_id, "
                + "partner_as2_id, url, file_name, mic, mdn_mode, partner_certificates, status) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'SENDING') on conflict (reference) do nothing",
                reference, messageId, purpose, tenantId, localAs2Id, partnerAs2Id, url, fileName, mic, mdnMode,
                certificates);
        return findByReference(reference).orElseThrow();
    }

    /** The MIC and certificates may differ from the first try (certificate rollover): keep them current. */
    void attempt(long id, String status, String mic, String certificates) {
        jdbc.update("update as2_outbound_message set attempts = attempts + 1, status = ?, mic = ?, "
                + "partner_certificates = ?, updated_at = now() where id = ? and status not in ('DELIVERED', 'FAILED')",
                status, mic, certificates, id);
    }

    void retrying(long id, String error) {
        jdbc.update("update as2_outbound_message set status = 'RETRYING', last_error = ?, updated_at = now() "
                + "where id = ? and status not in ('DELIVERED', 'FAILED')", error, id);
    }

    void failed(long id, String error, String disposition, String mdnMic) {
        jdbc.update("update as2_outbound_message set status = 'FAILED', last_error = ?, mdn_disposition = ?, mdn_mic = ?, "
                + "updated_at = now(), completed_at = now() where id = ?", error, disposition, mdnMic, id);
    }

    void delivered(long id, String disposition, String mdnMic) {
        jdbc.update("update as2_outbound_message set status = 'DELIVERED', last_error = null, mdn_disposition = ?, "
                + "mdn_mic = ?, updated_at = now(), completed_at = now() where id = ?", disposition, mdnMic, id);
    }

    /** Claims a pending async MDN: true for exactly one caller, whichever instance received it. */
    boolean claimAwaiting(long id) {
        return jdbc.update("update as2_outbound_message set status = 'MDN_RECEIVED', updated_at = now() "
                + "where id = ? and status = 'AWAITING_MDN'", id) == 1;
    }

    private static final String SELECT = "select id, reference, message_id, purpose, tenant_id, partner_as2_id, "
            + "file_name, mic, mdn_mode, partner_certificates, status, attempts, last_error, mdn_disposition, mdn_mic "
            + "from as2_outbound_message";

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getLong("id"), rs.getString("reference"), rs.getString("message_id"), rs.getString("purpose"),
                rs.getString("tenant_id"), rs.getString("partner_as2_id"), rs.getString("file_name"),
                rs.getString("mic"), rs.getString("mdn_mode"), rs.getString("partner_certificates"),
                rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error"),
                rs.getString("mdn_disposition"), rs.getString("mdn_mic"));
    }
}
