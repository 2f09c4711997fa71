package fr.facteur.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The delivery table: every file handed to a supplier (answer or relayed return), once per delivery key, so a
 * message the broker delivers again is never delivered twice.
 */
@Repository
public class DeliveryRepository {

    private final JdbcTemplate jdbc;

    public DeliveryRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A delivery as tracked.
     *
     * @param channel     SFTP, or NONE when the tenant receives nothing (recorded so the API shows it)
     * @param fileName    the name given to the supplier, "-" when nothing was left to deliver
     * @param archivePath the content handed over, null when there was none
     */
    public record DeliveryRecord(long id, String deliveryKey, String tenantId, String kind, String channel,
            String fileName, String archivePath, Long documentId, Long returnFileId, OffsetDateTime deliveredAt) {
    }

    public boolean exists(String deliveryKey) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from delivery where delivery_key = ?)",
                Boolean.class, deliveryKey));
    }

    /** Records a delivery; returns false when one with this key was already recorded (nothing changes then). */
    public boolean record(String deliveryKey, String tenantId, String kind, String channel, String fileName,
            String archivePath, Long documentId, Long returnFileId) {
        return record(deliveryKey, tenantId, kind, channel, fileName, archivePath, documentId, returnFileId, null);
    }

    /**
     * Records a delivery whose file is still under a temporary name on the supplier's server ({@code stagedName},
     * null when it is already visible); {@link #published} clears it once the file has its own name.
     */
    public boolean record(String deliveryKey, String tenantId, String kind, String channel, String fileName,
            String archivePath, Long documentId, Long returnFileId, String stagedName) {
        return jdbc.update("""
                insert into delivery (delivery_key, tenant_id, kind, channel, file_name, archive_path, document_id,
                    return_file_id, staged_name)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (delivery_key) do nothing""",
                deliveryKey, tenantId, kind, channel, fileName, archivePath, documentId, returnFileId,
                stagedName) == 1;
    }

    /** A recorded delivery whose file still waits under its temporary name. */
    public record ToPublish(long id, String deliveryKey, String fileName, String stagedName) {
    }

    /** A tenant's deliveries still to publish, oldest first. */
    public List<ToPublish> toPublish(String tenantId) {
        return jdbc.query("select id, delivery_key, file_name, staged_name from delivery where tenant_id = ? "
                + "and staged_name is not null order by id", (rs, row) -> new ToPublish(rs.getLong("id"),
                        rs.getString("delivery_key"), rs.getString("file_name"), rs.getString("staged_name")), tenantId);
    }

    /** The delivery's file has its own name now. */
    public void published(long id) {
        jdbc.update("update delivery set staged_name = null where id = ?", id);
    }

    public Optional<DeliveryRecord> find(String deliveryKey) {
        return jdbc.query("select * from delivery where delivery_key = ?", DeliveryRepository::map, deliveryKey)
                .stream().findFirst();
    }

    /** The tenant a document (a file a supplier sent) belongs to: its answer goes to that tenant only. */
    public Optional<String> documentTenant(long documentId) {
        return jdbc.queryForList("select tenant_id from document where id = ?", String.class, documentId).stream()
                .findFirst();
    }

    /** A tenant's deliveries, most recent first. */
    public List<DeliveryRecord> ofTenant(String tenantId, int limit) {
        return jdbc.query("select * from delivery where tenant_id = ? order by delivered_at desc, id desc limit ?",
                DeliveryRepository::map, tenantId, limit);
    }

    private static DeliveryRecord map(ResultSet rs, int row) throws SQLException {
        return new DeliveryRecord(rs.getLong("id"), rs.getString("delivery_key"), rs.getString("tenant_id"),
                rs.getString("kind"), rs.getString("channel"), rs.getString("file_name"),
                rs.getString("archive_path"), (Long) rs.getObject("document_id"), (Long) rs.getObject("return_file_id"),
                rs.getObject("delivered_at", OffsetDateTime.class));
    }
}
