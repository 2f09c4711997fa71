package fr.facteur.returns;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import fr.facteur.archive.Archive;
import fr.facteur.platform.FacteurProperties;
import fr.facteur.testsupport.TestDatabase;

/**
 * A fresh tracking database on the real embedded PostgreSQL with the real migrations, and the rows the returns
 * need to correlate to: document → flow → invoice, inserted with plain SQL as the intake would leave them.
 */
public final class TrackingFixtures {

    public final DataSource dataSource;
    public final JdbcTemplate jdbc;

    private TrackingFixtures(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public static TrackingFixtures newDatabase(String name) {
        DriverManagerDataSource ds = new DriverManagerDataSource(TestDatabase.newDatabase(name), TestDatabase.user(), "");
        Flyway.configure().dataSource(ds).load().migrate();
        return new TrackingFixtures(ds);
    }

    public TransactionTemplate transactions() {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public static Archive archive(Path dataDir) {
        return new Archive(new FacteurProperties(null, dataDir, null, null, null, null));
    }

    /** Empties every tracking table, so each test starts from nothing. */
    public void clear() {
        jdbc.execute("truncate delivery, unmatched_return_line, status_event, return_file, invoice, flow, receipt, "
                + "document restart identity cascade");
    }

    /** An invoice of ours, in its own transmitted flow. */
    public record Seeded(long documentId, long flowId, long invoiceId, String flowName) {
    }

    public Seeded transmittedInvoice(String tenantId, String sellerSiret, String buyerSiret, String number) {
        long documentId = jdbc.queryForObject("""
                insert into document (tenant_id, sha256, file_name, channel, size_bytes, archive_path, state, syntax)
                values (?, ?, ?, 'SFTP', 100, 'archive/x', 'ACCEPTED', 'UBL_INVOICE') returning id""", Long.class,
                tenantId, randomSha256(), number + ".xml");
        String flowRef = String.format("%012d", documentId);
        String flowName = "FSO1100A_AAA999_" + flowRef;
        long flowId = jdbc.queryForObject("""
                insert into flow (document_id, tenant_id, flow_ref, name, interface_code, archive_path, signature_path,
                    state, transmitted_at)
                values (?, ?, ?, ?, 'FSO1100A', 'archive/f', 'archive/s', 'TRANSMITTED', now()) returning id""",
                Long.class, documentId, tenantId, flowRef, flowName);
        long invoiceId = jdbc.queryForObject("""
                insert into invoice (tenant_id, document_id, flow_id, number, type_code, syntax, seller_siret,
                    buyer_siret, status)
                values (?, ?, ?, ?, '380', 'UBL', ?, ?, 'TRANSMITTED') returning id""", Long.class,
                tenantId, documentId, flowId, number, sellerSiret, buyerSiret);
        return new Seeded(documentId, flowId, invoiceId, flowName);
    }

    /** Several invoices of ours in one transmitted flow (a batch deposited as one Chorus Pro flow). */
    public List<Seeded> transmittedBatch(String tenantId, String sellerSiret, String buyerSiret, String... numbers) {
        Seeded first = transmittedInvoice(tenantId, sellerSiret, buyerSiret, numbers[0]);
        List<Seeded> all = new java.util.ArrayList<>(List.of(first));
        for (String number : java.util.Arrays.asList(numbers).subList(1, numbers.length)) {
            long invoiceId = jdbc.queryForObject("""
                    insert into invoice (tenant_id, document_id, flow_id, number, type_code, syntax, seller_siret,
                        buyer_siret, status)
                    values (?, ?, ?, ?, '380', 'UBL', ?, ?, 'TRANSMITTED') returning id""", Long.class,
                    tenantId, first.documentId(), first.flowId(), number, sellerSiret, buyerSiret);
            all.add(new Seeded(first.documentId(), first.flowId(), invoiceId, first.flowName()));
        }
        return all;
    }

    public String invoiceStatus(long invoiceId) {
        return jdbc.queryForObject("select status from invoice where id = ?", String.class, invoiceId);
    }

    private static String randomSha256() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
