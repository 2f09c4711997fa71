package fr.facteur.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Recipients and service codes the tenants sent invoices to that the directory does not hold: found per tenant, the
 * known ones (and the pseudo-service) not reported, nothing reported before the first import.
 */
class DirectoryCoverageTest {

    static final DirectoryFixtures db = DirectoryFixtures.newDatabase("dir_coverage");
    static final DirectoryCoverage coverage = new DirectoryCoverage(db.jdbc, db.repository);

    private static void invoice(String tenant, String number, String buyerSiret, String serviceCode) {
        long document = db.jdbc.queryForObject("""
                insert into document (tenant_id, sha256, file_name, channel, size_bytes, archive_path, state)
                values (?, md5(?) || md5(?), ?, 'SFTP', 1, 'archive/x', 'ACCEPTED') returning id""", Long.class,
                tenant, tenant + number, number, number + ".xml");
        db.jdbc.update("""
                insert into invoice (tenant_id, document_id, number, syntax, buyer_siret, service_code, status)
                values (?, ?, ?, 'UBL_INVOICE', ?, ?, 'DEPOSEE')""", tenant, document, number, buyerSiret, serviceCode);
    }

    @Test
    void namesEachTenantsUnknownRecipientsAndServicesOnceADirectoryIsImported() {
        invoice("acme", "A-1", "12345678900000", null); // not in the directory
        invoice("acme", "A-2", "12345678900000", "X"); // same recipient, counted together
        invoice("acme", "A-3", "11000201100044", "SERVICE-COMPTA"); // known recipient and service
        invoice("acme", "A-4", "11000201100044", "FACTURES_PUBLIQUES"); // the pseudo-service: no service
        invoice("acme", "A-5", "11000201100044", null);
        invoice("globex", "G-1", "11000201100044", "SERVICE-DISPARU"); // known recipient, unknown service
        invoice("globex", "G-2", "19999999900014", null); // inactive recipient
        assertThat(coverage.unknownEntries()).as("no directory imported yet: nothing to compare with").isEmpty();

        db.importer.importFile("far0037-demo.csv", DirectoryFixtures.demoFile(), "api");

        assertThat(coverage.unknownEntries()).extracting(e -> e.tenantId() + " " + e.problem() + " " + e.siret() + " "
                + e.serviceCode() + " x" + e.invoices()).containsExactly(
                        "acme recipient-unknown 12345678900000 null x2",
                        "globex recipient-inactive 19999999900014 null x1",
                        "globex service-unknown 11000201100044 SERVICE-DISPARU x1");
        assertThat(coverage.unknownEntries()).allSatisfy(e -> assertThat(e.lastSeen()).isNotNull());
    }
}
