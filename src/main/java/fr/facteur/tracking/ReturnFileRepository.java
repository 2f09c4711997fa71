package fr.facteur.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The return_file and unmatched_return_line tables: Chorus Pro return files as received, and the lines in them
 * that matched none of our invoices or flows (kept and reported, never dropped).
 */
@Repository
public class ReturnFileRepository {

    private final JdbcTemplate jdbc;

    public ReturnFileRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A return file as tracked. */
    public record ReturnFileRecord(long id, String name, String sha256, String kind, String archivePath,
            OffsetDateTime receivedAt, int lineCount, int unmatched) {
    }

    /** The outcome of registering a return file: the row, and whether these bytes were new. */
    public record Registration(ReturnFileRecord file, boolean firstTime) {
    }

    /** A return line that matched nothing, with the file it came from. */
    public record UnmatchedLine(long id, long returnFileId, String fileName, int lineNo, String supplierId,
            String invoiceNumber, String flowName, String code, String reason, OffsetDateTime recordedAt) {
    }

    /**
     * Records a return file once per SHA-256. The unique constraint decides, even with several gateway instances,
     * which registration is the first; a later one gets the existing row.
     */
    public Registration register(String name, String sha256, String kind, String archivePath) {
        Long createdId = jdbc.query("""
                insert into return_file (name, sha256, kind, archive_path) values (?, ?, ?, ?)
                on conflict (sha256) do nothing
                returning id""", rs -> rs.next() ? rs.getLong(1) : null, name, sha256, kind, archivePath);
        return new Registration(findBySha256(sha256).orElseThrow(), createdId != null);
    }

    public Optional<ReturnFileRecord> findBySha256(String sha256) {
        return jdbc.query("select * from return_file where sha256 = ?", ReturnFileRepository::map, sha256)
                .stream().findFirst();
    }

    public Optional<ReturnFileRecord> find(long id) {
        return jdbc.query("select * from return_file where id = ?", ReturnFileRepository::map, id).stream().findFirst();
    }

    /** Sets the number of lines and recounts the unmatched ones (so calling it again changes nothing). */
    public void updateCounts(long id, int lineCount) {
        jdbc.update("""
                update return_file set line_count = ?,
                    unmatched = (select count(*) from unmatched_return_line where return_file_id = ?)
                where id = ?""", lineCount, id, id);
    }

    /** Keeps a line that matched nothing; once per (file, line). */
    public void recordUnmatched(long returnFileId, int lineNo, String supplierId, String invoiceNumber,
            String flowName, String code, String reason) {
        jdbc.update("""
                insert into unmatched_return_line (return_file_id, line_no, supplier_id, invoice_number, flow_name,
                    code, reason)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (return_file_id, line_no) do nothing""",
                returnFileId, lineNo, truncate(supplierId, 40), truncate(invoiceNumber, 200), truncate(flowName, 120),
                truncate(code, 10), truncate(reason, 500));
    }

    /** The unmatched lines, most recent first. */
    public List<UnmatchedLine> unmatched(int limit) {
        return jdbc.query("""
                select u.*, r.name as file_name from unmatched_return_line u
                join return_file r on r.id = u.return_file_id
                order by u.recorded_at desc, u.id desc limit ?""", (rs, i) -> new UnmatchedLine(rs.getLong("id"),
                rs.getLong("return_file_id"), rs.getString("file_name"), rs.getInt("line_no"),
                rs.getString("supplier_id"), rs.getString("invoice_number"), rs.getString("flow_name"),
                rs.getString("code"), rs.getString("reason"), rs.getObject("recorded_at", OffsetDateTime.class)),
                limit);
    }

    private static ReturnFileRecord map(ResultSet rs, int row) throws SQLException {
        return new ReturnFileRecord(rs.getLong("id"), rs.getString("name"), rs.getString("sha256"),
                rs.getString("kind"), rs.getString("archive_path"), rs.getObject("received_at", OffsetDateTime.class),
                rs.getInt("line_count"), rs.getInt("unmatched"));
    }

    /** A return line is kept even when a field is longer than we planned for: cut it, never fail on it. */
    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
