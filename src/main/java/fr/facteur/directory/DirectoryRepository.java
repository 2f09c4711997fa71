package fr.facteur.directory;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** The directory_structure, directory_service and directory_import tables. */
@Repository
public class DirectoryRepository {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public DirectoryRepository(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** One import attempt, as kept in the history. */
    public record ImportRecord(long id, String fileName, String sha256, String source, int structures, int services,
            boolean succeeded, String problems, OffsetDateTime importedAt) {
    }

    /**
     * Replaces the whole directory and records the import, in one transaction: readers see the old directory or the
     * new one, never a mix, and a failure leaves the old one in place.
     */
    public ImportRecord replaceAll(DirectoryFile.Parsed parsed, String fileName, String sha256, String source) {
        return transactions.execute(tx -> {
            // serialises concurrent imports (API and folder, several instances) without blocking the readers
            jdbc.execute("lock table directory_structure in share row exclusive mode");
            jdbc.update("delete from directory_service");
            jdbc.update("delete from directory_structure");
            jdbc.batchUpdate("""
                    insert into directory_structure (siret, name, service_required, engagement_required,
                        service_or_engagement, payment_status_managed, active) values (?, ?, ?, ?, ?, ?, ?)""",
                    parsed.structures(), 500, (ps, s) -> {
                        ps.setString(1, s.siret());
                        ps.setString(2, s.name());
                        ps.setBoolean(3, s.serviceRequired());
                        ps.setBoolean(4, s.engagementRequired());
                        ps.setBoolean(5, s.serviceOrEngagement());
                        ps.setBoolean(6, s.paymentStatusManaged());
                        ps.setBoolean(7, s.active());
                    });
            jdbc.batchUpdate("""
                    insert into directory_service (siret, code, name, engagement_required, active)
                    values (?, ?, ?, ?, ?)""", parsed.services(), 500, (ps, s) -> {
                        ps.setString(1, s.siret());
                        ps.setString(2, s.code());
                        ps.setString(3, s.name());
                        ps.setBoolean(4, s.engagementRequired());
                        ps.setBoolean(5, s.active());
                    });
            return record(fileName, sha256, source, parsed.structures().size(), parsed.services().size(), true, null);
        });
    }

    /** Keeps a refused file in the history; the directory itself is untouched. */
    public ImportRecord recordFailure(String fileName, String sha256, String source, String problems) {
        return record(fileName, sha256, source, 0, 0, false, problems);
    }

    private ImportRecord record(String fileName, String sha256, String source, int structures, int services,
            boolean succeeded, String problems) {
        long id = jdbc.queryForObject("""
                insert into directory_import (file_name, sha256, source, structures, services, succeeded, problems)
                values (?, ?, ?, ?, ?, ?, ?) returning id""", Long.class, fileName, sha256, source, structures,
                services, succeeded, problems);
        return jdbc.queryForObject("select * from directory_import where id = ?", DirectoryRepository::mapImport, id);
    }

    /** Whether an import ever succeeded: until then the directory rule is not applied. */
    public boolean hasDirectory() {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from directory_import where succeeded)", Boolean.class));
    }

    public Optional<DirectoryStructure> structure(String siret) {
        return jdbc.query("select * from directory_structure where siret = ?", (rs, n) -> new DirectoryStructure(
                rs.getString("siret"), rs.getString("name"), rs.getBoolean("service_required"),
                rs.getBoolean("engagement_required"), rs.getBoolean("service_or_engagement"),
                rs.getBoolean("payment_status_managed"), rs.getBoolean("active")), siret).stream().findFirst();
    }

    public List<DirectoryService> services(String siret) {
        return jdbc.query("select * from directory_service where siret = ? order by code",
                (rs, n) -> new DirectoryService(rs.getString("siret"), rs.getString("code"), rs.getString("name"),
                        rs.getBoolean("engagement_required"), rs.getBoolean("active")), siret);
    }

    /** The import history, most recent first. */
    public List<ImportRecord> imports(int limit) {
        return jdbc.query("select * from directory_import order by id desc limit ?", DirectoryRepository::mapImport,
                limit);
    }

    /** The SHA-256 of the last attempt at importing this file name, so the scanner never retries the same bytes. */
    public Optional<String> lastSha256(String fileName) {
        return jdbc.query("select sha256 from directory_import where file_name = ? order by id desc limit 1",
                (rs, n) -> rs.getString(1), fileName).stream().findFirst();
    }

    public int structureCount() {
        return jdbc.queryForObject("select count(*) from directory_structure", Integer.class);
    }

    private static ImportRecord mapImport(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new ImportRecord(rs.getLong("id"), rs.getString("file_name"), rs.getString("sha256"),
                rs.getString("source"), rs.getInt("structures"), rs.getInt("services"), rs.getBoolean("succeeded"),
                rs.getString("problems"), rs.getObject("imported_at", OffsetDateTime.class));
    }
}
