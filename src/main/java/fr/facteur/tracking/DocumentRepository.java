package fr.facteur.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The document and receipt tables. */
@Repository
public class DocumentRepository {

    private final JdbcTemplate jdbc;

    public DocumentRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The outcome of recording an arrival: the document, whether these bytes were new for this tenant, and whether
     * this arrival is a retry of a transmission already received (same transmission id: the sender, or our poller,
     * sent the same thing again because the gateway stopped before answering).
     */
    public record Arrival(DocumentRecord document, boolean firstTime, long receiptId, boolean retry) {
    }

    /**
     * Records an arrival of {@code sha256} for a tenant. The unique (tenant, sha256) constraint decides, even with
     * several gateway instances, which arrival is the first.
     */
    public Arrival recordArrival(String tenantId, String sha256, String fileName, String channel, long size,
            String archivePath) {
        return recordArrival(tenantId, sha256, fileName, channel, size, archivePath, OffsetDateTime.now(), null);
    }

    /**
     * As {@link #recordArrival(String, String, String, String, long, String)}, with the moment the channel handed the
     * file over (the intake records the arrival in the same transaction as the invoice and its flow, after reading
     * it, and the received time must still be when the file was taken: latency figures are taken → queued) and the
     * transmission it came by.
     *
     * @param transmissionId what identifies this transmission at its sender (AS2 Message-ID, SFTP claim key), or
     *                       null; an earlier receipt of the same document with the same id makes this one a retry
     */
    public Arrival recordArrival(String tenantId, String sha256, String fileName, String channel, long size,
            String archivePath, OffsetDateTime receivedAt, String transmissionId) {
        Long createdId = jdbc.query("""
                insert into document (tenant_id, sha256, file_name, channel, size_bytes, archive_path, state, received_at)
                values (?, ?, ?, ?, ?, ?, 'RECEIVED', ?)
                on conflict (tenant_id, sha256) do nothing
                returning id""", rs -> rs.next() ? rs.getLong(1) : null,
                tenantId, sha256, fileName, channel, size, archivePath, receivedAt);
        DocumentRecord document = findByHash(tenantId, sha256).orElseThrow();
        boolean retry = createdId == null && transmissionId != null && Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from receipt where document_id = ? and transmission_id = ?)", Boolean.class,
                document.id(), transmissionId));
        String outcome = createdId != null ? "NEW" : retry ? "RETRY" : document.isSettled() ? "DUPLICATE" : "RESUMED";
        Long receiptId = jdbc.queryForObject("""
                insert into receipt (document_id, tenant_id, file_name, channel, outcome, transmission_id)
                values (?, ?, ?, ?, ?, ?) returning id""", Long.class, document.id(), tenantId, fileName, channel,
                outcome, transmissionId);
        return new Arrival(document, createdId != null, receiptId, retry);
    }

    public Optional<DocumentRecord> findByHash(String tenantId, String sha256) {
        return jdbc.query("select * from document where tenant_id = ? and sha256 = ?", DocumentRepository::map,
                tenantId, sha256).stream().findFirst();
    }

    public Optional<DocumentRecord> find(long id) {
        return jdbc.query("select * from document where id = ?", DocumentRepository::map, id).stream().findFirst();
    }

    /** The latest documents, newest first, optionally of one tenant and/or in one state (at most {@code limit}). */
    public java.util.List<DocumentRecord> search(String tenantIdOrNull, String stateOrNull, int limit) {
        return jdbc.query("""
                select * from document
                where (cast(? as varchar) is null or tenant_id = ?) and (cast(? as varchar) is null or state = ?)
                order by id desc limit ?""", DocumentRepository::map, tenantIdOrNull, tenantIdOrNull, stateOrNull,
                stateOrNull, limit);
    }

    public void markAccepted(long id, String syntax) {
        jdbc.update("update document set state = 'ACCEPTED', syntax = ? where id = ?", syntax, id);
    }

    public void markRejected(long id, String syntax, String rejectionJson) {
        jdbc.update("update document set state = 'REJECTED', syntax = ?, rejection = ? where id = ?", syntax,
                rejectionJson, id);
    }

    static DocumentRecord map(ResultSet rs, int row) throws SQLException {
        return new DocumentRecord(rs.getLong("id"), rs.getString("tenant_id"), rs.getString("sha256"),
                rs.getString("file_name"), rs.getString("channel"), rs.getLong("size_bytes"),
                rs.getString("archive_path"), rs.getObject("received_at", OffsetDateTime.class), rs.getString("state"),
                rs.getString("syntax"), rs.getString("rejection"));
    }
}
