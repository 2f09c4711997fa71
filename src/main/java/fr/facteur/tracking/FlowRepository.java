package fr.facteur.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The flow table. */
@Repository
public class FlowRepository {

    private final JdbcTemplate jdbc;

    public FlowRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a packaged flow; a second call for the same document keeps the first (idempotent). */
    public FlowRecord recordPackaged(long documentId, String tenantId, String flowRef, String name, String interfaceCode,
            String archivePath, String signaturePath) {
        jdbc.update("""
                insert into flow (document_id, tenant_id, flow_ref, name, interface_code, archive_path, signature_path, state)
                values (?, ?, ?, ?, ?, ?, ?, 'PACKAGED')
                on conflict (document_id) do nothing""",
                documentId, tenantId, flowRef, name, interfaceCode, archivePath, signaturePath);
        return findByDocument(documentId).orElseThrow();
    }

    public Optional<FlowRecord> findByDocument(long documentId) {
        return jdbc.query("select * from flow where document_id = ?", FlowRepository::map, documentId).stream().findFirst();
    }

    public Optional<FlowRecord> find(long id) {
        return jdbc.query("select * from flow where id = ?", FlowRepository::map, id).stream().findFirst();
    }

    public Optional<FlowRecord> findByName(String name) {
        return jdbc.query("select * from flow where name = ?", FlowRepository::map, name).stream().findFirst();
    }

    public List<FlowRecord> findByTenant(String tenantId, int limit) {
        return jdbc.query("select * from flow where tenant_id = ? order by id desc limit ?", FlowRepository::map,
                tenantId, limit);
    }

    /**
     * The clock's time, not now(): inside the intake's transaction now() would be the transaction's start, before
     * the invoice was packaged.
     */
    public void markQueued(long id) {
        jdbc.update("update flow set state = 'QUEUED', queued_at = coalesce(queued_at, clock_timestamp()) where id = ? and state = 'PACKAGED'", id);
    }

    /** Marks the flow transmitted; returns false when another delivery of the same message already did. */
    /**
     * Chorus Pro refused the flow for good (413, another 4xx) before taking it: state FAILED with the reason, never
     * retried. A flow already transmitted is left alone.
     */
    public boolean markFailed(long id, String reason) {
        return jdbc.update("update flow set state = 'FAILED', failure = ? where id = ? and transmitted_at is null",
                reason, id) == 1;
    }

    /** Flows queued for Chorus Pro and not yet deposited: the transmission backlog. */
    public long countWaitingForTransmission() {
        Long count = jdbc.queryForObject("select count(*) from flow where state = 'QUEUED' and transmitted_at is null",
                Long.class);
        return count == null ? 0 : count;
    }

    /** Whether the flow's files were uploaded under temporary names in Chorus Pro's drop box (SFTP channel). */
    public boolean isStaged(long id) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select staged_at is not null from flow where id = ?",
                Boolean.class, id));
    }

    /** Records that the flow's files wait under temporary names: from now on they are only renamed, never sent again. */
    public void markStaged(long id) {
        jdbc.update("update flow set staged_at = now() where id = ? and staged_at is null", id);
    }

    public boolean markTransmitted(long id) {
        return jdbc.update("update flow set state = 'TRANSMITTED', transmitted_at = now() where id = ? and transmitted_at is null", id) == 1;
    }

    static FlowRecord map(ResultSet rs, int row) throws SQLException {
        return new FlowRecord(rs.getLong("id"), rs.getLong("document_id"), rs.getString("tenant_id"),
                rs.getString("flow_ref"), rs.getString("name"), rs.getString("interface_code"),
                rs.getString("archive_path"), rs.getString("signature_path"), rs.getString("state"),
                rs.getString("numero_flux_depot"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("queued_at", OffsetDateTime.class), rs.getObject("transmitted_at", OffsetDateTime.class),
                rs.getObject("report_at", OffsetDateTime.class));
    }
}
